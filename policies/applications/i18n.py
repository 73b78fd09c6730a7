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
    "材料已删除。": "The material was deleted.",
    # The firm's calendar (申报日历).
    "申报日历": "Calendar",
    "贵企业符合条件或关注的项目的申报期、申报的下一步与办理时限、即将到期的材料，都在这里。": (
        "The application windows of the items your firm qualifies for or follows, your "
        "applications' next steps and their deadlines, and your materials that expire soon."
    ),
    "项目": "Item",
    "已关注": "Following",
    "还剩 {n} 天": "{n} days left",
    "正在申报": "Open for applications",
    "截止前 {n} 天标为“即将截止”。": "Items are marked “closing soon” {n} days before they close.",
    "目前没有正在申报、贵企业符合条件或关注的项目。": (
        "No item your firm qualifies for or follows is open for applications now."
    ),
    "即将开始": "Opening later",
    "申报的下一步": "Next steps of your applications",
    "下一步": "Next step",
    "没有办理中的申报。": "No application under way.",
    "办理时限按工作日计算，为街道当地时间。": (
        "Deadlines count working days, in the street's local time."
    ),
    "即将到期的材料": "Materials expiring soon",
    "{n} 天内": "within {n} days",
    "今天到期": "Expires today",
    "近期没有到期的材料。": "No material expires soon.",
    "去材料库上传新材料": "Upload a new one in the materials library",
    "等待街道受理": "Waiting for the street to accept it",
    "街道审核中": "The street is reviewing it",
    "等待街道兑现": "Waiting for the street to pay",
    "请按要求补正后重新提交": "Complete it as asked and resubmit",
    "我关注的项目": "Items you follow",
    "关注时间": "Followed since",
    "取消关注": "Unfollow",
}
