"""English for the firm register's pages: monthly figures, the firm profile, self-reports and
the data catalogue."""

TRANSLATIONS = {
    "{grade}类": "Grade {grade}",
    "{grade}类重点企业": "Grade {grade} key firm",
    "{room}室": "Room {room}",
    "注册/经营/纳税在地": "Registered / operating / taxed here",
    "是": "Yes",
    "否": "No",
    "注册地址": "Registered address",
    "名称 / 信用代码 / 法人": "Name / credit code / legal representative",
    "名录导入（第 {n} 批）": "Roster import (batch {n})",
    "名录导入": "Roster import",
    "标记": "Flags",
    "“暂无数据”表示平台还没有贵企业这项信息，不代表不符合；可在": (
        "“No data” means the platform does not have this information about your firm yet, not"
        " that you do not qualify; you can add it in "
    ),
    "中补充。": ".",
    (
        "上传税务局或统计局的月度报表（.xlsx，或 UTF-8 / GBK 编码的 .csv，可一次选多个文件）"
        "，表头上方的标题行和“单位：万元”行可以保留。一个文件可含一个月或多个月。"
    ): (
        "Upload the tax bureau's or statistics office's monthly sheets (.xlsx, or .csv in UTF"
        "-8 or GBK; several files at once). Title rows and a “单位：万元” line above the head"
        "er may stay. A file may hold one month or many."
    ),
    "不采纳": "Decline",
    "以上登记信息以市场监管部门登记为准，如有出入请联系街道。下面的信息由贵企业自行维护。": (
        "The registration details above are those of the market regulator; if they are wrong,"
        " please contact the street. Your firm keeps the information below itself."
    ),
    (
        "企业在“企业信息”中修改了政策相关的信息（行业、人数、资质、知识产权）。核实后写入企业"
        "信息，用于申报审核、企业分级和驾驶舱；未采纳的请写明原因，企业会看到。核实前这些信息"
        "只用于为企业推荐。"
    ): (
        "Firms changed policy-relevant information on their profile (industry, headcount, "
        "qualifications, IP). Once verified it is written to the firm's record and used for "
        "applications, grading and the cockpit; when you decline, give the reason: the firm "
        "will see it. Until verified it only counts for recommendations."
    ),
    (
        "企业按统一社会信用代码查找，没有代码的按企业名称比对；名录中没有的企业不算错误，会列"
        "入“待关联”由街道关联或新建。任何一行有误（月份或金额无法识别、人数为负、同一企业同一"
        "月份出现两次），整个文件都不导入，每一行错误都会列出。同一企业同一月份已有相同数据的"
        "记为“未变化”；数据不同的会更新，原数据保留在历史中。"
    ): (
        "Firms are found by their credit code, else by name; a firm not in the register is "
        "not an error: its rows wait for the street to link it or register it. If any row is "
        "wrong (an unreadable month or amount, a negative headcount, the same firm and month "
        "twice), the whole file is refused and every bad row is listed. A firm-month already "
        "stored with the same figures is unchanged; different figures are updated and the old"
        " ones stay in the history."
    ),
    "企业自报": "Self-reported",
    "企业自报待核实": "Self-reported, to verify",
    "企业自报，待核实": "Self-reported, awaiting verification",
    "企业自报，待街道核实": "Self-reported, awaiting the street's verification",
    "依据企业自报、尚未核实的信息": "Based on self-reported information not yet verified",
    "依据贵企业自报、尚待街道核实的信息推荐；核实后即可申报。": (
        "Recommended on information your firm reported that the street has not verified yet; "
        "once verified you can apply."
    ),
    "保留原值": "Keep the current value",
    "信息": "Information",
    "共 {n} 个数据集": "{n} data sets",
    "关联": "Link",
    "关联到": "Link to",
    "原值": "Old value",
    "去关联": "Link them",
    "去核实": "Verify",
    "去补充": "Fill in",
    "名录中没有的企业的行": "Rows for firms not in the register",
    "导入变更明细": "What the import changed",
    "导入月度经济数据": "Import monthly figures",
    "导入月度数据": "Import monthly figures",
    "待关联数据": "Figures to link",
    "导入的值": "Imported value",
    (
        "导入的名录与企业现有信息不一致时，不会自动覆盖，先在这里确认；统一社会信用代码校验不"
        "通过的，按原样保留，请核实后更正。"
    ): (
        "When an imported roster disagrees with what a firm's record already holds, nothing "
        "is overwritten: confirm it here first. Credit codes that fail their check are kept "
        "as read: verify and correct them."
    ),
    "已核实的": "Verified",
    "已核实的为：": "Verified value: ",
    "已由街道核实": "Verified by the street",
    "应至少每 {n} 天更新一次": "Due at least every {n} days",
    "待关联": "To link",
    "待关联的月度数据": "Monthly figures to link",
    "待复核的成对记录": "Pairs to review",
    "待确认变更": "Changes to confirm",
    "待确认的变更": "Changes to confirm",
    "待确认的变更 {n} 项": "{n} changes to confirm",
    "待街道核实": "Awaiting verification",
    "忽略": "Ignore",
    "按原样保留": "Keep as read",
    "提交时间（UTC）": "Submitted (UTC)",
    "数据资源目录": "Data catalogue",
    "数据集": "Data sets",
    "新值": "New value",
    "新增": "Created",
    "新增的企业月度数据": "Firm-months created",
    "新建企业并关联": "Register the firm and link",
    "更新": "Updated",
    "更新方式": "How it is updated",
    "更正": "Correct",
    "最近更新": "Last update",
    "有 {n} 家名录中没有的企业的数据待关联。": (
        "Figures of {n} firms not in the register wait to be linked."
    ),
    "有误": "Bad rows",
    "本次导入没有改动任何企业。": "This import changed no firm.",
    (
        "本次导入涉及的每家企业：新建的企业及其信息，已有企业补全的信息，以及与现有值不同、等"
        "待确认的变更（不会自动覆盖）。每一项都列出提供该值的来源行。"
    ): (
        "Every firm this import touched: the firms it created and their details, what it "
        "filled in on existing firms, and the changes that differ from what a firm already "
        "has and wait to be confirmed (never overwritten). Each lists the rows that gave the "
        "value."
    ),
    "条数": "Rows",
    "来源行：": "Rows: ",
    "查看企业信息": "See the firm profile",
    "查看各企业的变更": "See what changed, firm by firm",
    (
        "标有“需核实”的信息会影响政策推荐与申报：修改后先标为“企业自报”，用于为您推荐；街道核"
        "实后才用于申报审核和企业分级。"
    ): (
        "Information marked “to verify” affects recommendations and applications: a change is"
        " first marked self-reported and used to recommend items to you; only once the street"
        " verifies it does it count for applications and grading."
    ),
    "校验未通过、按原样保留的信用代码": "Credit codes kept as read despite a failed check",
    "核实企业自报": "Verify self-reports",
    "核实无误": "Verified",
    "正常": "Up to date",
    "正确的统一社会信用代码": "The correct credit code",
    "没有待关联的数据。": "No figures wait to be linked.",
    "没有待核实的企业自报信息。": "No self-reported information waits for verification.",
    "没有相近的企业": "No similar firm",
    "涉及企业": "Firms",
    "现有值": "Current value",
    (
        "能识别的列：统一社会信用代码（纳税人识别号）、企业名称（纳税人名称）、所属期（税款所"
        "属期、月份，如 2026-10、202610、2026年10月、2026-10-01至2026-10-31）、营业收入（销售"
        "额）、税收合计（纳税总额、入库税款）、地方留存（地方级收入）、从业人数（参保人数）。"
        "金额单位可写在表头、单元格或标题行（元、万元、亿元）。"
    ): (
        "Recognised columns: credit code (taxpayer ID), firm name (taxpayer name), period (ta"
        "x period, month: 2026-10, 202610, 2026年10月, 2026-10-01至2026-10-31), revenue (sale"
        "s), total tax (tax paid), locally retained tax, headcount (insured staff). Money may"
        " be in 元, 万元 or 亿元, stated in the header, the cell or a title line."
    ),
    (
        "街道掌握的每一个数据集：由哪个部门负责、从哪里来、如何更新、最近一次更新的时间与经办"
        "人、条数，以及覆盖了多少在营企业。超过更新周期未更新的标为“逾期”。以上数字均于打开本"
        "页时从数据库实时统计。"
    ): (
        "Every data set the street holds: who keeps it, where it comes from, how it is "
        "updated, when it was last updated and by whom, how many rows, and how many active "
        "firms it covers. Data sets not updated within their cycle are marked overdue. All "
        "figures are counted from the database when the page opens."
    ),
    "街道未采纳您报的": "The street did not accept your value ",
    "补全信息的企业": "Firms filled in",
    "覆盖企业": "Firms covered",
    "证书编号": "certificate number",
    "证书编号（选填）": "Certificate number (optional)",
    "证书编号：": "Certificate numbers: ",
    "说明（未采纳时必填）": "Note (required to decline)",
    "负责部门": "Owner",
    "贵企业自报的信息核实后即符合条件。在街道核实之前，本项只作推荐，申报时以已核实的信息为准。": (
        "Your firm qualifies once the information it reported is verified. Until the street "
        "verifies it, this item is a recommendation only; applications are judged on verified"
        " information."
    ),
    (
        "这些数据行所属的企业在企业名录中找不到（代码不同或名称不够确定）。请关联到名录中的企"
        "业，或按数据中的名称新建企业；关联后数据立即写入。不属于本街道的企业可以忽略。"
    ): (
        "These rows are for firms the register does not know (another code, or a name not "
        "certain enough). Link them to a registered firm or register the firm under the name "
        "they give; linked figures are written at once. Rows of firms outside the street can "
        "be ignored."
    ),
    "逾期": "Overdue",
    "逾期未更新": " overdue",
    "采用新值": "Take the new value",
    "需核实": "to verify",
    "（无名称）": "(no name)",
    "（未填写）": "(not given)",
    "企业信息": "Firm profile",
    "联系人": "Contact",
    "联系电话": "Phone",
    "电子邮箱": "E-mail",
    "所属行业": "Industry",
    "员工人数": "Headcount",
    "企业资质": "Qualifications",
    "专利数": "Patents",
    "软件著作权数": "Software copyrights",
    "商标数": "Trademarks",
    "场地需求面积（㎡）": "Space needed (m²)",
    "计划入驻时间": "Planned move-in date",
    "经营范围": "Business scope",
    "保存": "Save",
}

