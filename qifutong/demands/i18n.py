"""English for the demand, visit, key-firm and interaction pages (Chinese is the UI text)."""

from __future__ import annotations

TRANSLATIONS: dict[str, str] = {
    # navigation, titles, cards
    "诉求办理": "Demands",
    "我的诉求": "My demands",
    "提交诉求": "Raise a demand",
    "走楼访企": "Visits",
    "走访计划": "Visit plan",
    "走访覆盖率": "Visit coverage",
    "走访记录": "Visit",
    "新增走访": "Record a visit",
    "重点企业": "Key firms",
    "重点企业分级规则": "Key-firm grading rule",
    "税收波动预警": "Tax swing alerts",
    "政企互动": "Firm–government interaction",
    "发布公告": "Publish a notice",
    "通知公告": "Notices",
    "活动培训": "Activities & trainings",
    "待办诉求": "Open demands",
    "超期诉求": "Overdue demands",
    "待走访企业": "Firms to visit",
    "办理中诉求": "Demands in progress",
    "待企业确认": "Awaiting the firm",
    "督办中": "Escalated",
    # states, urgency, moves, actions
    "已提交": "Submitted",
    "已交办": "Assigned",
    "已受理": "Accepted",
    "办理中": "In progress",
    "已答复": "Replied",
    "已办结": "Closed",
    "已评价": "Rated",
    "一般": "Normal",
    "紧急": "Urgent",
    "交办": "Assign",
    "改派": "Reassign",
    "受理": "Accept",
    "开始办理": "Start",
    "答复企业": "Reply to the firm",
    "办结": "Close",
    "评价": "Rate",
    "不满意，重新办理": "Not satisfied: reopen",
    "督办": "Escalate",
    "答复": "Reply",
    "重新办理": "Reopened",
    "上传附件": "Upload attachments",
    "历史记录导入": "Imported history",
    "系统": "System",
    "超期": "Overdue",
    "已督办": "Escalated",
    "重办": "Reopened",
    # demand list and form
    "关键词": "Keywords",
    "标题、内容或企业名称": "Title, text or firm name",
    "全部": "All",
    "办理中（未答复）": "Open (not replied)",
    "类别": "Category",
    "紧急程度": "Urgency",
    "仅超期": "Overdue only",
    "我承办的": "Assigned to me",
    "共 {n} 件诉求": "{n} demands",
    "编号": "No.",
    "标题": "Title",
    "承办": "Owner",
    "办结时限": "Resolve by",
    "提交时间": "Submitted",
    "一句话说明诉求": "The demand in one sentence",
    "诉求内容": "Details",
    "附件": "Attachments",
    "企业（名称或统一社会信用代码）": "Firm (name or USCC)",
    "有多家企业符合，请选定一家：": "Several firms match; choose one:",
    "更换": "Change",
    "紧急诉求：2个工作小时内交办，1个工作日内办结；一般诉求：1个工作日内交办，5个工作日内办结"
    "（遇法定节假日顺延，调休工作日照常计算）。": (
        "Urgent demands are assigned within 2 working hours and resolved within 1 working day; "
        "normal ones within 1 and 5 working days (public holidays do not count, adjusted "
        "working weekend days do)."
    ),
    "请填写企业名称或统一社会信用代码，并从候选中选定一家。": (
        "Enter the firm's name or USCC and choose one of the matches."
    ),
    "诉求已提交，编号 {id}。": "Demand raised, number {id}.",
    # demand page
    "来源": "Source",
    "走访中提出": "Raised during a visit",
    "企业提交": "Raised by the firm",
    "代企业提交": "Raised for the firm",
    "交办时限": "Assign by",
    "已于 {t} 交办": "assigned {t}",
    "提出诉求": "Raised",
    "承办部门": "Department",
    "承办人": "Person",
    "企业评价": "Firm's rating",
    "暂无附件": "No attachments",
    "办理": "Handle",
    "当前无需您操作。": "Nothing for you to do now.",
    "交办意见": "Instructions",
    "（部门内分派）": "(the department assigns)",
    "满意度": "Satisfaction",
    "不满意的原因": "Why not satisfied",
    "说明": "Note",
    "办理记录": "History",
    "已更新：{state}": "Updated: {state}",
    "附件已上传。": "Attachments uploaded.",
    "请选择要上传的文件。": "Choose the files to upload.",
    # visits
    "楼宇": "Building",
    "走访日期": "Visit date",
    "走访人员": "Visitors",
    "走访发现": "Findings",
    "企业需求": "The firm's needs",
    "共 {n} 条走访记录": "{n} visits",
    "走访企业": "Firm visited",
    "走访企业（名称或统一社会信用代码；走访整栋楼宇可不填）": (
        "Firm visited (name or USCC; leave blank for a visit to the whole building)"
    ),
    "（按企业所在楼宇）": "(the firm's building)",
    "保存后将企业需求直接提为诉求": "Raise the firm's needs as a demand when saving",
    "走访日期：请按 YYYY-MM-DD 填写": "Visit date: expected YYYY-MM-DD",
    "请从候选中选定一家企业，或清空企业只填楼宇。": (
        "Choose one of the matching firms, or clear the firm and choose a building."
    ),
    "走访记录已保存。": "Visit saved.",
    "由此走访提出的诉求": "Demands raised from this visit",
    "一键提为诉求": "Raise as a demand",
    "企业、需求内容和类别从走访记录带入，无需重新填写。": (
        "The firm, the needs and a category are taken from the visit: nothing to retype."
    ),
    "这次走访没有记录企业需求。": "This visit recorded no needs.",
    "已由走访记录生成诉求，编号 {id}。": "Demand {id} raised from the visit.",
    # plan and coverage
    "列出：租约红色预警的企业、税收大幅波动的企业、{n} 天以上未走访的重点企业。"
    "记录一次走访后，该企业的待办任务自动完成。": (
        "Firms with red lease warnings, firms whose tax swings, and key firms not visited for "
        "{n} days or more. Recording a visit completes the firm's open tasks."
    ),
    "租约红色预警": "Red lease warning",
    "税收大幅波动": "Tax swing",
    "长期未走访": "Not visited lately",
    "原因": "Reason",
    "重点企业等级": "Key-firm grade",
    "非重点企业": "Not a key firm",
    "未走访天数": "Days without a visit",
    "等级": "Grade",
    "上次走访": "Last visit",
    "记录走访": "Record a visit",
    "统计近多少天": "Days counted",
    "口径：在本楼经营的存续企业中，近 {n} 天内至少走访过一次的企业所占比例；"
    "走访次数含对整栋楼宇的走访。": (
        "Scope: of the active firms operating in the building, the share visited at least once "
        "in the last {n} days; visits include visits to the whole building."
    ),
    "企业数": "Firms",
    "已走访": "Visited",
    "覆盖率": "Coverage",
    "重点企业已走访": "Key firms visited",
    "重点企业覆盖率": "Key-firm coverage",
    "走访次数": "Visits",
    "最近走访": "Latest visit",
    "合计": "Total",
    # key firms
    "A类（核心重点企业）": "Grade A (core key firms)",
    "B类（重点培育企业）": "Grade B (firms to foster)",
    "C类（重点关注企业）": "Grade C (firms to watch)",
    "成长型": "Growing",
    "稳定型": "Stable",
    "风险型": "At risk",
    "数据不足": "Not enough data",
    "成长梯度": "Tier",
    "（全部企业）": " (all firms)",
    "按书面规则每月重新计算": "Recomputed monthly by the written rule",
    "数据截至 {m}": "figures up to {m}",
    "查看分级规则": "Read the grading rule",
    "依据": "Why",
    "同比": "Y/Y",
    "此前12个月税收": "Tax in the 12 months before",
    "近12个月月均税收同比变动幅度 ≥ {p}，且此前12个月税收 ≥ {b} 的企业；已列入走访计划。": (
        "Firms whose average monthly tax of the last 12 months moved by {p} or more y/y, on at "
        "least {b} of tax in the 12 months before; they are in the visit plan."
    ),
    "本页与命令 qifutong grade --rule 输出的文字出自同一份规则定义，计算也使用同一份阈值。": (
        "This page and `qifutong grade --rule` print the same rule definition, and the "
        "computation uses the same thresholds."
    ),
    # interaction
    "目标企业": "Audience",
    "全部企业": "All firms",
    "发布时间": "Published",
    "送达": "Delivered",
    "已读": "Read",
    "未读": "Unread",
    "阅读率": "Read rate",
    "企业咨询": "Questions from firms",
    "待答复": "Awaiting answer",
    "正文": "Text",
    "目标企业标签（不选即发给全部企业）": "Target firm tags (none = all firms)",
    "尚无标签": "No tags yet",
    "发布": "Publish",
    "公告已发布，送达 {n} 家企业。": "Notice published and delivered to {n} firms.",
    "回执": "Receipts",
    "送达 {n} 家，已读 {r} 家": "delivered to {n}, read by {r}",
    "送达时间": "Delivered",
    "阅读时间": "Read",
    "已答复。": "Answered.",
    "暂无通知。": "No notices.",
    "向街道咨询": "Ask the street",
    "您的问题": "Your question",
    "需要街道协调办理的事项，请": "For a matter the street should handle, please",
    "街道答复": "The street's answer",
    "问题已提交，街道答复后会显示在这里。": "Question sent; the street's answer will show here.",
    "工作日历": "Working-day calendar",
    "{years}的法定节假日安排尚未载入，办理时限暂按周一至周五计算。"
    "请在「工作日历」中导入国务院办公厅的放假安排通知。": "The public holidays of {years} are not"
    " loaded yet: deadlines count Monday to Friday for now. Load the State Council's holiday"
    " notice on the Working-day calendar page.",
    "去导入": "Load it",
    "诉求的交办和办结时限按工作日计算：法定节假日不计，调休上班的周末计入。"
    "节假日安排以国务院办公厅每年发布的通知为准。": "Demand deadlines count working days: public"
    " holidays do not count, weekend days worked in exchange do. The holidays follow the State"
    " Council's yearly notice.",
    "已导入的放假安排": "Loaded holiday notices",
    "年份": "Year",
    "放假天数": "Holidays",
    "调休上班天数": "Weekend working days",
    "导入时间": "Loaded",
    "文件": "File",
    "尚未导入放假安排：已知年份按系统内置日历计算。": "No notice loaded: known years follow the"
    " built-in calendar.",
    "导入放假安排": "Load a holiday notice",
    "上传一张表（Excel 或 CSV）：每天一行，列为“日期”“类型”（休 或 班），可加“说明”。"
    "同一年份再次导入会替换该年的安排。": "Upload a sheet (Excel or CSV), one row a day with the"
    " columns 日期 (date) and 类型 (休 off or 班 worked), optionally 说明 (note). Loading a year"
    " again replaces that year.",
    "只检查，不导入": "Check only",
    "导入": "Load",
    "文件未导入：以下行有问题": "The file was not loaded: these rows have problems",
    "行号": "Row",
    "字段": "Field",
    "原值": "Value",
    "应为": "Expected",
    "检查通过：共 {n} 天，可以导入。": "Checked: {n} days, ready to load.",
    "请选择要导入的放假安排文件。": "Choose the holiday notice file to load.",
    "已导入 {years} 的放假安排：放假 {h} 天，调休上班 {w} 天。": "Loaded the holidays of {years}:"
    " {h} days off, {w} weekend days worked.",
}

