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
        "“暂无数据” means the platform lacks this information about your firm, not that you "
        "fail it; you can add it under Our firm."
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
