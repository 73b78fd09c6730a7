"""English for the matching pages (the UI text is Chinese)."""

TRANSLATIONS = {
    "为您推荐": "For you",
    "共 {n} 项": "{n} items",
    "平台根据贵企业的登记信息，主动推送符合条件的政策、场地、资金与服务，并说明理由。": (
        "The platform sends your firm the policies, spaces, funding and services it qualifies "
        "for, and says why."
    ),
    "新": "New",
    "新推送": "New",
    "已查看": "Seen",
    "已打开": "Opened",
    "已申报": "Applied",
    "已兑现": "Granted",
    "已忽略": "Dismissed",
    "查看详情": "Details",
    "不需要": "Not needed",
    "原因": "Reason",
    "补充说明（可选）": "Note (optional)",
    "确认忽略": "Dismiss",
    "推送于": "Pushed",
    "暂无推荐。平台会根据贵企业的信息，把适合的政策、场地、资金和服务主动推送到这里。": (
        "Nothing yet. The platform will send the policies, spaces, funding and services that "
        "fit your firm here."
    ),
    "差一点就符合": "Nearly there",
    "这些项目贵企业只差一两项条件；补齐条件或更新企业信息后即可申报。": (
        "Your firm misses one or two conditions of these; meet them or update your data to apply."
    ),
    "差一点": "Nearly",
    "符合条件": "Eligible",
    "面向全部企业": "Open to all",
    "暂不符合": "Not eligible yet",
    "关键词，错别字也能找到": "Keywords (typos are fine)",
    "匹配情况": "Fit",
    "全部": "All",
    "共 {n} 项，符合筛选 {m} 项": "{n} items, {m} shown",
    "最高": "up to",
    "面向全部企业，无特别条件": "Open to every firm",
    "没有找到符合条件的项目，换个关键词或放宽筛选试试。": (
        "Nothing found; try other words or fewer filters."
    ),
    "类别": "Kind",
    "提供方": "Provider",
    "最高额度": "Up to",
    "简介": "Summary",
    "为什么推荐给您": "Why it fits you",
    "还差什么": "What is missing",
    "“暂无数据”表示平台还没有贵企业这项信息，不代表不符合；可在企业信息中补充。": (
        "“No data yet” means the platform lacks this information about your firm, not that "
        "you fail it; you can add it under Our firm."
    ),
    "查看原文": "Full text",
    "今天截止": "Closes today",
    "即将截止：还剩 {n} 天": "Closing soon: {n} days left",
    "免申即享": "Paid without application",
    "免申即享：符合条件即由街道直接兑现，无需申报": (
        "Paid without application: the street pays eligible firms directly"
    ),
    "申报批次": "Batch",
    "申报截止": "Applications close",
    "订阅此搜索": "Follow this search",
    "有新的符合项目时，在每日摘要中告诉您": "new matches come in your daily digest",
    "已订阅": "Following",
    "取消": "Stop",
    "立即申报": "Apply now",
    "我有意向": "I'm interested",
    "申请对接": "Request contact",
    "预约咨询": "Book a consultation",
    "我要报名": "Sign up",
    "政策": "Policy",
    "资金产品": "Funding",
    "服务机构": "Service",
    "活动培训": "Activity",
    "场地": "Space",
    "层级": "Level",
    "兑现方式": "Payout",
    "产品类型": "Product type",
    "机构": "Institution",
    "服务类别": "Service type",
    "活动类型": "Activity type",
    "楼宇": "Building",
    "面积": "Area",
    "状态": "Status",
    "不符合我司实际情况": "Does not fit our situation",
    "已经申报或享受过": "Already applied or received",
    "暂时不需要": "Not needed now",
    "信息有误": "The information is wrong",
    "其他": "Other",
}
TRANSLATIONS.update(
    {
        "贵企业需要的办公面积（㎡）": "Office space your firm needs (m²)",
        "如 300": "e.g. 300",
        "按需求匹配": "Match my need",
        "按面积需求 ±30% 左右为您匹配空置和即将空出的房源；成长期企业优先。": (
            "Vacant and soon-vacant units of about your need (±30%); growing firms first."
        ),
    }
)