# Demand categories (workflow.CATEGORIES), stored as written and shown in the current locale.
TRANSLATIONS.update(
    {
        "政策咨询": "Policy question",
        "融资需求": "Financing",
        "用工招聘": "Hiring",
        "场地需求": "Space",
        "证照办理": "Licences and permits",
        "知识产权": "Intellectual property",
        "物业纠纷": "Property dispute",
        "交通停车": "Traffic and parking",
        "市场拓展": "Market expansion",
        "其他": "Other",
    }
)

# Why a firm is a key firm (grading.grade_reasons) and the grading's own words.
TRANSLATIONS.update(
    {
        "近12个月税收 ≥ {amount}": "tax in the last 12 months ≥ {amount}",
        "近12个月营业收入 ≥ {amount}": "revenue in the last 12 months ≥ {amount}",
        "从业人员 ≥ {n} 人": "employees ≥ {n}",
        "上市": "Listed",
        "拟上市": "Pre-IPO",
        "专精特新“小巨人”": "“Little giant”",
        "新雏鹰": "“New eaglet”",
        "研发中心": "R&D centre",
        "A类（核心重点企业）": "Grade A (core key firms)",
        "B类（重点培育企业）": "Grade B (key firms to foster)",
        "C类（重点关注企业）": "Grade C (key firms to watch)",
    }
)

