"""English for the street's policy pages (the UI text is Chinese)."""

TRANSLATIONS = {
    "{start} 至 {end}": "{start} to {end}",
    "新建政策": "New policy",
    "编辑政策": "Edit policy",
    "编号": "Code",
    "政策名称": "Title",
    "层级": "Level",
    "类别": "Category",
    "兑现方式": "Payout",
    "最高金额": "Up to",
    "有效期": "Valid",
    "操作": "Actions",
    "编辑": "Edit",
    "受众": "Audience",
    "转化": "Funnel",
    "受众预览": "Audience preview",
    "推送转化": "Push funnel",
    "发文层级": "Issuer level",
    "发文部门": "Issuer",
    "文号": "Document no.",
    "支持内容": "Support",
    "原文": "Source",
    "原文链接": "Source link",
    "摘要": "Summary",
    "申报条件": "Conditions",
    "加分项": "bonus",
    "见正文": "See the full text",
    "正文": "Full text",
    "第一步：填写政策并确认申报条件；第二步：预览受众；第三步：发布并推送；第四步：跟踪转化。": (
        "1. Write the policy and confirm its conditions; 2. preview who it reaches; "
        "3. publish and push; 4. follow the funnel."
    ),
    "最高金额（元，可写 50万）": "Up to (yuan; 50万 works)",
    "有效期自": "Valid from",
    "有效期至": "Valid to",
    "正文（申报条件等，系统据此建议条件和标签）": (
        "Full text (conditions etc.; conditions and tags are suggested from it)"
    ),
    "“必须满足”决定是否符合；“加分项”影响推荐排序。企业缺少某项数据时视为“暂无数据”，不算不符合。金额单位为元，可写 500万、1亿；多个取值用逗号分隔；行业写门类字母或代码前缀（如 I、65）。": (  # noqa: E501
        "“Must” conditions decide eligibility; “bonus” ones rank. A firm without data for a "
        "field is “unknown”, not failed. Money in yuan (500万, 1亿 work); separate several "
        "values with commas; industries as a section letter or code prefix (I, 65)."
    ),
    "字段": "Field",
    "运算": "Operator",
    "取值": "Value",
    "类型": "Kind",
    "删除": "Delete",
    "来源：": "From: ",
    "标签": "Tags",
    "根据正文建议": "Suggested from the text",
    "系统从正文中识别出以下条件和标签，每条都注明出处。勾选并保存即采纳，采纳后可在上方条件表中修改。": (  # noqa: E501
        "Conditions and tags found in the text, each with the sentence it came from. Tick and "
        "save to adopt; then edit them in the table above."
    ),
    "采纳": "Adopt",
    "建议": "Suggestion",
    "出处": "Sentence",
    "条件": "Condition",
    "保存": "Save",
    "保存并预览受众": "Save and preview the audience",
    "查看": "View",
    "返回编辑": "Back to editing",
    "按当前条件即时计算（草稿，尚未推送）。": (
        "Computed now from the conditions (draft, not pushed)."
    ),
    "已发布：以下为已保存的匹配结果。": "Published: the stored match results.",
    "符合条件企业": "Eligible firms",
    "差一点（差 1–2 项）": "Nearly (1–2 conditions missing)",
    "仅因缺少数据而差一点": "Nearly, only for lack of data",
    "免申即享名单": "Automatic payout list (免申即享)",
    "发布并推送给符合条件的 {n} 家企业": "Publish and push to the {n} eligible firms",
    "查看推送转化": "View the push funnel",
    "下载完整名单（CSV）": "Download the full list (CSV)",
    "按楼宇": "By building",
    "楼宇": "Building",
    "符合条件": "Eligible",
    "差一点": "Nearly",
    "按行业": "By industry",
    "行业门类": "Industry section",
    "符合条件的企业": "Eligible firms",
    "（前 {n} 家）": "(first {n})",
    "理由": "Reasons",
    "差一点的企业": "Nearly eligible firms",
    "还差什么": "What is missing",
    "口径：本政策由平台推送到企业收件箱的记录；“已查看”等为推送后企业的操作；企业自行检索后申报的另计。": (  # noqa: E501
        "Scope: this policy's items pushed to firms' inboxes; “seen” and later steps are what "
        "firms did with them; firms that found it themselves and applied are counted apart."
    ),
    "已推送": "Pushed",
    "已查看": "Seen",
    "已打开": "Opened",
    "已申报": "Applied",
    "已兑现": "Granted",
    "兑现金额": "Amount granted",
    "已忽略": "Dismissed",
    "企业自行申报": "Applied by themselves",
    "当前符合条件 {e} 家，差一点 {n} 家。": "{e} firms eligible now, {n} nearly.",
    "查看受众": "View the audience",
    "忽略原因": "Why dismissed",
    "原因": "Reason",
    "企业数": "Firms",
    "申报与兑现": "Applications and grants",
    "共 {n} 家": "{n} firms",
    "申报时间": "Applied",
    "兑现": "Grant",
    "自行申报": "Self-applied",
    "金额，如 5万": "Amount, e.g. 5万",
    "确认兑现": "Record grant",
    "暂无申报": "No applications yet",
}

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "code: 编号 {code} 已存在": "code: the number {code} already exists",
        "条件第 {n} 行": "Condition row {n}",
        "取值 {value} 不是数字（可写 500万、1.5亿）": (
            "the value {value} is not a number (500万 and 1.5亿 may be written)"
        ),
        "建议第 {n} 条": "Suggestion {n}",
        "内容无法读取，请刷新页面后重试": "cannot be read: reload the page and try again",
        "第 {n} 行：类型应为 {kinds} 之一": "Line {n}: the type should be one of {kinds}",
        "第 {n} 行：材料应为 {kinds} 之一": "Line {n}: the material should be one of {kinds}",
        "截止日期不能早于开始日期": "The end date cannot be before the start date",
        "申报截止日期不能早于申报开始日期": "Applications cannot close before they open",
        "该政策已经发布": "This policy is already published",
        "政策已过有效期，不能发布": "The policy is past its validity and cannot be published",
        "已发布：符合条件 {eligible} 家，差一点 {near_miss} 家，已推送 {pushed} 家。": (
            "Published: {eligible} firms eligible, {near_miss} near misses, {pushed} pushed."
        ),
        "兑现金额应为数字（可写 5万、20000）": (
            "The amount paid should be a number (5万 or 20000 may be written)"
        ),
        "已记录兑现。": "Payment recorded.",
    }
)