TRANSLATIONS.update({"{name}（{section}）": "{name} ({section})"})

# A firm's history (enterprises.present): field names, values and where each change came from.
TRANSLATIONS.update(
    {
        "企业记录": "Firm record",
        "合并企业": "Merged firm",
        "企业类型": "Company type",
        "登记状态": "Registration status",
        "注册地址": "Registered address",
        "楼层": "Floor",
        "房号": "Room",
        "入驻日期": "Moved in",
        "迁出日期": "Moved out",
        "联系人": "Contact",
        "联系电话": "Phone",
        "电子邮箱": "Email",
        "资质证书编号": "Certificate numbers",
        "行业门类": "Industry section",
        "成长分层": "Growth tier",
        "其他信息": "Other information",
        "新建": "created",
        "成长型": "Growing",
        "稳定型": "Stable",
        "风险型": "At risk",
        "接口录入": "Entered through the API",
        "平台用户修改": "Changed by a platform user",
        "企业自报": "Reported by the firm",
        "街道核实企业自报": "Firm's report verified by the street",
        "复核合并": "Merged on review",
        "初始数据": "Initial data",
        "申报时企业自报": "Reported by the firm when applying",
        "平台记录": "Platform record",
        "{year}年{month}月重点企业分级": "Key firm grading {year}-{month:02d}",
    }
)

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "月份，如 2026-10、202610 或 2026年10月": "a month, such as 2026-10, 202610 or 2026年10月",
        "一个月的所属期（{text} 跨越了多个月）": (
            "a period within one month ({text} spans several months)"
        ),
        "月份，如 2026-10、202610、2026年10月 或 2026-10-01至2026-10-31": (
            "a month, such as 2026-10, 202610, 2026年10月 or 2026-10-01至2026-10-31"
        ),
        "不小于 0 的整数（实为 {value}）": "a whole number of at least 0 (found {value})",
        "应为{expected}": "should be {expected}",
        "统一社会信用代码与企业名称至少应填一项": (
            "Give the credit code or the firm's name, at least one"
        ),
        "所属期不能为空，应为月份，如 2026-10": (
            "The period cannot be empty: give a month, such as 2026-10"
        ),
        "所属期晚于本月": "The period is after this month",
        "营业收入、税收合计、地方留存、从业人数至少应有一项": (
            "Give at least one of revenue, total tax, local share and headcount"
        ),
        (
            "前 12 行中找不到表头：应有 统一社会信用代码或企业名称、所属期，以及 营业收入、"
            "税收合计、地方留存、从业人数 中至少一列"
        ): (
            "No header in the first 12 rows: it should name the credit code or the firm's n"
            "ame, the period, and at least one of revenue, total tax, local share and headc"
            "ount"
        ),
        "缺少“统一社会信用代码”或“企业名称”列": "No credit code or firm name column",
        "缺少“所属期”（月份）列": "No period (month) column",
        "缺少 营业收入、税收合计、地方留存、从业人数 中的任何一列": (
            "None of the columns revenue, total tax, local share or headcount"
        ),
        "与第 {row} 行是同一企业的同一个月": "The same firm and month as row {row}",
        "与文件 {file} 中同一企业的同一个月重复": "The same firm and month as in the file {file}",
        "与第 {row} 行是同一家企业的同一个月": "The same firm and month as row {row}",
        "所选企业不存在": "The chosen firm does not exist",
        "这些数据已处理": "These figures have already been dealt with",
        "数据中没有企业名称，无法新建企业；请关联到已登记的企业": (
            "The figures carry no firm name, so no firm can be created: link them to a regi"
            "stered firm"
        ),
        "请选择要导入的文件（xlsx 或 csv）": "Choose a file to import (xlsx or csv)",
        "只能导入 xlsx、xls 或 csv 文件": "Only xlsx, xls or csv files can be imported",
        "请选择要关联的企业": "Choose the firm to link to",
        "已关联并写入 {n} 个月的数据": "Linked: {n} months of figures written",
        "已新建企业并写入 {n} 个月的数据": "Firm created: {n} months of figures written",
        "已忽略这些数据（不属于本街道的企业）": (
            "These figures are ignored (not a firm of this street)"
        ),
        "请选择关联、新建或忽略": "Choose link, create or ignore",
        "重点企业等级 A、B 或 C": "key-firm grade A, B or C",
        "{header}列未注明单位且数值多小于1万，按万元计": (
            "The {header} column states no unit and its numbers are mostly below 10,000: re"
            "ad as 10,000 yuan"
        ),
        "{file}：数据库中尚无楼宇，楼宇名称未匹配": (
            "{file}: there are no buildings yet, so building names were not matched"
        ),
        "已保存。{names}为企业自报信息，街道核实后生效；在此之前只用于为您推荐。": (
            "Saved. {names}: reported by the firm, in force once the street checks them; un"
            "til then used only for recommendations."
        ),
        "有几项填写不正确，请按提示修改。": "Some fields are not right: correct them as shown.",
        "已核实：{field}已写入企业信息": "Checked: {field} written to the firm's record",
        "未采纳：{field}，企业会看到原因": "Not taken: {field}; the firm will see why",
        "应为资质名称的列表": "should be a list of qualification names",
        "应为不小于 0 的整数，收到 {value}": "should be a whole number of at least 0, not {value}",
        "数值过大：{number}": "number too large: {number}",
        "企业不能自行修改这一项": "A firm cannot change this itself",
        "这条企业自报记录不存在": "This firm report does not exist",
        "这条企业自报已处理": "This firm report has already been dealt with",
        "请写明未采纳的原因，企业会看到": "Say why it is not taken; the firm will see it",
        "没有编号为 {id} 的楼宇": "There is no building number {id}",
        "统一社会信用代码 {code} 已存在": "The credit code {code} already exists",
        "统一社会信用代码 {code} 已属于另一家企业": (
            "The credit code {code} belongs to another firm"
        ),
    }
)
# What each field of the firm's profile form expects (enterprises/profile.py).
TRANSLATIONS.update(
    {
        "国民经济行业分类中的行业": "an industry of the national classification",
        "不小于 0 的整数": "a whole number of at least 0",
        "1 到 100000 之间的面积（㎡）": "an area from 1 to 100,000 (m²)",
        "日期，如 2027-03-01": "a date, such as 2027-03-01",
    }
)
