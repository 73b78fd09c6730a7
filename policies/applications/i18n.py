"""English for the application pages (the UI text is Chinese)."""

TRANSLATIONS = {
    "申报审核": "Applications to review",
    "我的申报": "My applications",
    "共 {n} 件申报": "{n} applications",
    "申报项目": "Applied for",
    "当前环节时限": "Due",
    "免申即享": "Paid without application",
    "申报": "Applications",
    "街道退回补正": "Returned by the street for completion",
    "请按要求补充后重新提交；补正时限": "Complete it as asked and resubmit; due",
    "暂不符合申报条件": "Not eligible yet",
    "以上按街道已核实的企业信息判断。如信息有误或已有变化，请在": (
        "Judged on your firm's record as verified by the street. If it is wrong or has changed, "
        "update it in "
    ),
    "中更新，街道核实后即可申报。": "; you can apply once the street has verified it.",
    "企业基本信息": "Your firm",
    "已根据企业信息自动填写": "filled in from your firm's record",
    "信息有变动？请到": "Anything changed? Edit it in ",
    "中修改。": ".",
    "申报条件对照": "Your firm against the conditions",
    "符合条件的理由": "Why your firm is eligible",
    "由街道审核时核实": "Checked by the street on review",
    "请补充以下信息": "Please add",
    "平台还没有贵企业的这些信息。填写后作为企业自报信息，街道核实后写入企业信息。": (
        "The platform has no data on these yet. Your answers are kept as self-reported and "
        "enter your firm's record once the street verifies them."
    ),
    "请选择": "Choose",
    "申报事项": "Questions",
    "（选填）": "(optional)",
    "从材料库选择": "Choose from your materials",
    "申报材料": "Materials",
    "从材料库选用，无需重复上传": "from your materials library, no need to upload again",
    "有效期至 {d}": "valid until {d}",
    "材料库还没有材料。": "Your materials library is empty.",
    "上传新材料": "Upload a material",
    "补正说明": "What you completed",
    "重新提交": "Resubmit",
    "提交申报": "Submit the application",
    "已兑现 {amount}（{day}）": "Paid {amount} ({day})",
    "申报未通过": "The application was not approved",
    "（企业补正）": "(the firm's turn)",
    "兑现日期": "Paid on",
    "需街道核实": "For the street to check",
    "企业填报": "The firm's answers",
    "暂无材料": "No materials",
    "兑现金额（元，可写 5万）": "Amount paid (yuan; 5万 works)",
    "退回原因及需补正的内容": "Why it is returned and what to complete",
    "不予通过的理由": "Why it is not approved",
    "说明（选填）": "Note (optional)",
    "材料库": "Materials library",
    "返回申报": "Back to the application",
    "营业执照、财务报表、资质证书等材料上传一次，申报时直接选用。过期的材料不能再用于申报。": (
        "Upload your business licence, financial statements, certificates … once and choose "
        "them in each application. An expired material can no longer be used."
    ),
    "上传材料": "Upload a material",
    "材料类别": "Kind",
    "材料名称（选填）": "Title (optional)",
    "如：2025年度审计报告": "e.g. 2025 audit report",
    "有效期至（长期有效可不填）": "Valid until (leave empty if it does not expire)",
    "材料名称": "Title",
    "上传时间": "Uploaded",
    "长期有效": "Does not expire",
    "口径：本政策的申报记录（含企业自行检索后申报）与免申即享兑现记录；金额为已兑现金额。": (
        "Scope: this policy's applications (also those of firms that found it themselves) and "
        "its payouts without application; the amount is what was paid."
    ),
    "审核通过待兑现": "Approved, to be paid",
    "未通过": "Not approved",
    "免申即享兑现": "Payouts without application",
    "符合条件的企业无需申报。兑现后企业会收到“已为您兑现 X 元”的通知。": (
        "Eligible firms need not apply. Each firm paid is told “已为您兑现 X 元”."
    ),
    "企业（统一社会信用代码或全称）": "Firm (credit code or full name)",
    "记录兑现": "Record the payout",
    "兑现名单（.xlsx 或 .csv；列：统一社会信用代码或企业名称、兑现金额、兑现日期）": (
        "Payout sheet (.xlsx or .csv; columns: credit code or firm name, amount, date paid)"
    ),
    "导入名单": "Import the sheet",
    "免申即享：符合条件即由街道直接兑现，无需申报": (
        "Paid without application: the street pays eligible firms directly"
    ),
    "已受理": "Accepted",
    "退回补正": "Returned for completion",
    "审核通过": "Approved",
    "已撤回": "Withdrawn",
    "不予通过": "Reject",
    "确认兑现": "Record the payment",
    "补正后重新提交": "Resubmit completed",
    "撤回申报": "Withdraw",
    "免申即享兑现记录": "Paid without application",
    "营业执照": "Business licence",
    "财务报表": "Financial statements",
    "资质证书": "Certificates",
    "完税证明": "Tax payment certificate",
    "社保缴纳证明": "Social insurance certificate",
    "其他材料": "Other",
    "申报表附加问题": "The application form's own questions",
    "每行一个，如：新增就业人数 | 数字": "one a line, e.g. 新增就业人数 | 数字",
    "项目类型 | 单选 | 新建、扩建": "项目类型 | 单选 | 新建、扩建",
    "审计报告 | 材料 | 财务报表": "审计报告 | 材料 | 财务报表",
    "末尾加“（选填）”即为选填": "end with （选填） if optional",
    "申报批次": "Batch",
    "申报开始": "Applications open",
    "申报截止": "Applications close",
    "如：2027年第一批": "e.g. 2027, first batch",
    "兑现成效": "Outcome",
    "口径：当前符合条件与差一点的企业及本政策的申报、兑现记录；每家只计一次。": (
        "Scope: the firms eligible and nearly eligible now, on their verified records, and this "
        "policy's applications and payouts; each firm counts once."
    ),
    "导出 CSV": "Export CSV",
    "申报中": "Applying",
    "符合条件未申报": "Eligible, not applied",
    "按行业": "By industry",
    "按楼宇": "By building",
    "企业明细": "Firms",
    "前 {n} 家，完整名单请导出": "first {n}; export for all",
    "行业门类": "Industry",
    "所在楼宇": "Building",
    "兑现情况": "Outcome",
}

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "最多 {n} 个字": "at most {n} characters",
        "请填写“{field}”": "Please fill in “{field}”",
        "应为万元数": "should be a number of 10,000 yuan",
        "应为数字（{unit}）": "should be a number ({unit})",
        "应为日期，如 2020-03-01": "should be a date, such as 2020-03-01",
        "请选择“是”或“否”": "choose yes or no",
        "应为国民经济行业分类中的行业": "should be an industry of the national classification",
        "请从 {choices} 中选择": "choose from {choices}",
        "企业：{problem}": "Firm: {problem}",
        "兑现金额应为数字（可写 5万、20000），日期如 2027-03-01": (
            "The amount paid should be a number (5万 or 20000 may be written), the date lik"
            "e 2027-03-01"
        ),
        "已记录兑现：{name}，并已通知企业。": (
            "Payment recorded for {name}; the firm has been told."
        ),
        "请选择兑现名单文件（.xlsx 或 .csv）": "Choose the payout list file (.xlsx or .csv)",
        "第 {row} 行 {field}：{problem}": "Row {row} {field}: {problem}",
        " 等 {n} 处": " and more, {n} in all",
        "{file} 未导入：{problems}{more}。请修改后重新上传。": (
            "{file} not imported: {problems}{more}. Correct it and upload it again."
        ),
        "已导入 {file}：兑现 {n} 家企业，并已通知企业。": (
            "{file} imported: {n} firms paid and told."
        ),
        "企业库中没有该统一社会信用代码": "No firm in the registry has this credit code",
        "请填写统一社会信用代码或企业名称": "Give the credit code or the firm's name",
        "企业库中没有该名称的企业": "No firm in the registry has this name",
        "同名企业不止一家，请填写统一社会信用代码": (
            "More than one firm has this name: give the credit code"
        ),
        "该企业已兑现过本政策": "This firm has already been paid under this policy",
        "按已核实的企业信息不符合本政策条件：{reasons}": (
            "By the firm's checked record it does not meet this policy's conditions: {reasons}"
        ),
        "表头应含“兑现金额”及“统一社会信用代码”或“企业名称”": (
            "The header should have 兑现金额 (amount) and 统一社会信用代码 (credit code) or"
            " 企业名称 (firm name)"
        ),
        "应为大于 0 的金额（元，可写 5万）": (
            "should be an amount above 0 (yuan; 5万 may be written)"
        ),
        "应为日期，如 2027-03-01": "should be a date, such as 2027-03-01",
        "与第 {row} 行是同一家企业": "the same firm as row {row}",
        "表头下没有兑现记录": "No payouts below the header",
        "应为问题的列表": "should be a list of questions",
        "最多 {n} 个问题": "at most {n} questions",
        "应为含 label 与 type 的对象": "should be an object with label and type",
        "请填写问题（最多 200 个字）": "write the question (at most 200 characters)",
        "应为 {kinds} 之一": "should be one of {kinds}",
        "应为 q 开头的小写字母、数字（不重复），如 q1": (
            "should be lower-case letters and digits starting with q (no repeats), such as q1"
        ),
        "应为选项的列表（最多 50 项）": "should be a list of choices (at most 50)",
        "单选题请给出选项": "a single-choice question needs its choices",
        "应为 true 或 false": "should be true or false",
        "请回答“{question}”": "Please answer “{question}”",
        "“{question}”应为数字": "“{question}” should be a number",
        "“{question}”应为日期，如 2027-03-01": "“{question}” should be a date, such as 2027-03-01",
        "“{question}”请从 {choices} 中选择": "“{question}”: choose from {choices}",
        "“{question}”请从材料库中选择一份材料": "“{question}”: choose a material from your library",
        "材料类别应为 {kinds} 之一": "The kind of material should be one of {kinds}",
        "材料库中没有编号为 {id} 的材料": "Your library has no material number {id}",
        "“{title}”已于 {day} 过期，请上传新的": "“{title}” expired on {day}: upload a new one",
        "本批申报将于 {day} 开始": "This round of applications opens on {day}",
        "本批申报已于 {day} 截止": "This round of applications closed on {day}",
        "申报表中没有这一项": "The application form has no such item",
        "贵企业暂不符合申报条件：{reasons}": (
            "Your firm does not meet the conditions yet: {reasons}"
        ),
        "当前状态“{state}”下不能执行该操作；您现在可以：{moves}": (
            "This cannot be done while the state is “{state}”; you can now: {moves}"
        ),
        "请填写{what}": "Please give {what}",
        "请填写兑现金额（元，大于 0）": "Give the amount paid (yuan, above 0)",
        "只有免申即享政策可以直接兑现；申报制政策请在申报审核中兑现": (
            "Only policies paid without application can be paid directly; pay a policy with"
            " applications when reviewing them"
        ),
        "{name} 已兑现过该政策": "{name} has already been paid under this policy",
        "贵企业已经申报过该项目，下面是申报进度。": (
            "Your firm has already applied for this; here is how the application stands."
        ),
        "申报已提交，街道受理后会通知您。": (
            "Application sent; you will be told when the street accepts it."
        ),
        "已办理，申报当前状态：{state}。": "Done; the application is now “{state}”.",
        "有效期应为日期，如 2027-03-01；长期有效可不填": (
            "Valid until should be a date, such as 2027-03-01; leave it empty if it does not expire"
        ),
        "材料已上传，申报时可直接选用。": "Material uploaded; choose it when you apply.",
    }
)