# Reasons and what is missing (criteria.describe): sentences with the firm's value and the
# requirement filled in, the field names, and the words of each operator.
TRANSLATIONS.update(
    {
        "{label} {value}，{asks}": "{label}: {value}; {asks}",
        "{label} {asks}": "{label}: {asks}",
        "要求 {need}": "required: {need}",
        "要求{need}": "required: {need}",
        "介于 {low} 至 {high}": "between {low} and {high}",
        "为 {day}": "on {day}",
        "不为 {day}": "not on {day}",
        "晚于 {day}": "after {day}",
        "不早于 {day}": "on or after {day}",
        "早于 {day}": "before {day}",
        "不晚于 {day}": "on or before {day}",
        "属于 {name}": "{name}",
        "属于 {names}之一": "one of {names}",
        "不属于 {names}": "not in {names}",
        "具备 {name}": "{name}",
        "同时具备 {names}": "all of {names}",
        "具备 {names}之一": "one of {names}",
        "不具备 {names}": "none of {names}",
        "为 {name}": "{name}",
        "不为 {name}": "not {name}",
        "为 {names}之一": "one of {names}",
        "不为 {names}": "none of {names}",
        "是": "yes",
        "否": "no",
        "无": "none",
        "{name}（{code}）": "{name} ({code})",
        "楼宇 {code}": "Building {code}",
        "与贵企业标签相符：{tags}": "Matches your firm's tags: {tags}",
        "所属行业": "Industry",
        "企业规模": "Size",
        "员工人数": "Headcount",
        "营业收入（近12个月）": "Revenue (last 12 months)",
        "纳税总额（近12个月）": "Tax paid (last 12 months)",
        "注册资本": "Registered capital",
        "成立日期": "Founded",
        "成立年限": "Years since founding",
        "企业资质": "Qualifications",
        "注册在本街道": "Registered in the street",
        "在本街道经营": "Operating in the street",
        "在本街道纳税": "Paying tax in the street",
        "所在楼宇": "Building",
        "企业标签": "Tags",
        "发展阶段": "Stage",
        "场地需求面积": "Space needed",
        "专利数": "Patents",
        "软件著作权数": "Software copyrights",
        "商标数": "Trademarks",
        "规模以上企业": "Above-scale firm",
        "重点企业等级": "Key firm grade",
        "研发费用占营业收入比例": "R&D spending as a share of revenue",
        "A 类重点企业": "Key firm, grade A",
        "B 类重点企业": "Key firm, grade B",
        "C 类重点企业": "Key firm, grade C",
        "等于": "equals",
        "不等于": "does not equal",
        "属于其一": "is one of",
        "不属于": "is none of",
        "大于": "more than",
        "不低于（≥）": "at least (≥)",
        "小于": "less than",
        "不高于（≤）": "at most (≤)",
        "介于": "between",
        "具备": "has",
        "具备其一": "has one of",
        "必须满足": "Required",
        "加分项": "Bonus",
    }
)

# Following items (关注) and the digest's frequency (the account page).
TRANSLATIONS.update(
    {
        "关注": "Follow",
        "已关注 · 取消关注": "Following · unfollow",
        "申报开始、临近截止或内容修订时会告诉您": (
            "You are told when applications open, when the deadline is near and when the text "
            "is amended"
        ),
        "申报开始": "Applications open",
        "已关注：申报开始、临近截止或内容修订时，会在站内消息和摘要中告诉您。": (
            "Following: you are told in your messages and your digest when applications open, "
            "when the deadline is near and when the text is amended."
        ),
        "已取消关注。": "No longer following.",
        "只能关注政策、资金产品和服务": (
            "Only policies, funding products and services can be followed"
        ),
        "消息摘要": "Digest",
        "摘要汇总为您推荐的新项目、即将截止的项目、您关注项目的动态和订阅搜索的新结果，"
        "在站内消息中送达，留有邮箱的同时发送邮件。": (
            "The digest gathers the new items recommended to you, items closing soon, news of the "
            "items you follow and new results of your saved searches; it comes as a message here "
            "and, when you have an e-mail address, by e-mail."
        ),
        "每周摘要在每{day}送达。": "The weekly digest comes every {day}.",
        "每日": "Daily",
        "每周": "Weekly",
        "不接收": "Off",
        "周一": "Monday",
        "周二": "Tuesday",
        "周三": "Wednesday",
        "周四": "Thursday",
        "周五": "Friday",
        "周六": "Saturday",
        "周日": "Sunday",
        "摘要频率应为 每日、每周 或 不接收": "The digest frequency is daily, weekly or off",
        "摘要频率已改为：{frequency}。": "Digest frequency: {frequency}.",
    }
)
