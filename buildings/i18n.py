"""English for the buildings package's Chinese UI text."""

from __future__ import annotations

TRANSLATIONS = {
    "物业工作台": "Property desk",
    "楼宇地图": "Building map",
    "导入租约": "Import leases",
    "我的楼宇": "My buildings",
    "红色预警": "Red",
    "黄色预警": "Amber",
    "蓝色预警": "Blue",
    "未知": "Unknown",
    "续租": "Renew",
    "扩租": "Expand",
    "缩租": "Shrink",
    "退租": "Leave",
    "在租": "Active",
    "已续签": "Renewed",
    "已到期退租": "Ended",
    "已关闭": "Closed",
    "预警": "Warning",
    "处理": "Act",
    "备注": "Note",
    "全部": "All",
    "楼层": "Floor",
    "层": "F",
    "房号": "Room",
    "筛选": "Filter",
    "导出 Excel": "Export to Excel",
    "楼宇 · 单元": "Building · unit",
    "重点企业": "Key firm",
    "已过期 {n} 天": "{n} days overdue",
    "登记续签": "Record renewal",
    "新到期日": "New end date",
    "确认续签": "Confirm renewal",
    "三个月内没有到期的租约。": "No lease ends within three months.",
    "所选范围内没有到期的租约。": "No lease ends in the range chosen.",
    "到期月份": "Ending in",
    "预警级别": "Level",
    "{year}年{month}月": "{month}/{year}",
    "再点一次显示全部": "Click again to show every level",
    "空置房源": "Vacant units",
    "共 {n} 套，合计 {area}。": "{n} units, {area} in all.",
    ("“有需求的企业”是登记的场地需求与该房源面积相近的本街道企业数，街道可据此牵线对接。"): (
        "“Firms looking” counts the street's firms whose recorded space need is close to the "
        "unit's area; the street can put them in touch."
    ),
    "空置起始": "Vacant since",
    "空置天数": "Days vacant",
    "有需求的企业": "Firms looking",
    "无租约记录": "No lease on record",
    "所辖楼宇目前没有空置房源。": "Your buildings have no vacant unit now.",
    (
        "红色：剩余 ≤ {red} 天或已过期未处理；黄色：{a1}–{amber} 天；"
        "蓝色：{b1}–{blue} 天（含当天，北京时间）。"
    ): (
        "Red: {red} days left or fewer, or overdue and not closed; amber: {a1}–{amber} days; "
        "blue: {b1}–{blue} days (today inclusive, Beijing time)."
    ),
    "新增楼宇": "Add building",
    "编辑楼宇": "Edit building",
    "新增单元": "Add unit",
    "编辑单元": "Edit unit",
    "登记租约": "Add lease",
    "编辑租约": "Edit lease",
    "编辑": "Edit",
    "本楼到期预警": "This building's warnings",
    "地址": "Address",
    "类型": "Type",
    "等级": "Grade",
    "类型 / 等级": "Type / grade",
    "物业公司": "Property company",
    "地上 {a} 层，地下 {b} 层": "{a} floors above ground, {b} below",
    "空置": "Vacant",
    "楼层与单元": "Floors and units",
    "租约历史": "Lease history",
    "起租日期": "Start date",
    "到期日期": "End date",
    "着色": "Colour by",
    "按到期预警": "Lease warnings",
    "按出租率": "Occupancy",
    "点击楼宇打开楼宇页面。": "Click a building to open its page.",
    "楼宇名称": "Building name",
    "楼宇编码": "Building code",
    "建筑面积（㎡）": "Gross area (m²)",
    "可租面积（㎡）": "Leasable area (m²)",
    "地上层数": "Floors above ground",
    "地下层数": "Floors below ground",
    "建成年份": "Year built",
    "纬度（GCJ-02）": "Latitude (GCJ-02)",
    "经度（GCJ-02）": "Longitude (GCJ-02)",
    "租金（元/㎡·天）": "Rent (yuan/m²/day)",
    "租户名称": "Tenant name",
    "合同编号": "Contract number",
    "租期": "Term",
    "登记意向": "Record intent",
    "新起租日（默认原到期日次日）": "New start (default: the day after the old end)",
    "结束租约": "End lease",
    "结束方式": "How it ended",
    "结束日期": "End date",
    "续签链": "Renewal chain",
    "处理记录": "History",
    "时间（UTC）": "Time (UTC)",
    "内容": "Detail",
    "续签": "Renewal",
    "结束": "Closed",
    "导入": "Import",
    "登记": "Created",
    "修改": "Edited",
    (
        "上传租约表（.xlsx，或 UTF-8/GBK 编码的 .csv）。任何一行有误，整个文件都不会导入；"
        "每一行错误都会列出（行号、字段、原因）。修正后重新上传即可。"
    ): (
        "Upload a lease sheet (.xlsx, or .csv in UTF-8/GBK). If any row is wrong, nothing in "
        "the file is imported; every wrong row is listed (row, field, reason). Fix it and "
        "upload again."
    ),
    "下载模板": "Download the template",
    "文件": "File",
    "只检查，不导入": "Check only, do not import",
    "上传": "Upload",
    "请选择要上传的文件。": "Choose a file to upload.",
    "文件未导入：": "Not imported: ",
    "已导入": "Imported",
    "检查通过（未导入）": "Checked: no problems (not imported)",
    "文件被拒绝：未导入任何数据": "File refused: nothing was imported",
    "批次": "Batch",
    "下载报告": "Download the report",
    "报告": "Report",
    "行号": "Row",
    "字段": "Field",
    "原因": "Reason",
    "值": "Value",
    "导入记录": "Imports",
    "新增 / 更新 / 有误行": "Created / updated / bad rows",
    "已拒绝": "Refused",
    "仅检查": "Checked only",
    "数据行": "Rows",
    "有误的行": "Bad rows",
    "问题数": "Problems",
    "新增租约": "Leases created",
    "更新租约": "Leases updated",
    "未变化": "Unchanged",
    "新增走访任务": "Visit tasks opened",
    "可导入的行": "Rows that would import",
    "已保存。": "Saved.",
    "已登记 {tenant} 的意向：{intent}。": "Recorded {tenant}'s intent: {intent}.",
    "已登记续签，新租约到期日 {end}。": "Renewal recorded; the new lease ends on {end}.",
    "租约已结束。": "The lease has ended.",
    "楼宇": "Building",
    "楼层概览": "Stacking plan",
    "负责人": "Owner",
    "查看企业档案": "Open the firm's record",
    "共 {n} 份租约（含已续签、已结束）": "{n} leases (renewed and ended ones included)",
    (
        "必填列：楼宇编码（或楼宇名称）、楼层、房号、租户名称、起租日期、到期日期、面积；"
        "可选列：合同编号、统一社会信用代码、租金、状态、意向、备注。"
        "按合同编号（或单元、租户与起租日期）更新已有租约；表中新出现的房号会新增为单元。"
    ): (
        "Required columns: building code (or name), floor, room, tenant name, start date, end "
        "date, area; optional: contract number, USCC, rent, status, intent, note. Existing "
        "leases are updated by contract number (or unit, tenant and start date); rooms not yet "
        "known are added as units."
    ),
}

