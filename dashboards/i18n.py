"""English for the cockpit's Chinese UI text (the indicator names come from the registry)."""

from __future__ import annotations

from dashboards.period import PRESETS
from dashboards.registry import GROUPS, indicators

UI = {
    "{year}年{month}月": "{year}-{month:0>2}",
    "未导入": "Not imported",
    "仅校验": "Checked only",
    "已导入": "Imported",
    "经济驾驶舱": "Cockpit",
    "经济数据驾驶舱": "Economic cockpit",
    "楼宇指标": "Building indicators",
    "统计期间": "Period",
    "起始月": "From",
    "截止月": "To",
    "全部楼宇": "All buildings",
    "全部行业": "All industries",
    "查询": "Apply",
    "万美元": "10k USD",
    "亿元": "100M yuan",
    "表头：指标、月份、数值、单位、来源；“指标”一列填写下表中的指标名称。文件编码 UTF-8 或 GBK。": (
        "Header: 指标, 月份, 数值, 单位, 来源 (or key, month, value, unit, source); the 指标 "
        "column names an indicator of the table below. Encoding UTF-8 or GBK."
    ),
    "同比对照": "Compared with",
    "月度经济数据截至": "Monthly data up to",
    "同比": "y/y",
    "其中 {n} 条": "{n} of them",
    "口径": "Scope",
    "来源": "Source",
    "截至": "As of",
    "计算方法": "Formula",
    "口径与计算方法": "Scope and formula",
    "查看明细": "Records",
    "查看构成这个数字的明细": "Open the records behind this number",
    "明细": "records",
    "筛选": "Narrowed to",
    "取消": "clear",
    "共 {n} 条记录": "{n} records",
    "导出 Excel": "Export to Excel",
    "地图化": "Map",
    "按指标着色与缩放": "Size and colour by",
    "圆点大小与颜色表示": "Marker size and colour show",
    "点击楼宇查看明细。": "Click a building to open its records.",
    "区统计数据导入": "District statistics import",
    "上传月度统计CSV": "Upload the monthly statistics CSV",
    "仅校验，不导入": "Check only, do not import",
    "导入": "Import",
    (
        "整份文件校验通过才会导入；任何一行有误则全部不导入，并列出每一行的错误。"
        "原始文件连同校验码保存备查。"
    ): (
        "A file is imported only when every row is valid; otherwise nothing is imported and "
        "every bad row is listed. The original file is kept with its checksum."
    ),
    "表头": "Header",
    "或": "or",
    "指标": "Indicator",
    "单位": "Unit",
    "本次导入": "This import",
    "文件": "File",
    "结果": "Result",
    "行号": "Row",
    "字段": "Field",
    "原因": "Reason",
    "导入记录": "Import history",
    "时间": "Time",
    "行数": "Rows",
    "企业名称": "Firm",
    "最新一期": "Latest month",
    "楼宇": "Building",
}


# Messages: what the district statistics import answers.
UI.update(
    {
        "文件没有数据行": "The file has no data rows",
        "文件未导入：{problem}": "File not imported: {problem}",
        "文件为空或缺少表头行（应有 指标、月份、数值、来源 列）": (
            "The file is empty or has no header row (it should have the columns 指标, 月份,"
            " 数值 and 来源)"
        ),
        "缺少“{column}”列": "No “{column}” column",
        "未知指标“{key}”，应为：{known}": "Unknown indicator “{key}”; it should be one of: {known}",
        "月份 {month} 晚于本月": "The month {month} is after this month",
        "月份“{month}”应为 YYYY-MM 格式": "The month “{month}” should be written YYYY-MM",
        "数值“{value}”不是数字": "The value “{value}” is not a number",
        "单位“{unit}”与指标单位“{expected}”不符": (
            "The unit “{unit}” differs from the indicator's unit “{expected}”"
        ),
        "来源不能为空（如：西湖区统计局月报）": (
            "The source cannot be empty (such as the district statistics bureau's monthly report)"
        ),
        "来源过长（最多120字）": "The source is too long (at most 120 characters)",
        "{indicator} {month} 与第 {row} 行重复": "{indicator} {month} repeats row {row}",
        "请选择要导入的CSV文件": "Choose a CSV file to import",
        "已导入 {rows} 行：新增 {created}，更新 {updated}，未变 {unchanged}": (
            "{rows} rows imported: {created} new, {updated} updated, {unchanged} unchanged"
        ),
        "文件未导入：{n} 处错误，数据未作任何改动": (
            "File not imported: {n} errors, no data changed"
        ),
    }
)


def translations() -> dict[str, str]:
    out = dict(UI)
    out.update({i.name_zh: i.name_en[:1].upper() + i.name_en[1:] for i in indicators()})
    out.update({zh: en for zh, en in GROUPS.values()})
    out.update(
        dict(
            zip(
                PRESETS.values(),
                ("Year to date", "Last month", "Last 12 months", "Last year", "Custom"),
                strict=True,
            )
        )
    )
    return out
