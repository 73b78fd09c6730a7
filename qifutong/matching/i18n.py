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
# Messages: what a saved search, an inbox item or a condition that does not fit answers.
TRANSLATIONS.update(
    {
        "{page}：{parts}": "{page}: {parts}",
        "没有这个查找页面": "No such find page",
        "匹配情况应为 全部、符合条件、差一点 或 面向全部企业": (
            "The match should be all, eligible, near miss or open to every firm"
        ),
        "最多保存 {n} 个搜索，请先删除不用的": (
            "At most {n} saved searches: delete one you no longer use first"
        ),
        "已订阅“{search}”：有新的符合项目时，会在每日摘要中告诉您。": (
            "Subscribed to “{search}”: the daily digest will tell you of new items that fit."
        ),
        "已取消订阅。": "Subscription removed.",
        "已忽略“{title}”，不会再向您推送。": "“{title}” dismissed: it will not be pushed again.",
        "需求面积应为 10 到 100000 之间的数字（㎡）": (
            "The area sought should be a number from 10 to 100,000 (m²)"
        ),
        "已更新场地需求，下面是为您匹配的场地。": (
            "Space need updated: below are the spaces that fit it."
        ),
        "已清除场地需求。": "Space need cleared.",
        "该项目为免申即享，符合条件即由街道直接兑现，无需申报。": (
            "This item needs no application: the street pays eligible firms directly."
        ),
        "已提交“{action}”：{title}。街道工作人员会尽快与您联系。": (
            "“{action}” sent: {title}. Street staff will contact you soon."
        ),
        "已经申报过了": "Already applied for",
        "状态为“{state}”的推送不能兑现": "A pushed item in the state “{state}” cannot be paid",
        "兑现金额不能为负数": "The amount paid cannot be negative",
        "请说明忽略的原因": "Please say why you dismiss it",
        "状态为“{state}”的推送不能忽略": (
            "A pushed item in the state “{state}” cannot be dismissed"
        ),
        "{what}“{value}”不在词表中，可选：{accepted}": (
            "{what} “{value}” is not in the vocabulary; choose from: {accepted}"
        ),
        "kind: 应为 {kinds} 之一": "kind: should be one of {kinds}",
        "{name} 应为数字，收到 {value}": "{name} should be a number, not {value}",
        "{name} 应为有限的数字，收到 {value}": "{name} should be a finite number, not {value}",
        "{name} 应为日期 YYYY-MM-DD，收到 {value}": (
            "{name} should be a date YYYY-MM-DD, not {value}"
        ),
        "行业 {value} 不是 GB/T 4754-2017 的门类字母或代码前缀（如 I、65、651、6513）": (
            "Industry {value} is not a GB/T 4754-2017 section letter or code prefix "
            "(such as I, 65, 651, 6513)"
        ),
        "标签 {value} 不在标签词表中": "Tag {value} is not in the tag vocabulary",
        "楼宇应为编号，收到 {value}": "A building should be given by its number, not {value}",
        "{name} 应为 {codes} 之一，收到 {value}": "{name} should be one of {codes}, not {value}",
        "每个条件应为含 field、op、value、kind 的对象": (
            "Each condition should be an object with field, op, value and kind"
        ),
        "未知字段 {name}（可用：{fields}）": "Unknown field {name} (known: {fields})",
        "字段 {name} 不支持运算 {op}（可用：{ops}）": (
            "Field {name} does not take the operator {op} (it takes: {ops})"
        ),
        "应为 must 或 bonus，收到 {kind}": "Should be must or bonus, not {kind}",
        "字段 {name} 的条件缺少取值": "The condition on {name} has no value",
        "between 需要两个值 [下限, 上限]": "between needs two values [low, high]",
        "between 的下限不能大于上限": "between's low value cannot be above its high value",
        "{op} 需要一个值，收到列表": "{op} needs one value, not a list",
        "{name} 应为 true 或 false，收到 {value}": "{name} should be true or false, not {value}",
        "eq 需要一个行业代码；多个请用 in": "eq needs one industry code; use in for several",
        "至少需要一个取值": "At least one value is needed",
        "criteria 应为条件列表": "criteria should be a list of conditions",
    }
)

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "GB/T 4754-2017 的门类字母、行业代码（如 I、65、6513）或其名称": (
            "a GB/T 4754-2017 section letter, industry code (such as I, 65, 6513) or its name"
        ),
    }
)