# Spaces offered to firms (buildings.offers): their phrases and size bands.
TRANSLATIONS.update(
    {
        "即将空出": "Soon vacant",
        "租金约 {rent} 元/㎡·天": "rent about {rent} yuan/m²/day",
        "租金面议": "rent negotiable",
        "，预计 {day} 起可租": ", available from {day}",
        "，现可入驻": ", available now",
        "{status}办公空间，{rent}{when}。地址：{address}": (
            "{status} office space, {rent}{when}. Address: {address}"
        ),
        "{building} {floor}层 {room}（{area} ㎡）": "{building} {floor}F {room} ({area} m²)",
        "100 ㎡以下": "under 100 m²",
        "100–300 ㎡": "100–300 m²",
        "300–1000 ㎡": "300–1,000 m²",
        "1000 ㎡以上": "over 1,000 m²",
    }
)

# Messages: what a form, an import or a job answers.
TRANSLATIONS.update(
    {
        "应为有限的数字": "should be a finite number",
        "不能为空，应为日期（如 2025-06-30）": "cannot be empty; give a date (such as 2025-06-30)",
        "“{value}”应在 {first} 与 {last} 之间": "“{value}” should be between {first} and {last}",
        "“{value}”不是有效日期，应为 年-月-日（如 2025-06-30）": (
            "“{value}” is not a valid date; give year-month-day (such as 2025-06-30)"
        ),
        "不能为空，应为数字": "cannot be empty; give a number",
        "“{value}”不是数字": "“{value}” is not a number",
        "数值过大（{number}）": "number too large ({number})",
        "应大于 0，实为 {number}": "should be above 0, not {number}",
        "应不小于 {minimum}，实为 {number}": "should be at least {minimum}, not {number}",
        "应为整数，实为 {number}": "should be a whole number, not {number}",
        "“{value}”不是可选值，应为：{allowed}": "“{value}” is not one of the choices: {allowed}",
        (
            "前 10 行中找不到表头（应含 楼宇编码、楼层、房号、租户名称、起租日期、到期日期"
            "、面积 等列）"
        ): (
            "No header in the first 10 rows (it should have columns such as 楼宇编码, 楼层,"
            " 房号, 租户名称, 起租日期, 到期日期 and 面积)"
        ),
        "缺少该列": "This column is missing",
        "不能为空": "cannot be empty",
        "到期日期 {end} 早于起租日期 {start}": (
            "The end date {end} is before the start date {start}"
        ),
        "与第 {row} 行的合同编号重复": "The same contract number as row {row}",
        "找不到该楼宇（应为楼宇编码或名称）": "No such building (give its code or name)",
        "不在您负责的楼宇范围内": "Not among the buildings in your charge",
        "该合同编号已属于另一单元的租约": "This contract number belongs to a lease of another unit",
        "已有租约（{tenant}）": "the lease in force ({tenant})",
        "第 {row} 行的租约": "the lease of row {row}",
        "与同一单元{where} {start}～{end} 时间重叠": (
            "Overlaps in time with {where} of the same unit, {start} to {end}"
        ),
        "提交导入的账号已停用，未导入": (
            "The account that sent the import has been disabled: nothing imported"
        ),
        "楼宇名称不能为空": "The building needs a name",
        "面积不能为负": "An area cannot be negative",
        "纬度应在 −90 与 90 之间": "The latitude should be between −90 and 90",
        "经度应在 −180 与 180 之间": "The longitude should be between −180 and 180",
        "楼宇编码不能为空": "The building needs a code",
        "楼宇编码 {code} 已存在": "The building code {code} already exists",
        "楼层不能为空": "The floor cannot be empty",
        "房号不能为空": "The room cannot be empty",
        "{floor} 层 {room} 已存在": "Floor {floor} room {room} already exists",
        "租户名称不能为空": "The tenant needs a name",
        "到期日 {end} 早于起租日 {start}": "The end date {end} is before the start date {start}",
        "与该单元在租租约（{tenant}，{start}～{end}）时间重叠": (
            "Overlaps in time with the unit's lease in force ({tenant}, {start} to {end})"
        ),
        "合同编号 {code} 已存在": "The contract number {code} already exists",
        "该租约已续签或已结束，不能再登记意向": (
            "This lease has been renewed or has ended: no intent can be recorded on it"
        ),
        "该租约已续签或已结束": "This lease has been renewed or has ended",
        "新的到期日应晚于原到期日 {end}": "The new end date should be after the old one, {end}",
        "新的到期日 {end} 早于新起租日 {start}": (
            "The new end date {end} is before the new start date {start}"
        ),
        "面积应大于 0": "The area should be above 0",
        "结束状态应为 ended（到期退租）或 closed（提前解约/关闭）": (
            "Choose how the lease ends: at its end date, or closed early"
        ),
    }
)