# The visit plan's reasons (plan.visit_plan).
TRANSLATIONS.update(
    {
        "剩 {n} 天": "{n} days left",
        "已过期 {n} 天": "{n} days overdue",
        "{floor}层 {room} 租约 {end} 到期（{when}）": "{floor}F {room}: lease ends {end} ({when})",
        "重点企业，尚无走访记录": "Key firm, never visited",
        "已 {n} 天未走访": "Not visited for {n} days",
        "近12个月月均税收同比 {change}%（此前12个月 {prior}）": (
            "Monthly tax of the last 12 months {change}% y/y (the 12 months before: {prior})"
        ),
    }
)
TRANSLATIONS.update(
    {
        (
            "重点企业 {tenant} 在{building} {floor}层 {room} 的租约 {end} 到期（{when}），"
            "请安排走访了解续租意向"
        ): (
            "Key firm {tenant}: lease of {building} {floor}F {room} ends {end} ({when}); "
            "visit to learn whether it will renew"
        ),
    }
)
TRANSLATIONS.update(
    {
        "交办至 {target}": "Assigned to {target}",
        "超期未办结，系统自动督办": "Overdue: escalated automatically",
        "已经申报或享受过": "Already applied or received",
        "不符合我司实际情况": "Does not fit our situation",
        "信息有误": "The information is wrong",
        "暂时不需要": "Not needed now",
    }
)
# Messages: what a visit, a notice or a question answers when something is missing.
TRANSLATIONS.update(
    {
        "走访对象：请选择一家企业或一座楼宇": "Visited: choose a firm or a building",
        "走访对象：没有编号为 {id} 的企业": "Visited: there is no firm number {id}",
        "走访日期：{day} 晚于今天，请填写实际走访的日期": (
            "Visit date: {day} is after today; give the day the visit took place"
        ),
        "走访人员：请填写参加走访的人员": "Visitors: say who made the visit",
        "标题：请填写公告标题": "Title: give the notice a title",
        "目标标签：未知的标签 {tags}": "Target tags: unknown tag {tags}",
        "问题：请填写要咨询的内容": "Question: write what you want to ask",
        "答复：请填写答复内容": "Answer: write the answer",
    }
)

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "一行列名，含“日期”和“类型”（休/班），可有“说明”": (
            "a row of column names with “日期” (date) and “类型” (休 or 班), and optionally “说明”"
        ),
        "一年的通知不超过 {n} 行": "at most {n} rows for one year's notice",
        "2000 至 2100 年间的日期": "a date between 2000 and 2100",
        "休（放假）或 班（调休上班）": "休 (day off) or 班 (working day in exchange)",
        "每天一行（第 {row} 行已有此日）": "one row per day (row {row} already has this day)",
        "至少一天的安排": "at least one day's arrangement",
    }
)
