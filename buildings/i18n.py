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

# The building map's legend, labels and hover (buildings/mapping.py).
TRANSLATIONS.update(
    {
        "无预警": "No warning",
        "无数据": "No data",
        "出租率 ≥ 90%": "Occupancy ≥ 90%",
        "红": "red",
        "黄": "amber",
        "蓝": "blue",
        "出租率 {rate}": "occupancy {rate}",
        "空置 {area}": "vacant {area}",
        "预警面积 {area}": "area under warning {area}",
        "平均出租率 {rate}": "average occupancy {rate}",
        "预警面积越大，圆点越大": "The larger the area under warning, the larger the marker",
        "可租面积越大，圆点越大": "The larger the leasable area, the larger the marker",
    }
)
