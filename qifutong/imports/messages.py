"""Messages the importers store with a row (a credit code's problem, why a value was kept),
shown in the current locale: they are written in Chinese when stored, and read back here."""

from __future__ import annotations

import re

from qifutong.imports.apply import KEPT_AS_READ
from qifutong.web.i18n import Message, Phrase, current_locale, translate

# uscc.problem's messages, as patterns over what it stored.
_USCC = (
    (
        re.compile(r"^统一社会信用代码应为18位，实为(?P<n>\d+)位$"),
        "统一社会信用代码应为18位，实为{n}位",
    ),
    (
        re.compile(r"^统一社会信用代码含非法字符“(?P<chars>.+)”（不得含 I、O、S、V、Z）$"),
        "统一社会信用代码含非法字符“{chars}”（不得含 I、O、S、V、Z）",
    ),
    (
        re.compile(r"^统一社会信用代码校验位错误：末位应为“(?P<expected>.)”，实为“(?P<found>.)”$"),
        "统一社会信用代码校验位错误：末位应为“{expected}”，实为“{found}”",
    ),
)


def stored_message(text: str | None) -> str:
    """A stored message in the current locale (people's notes pass through unchanged)."""
    if not text or current_locale() != "en":
        return text or ""
    if text.startswith(KEPT_AS_READ):
        rest = stored_message(text[len(KEPT_AS_READ) :])
        return translate("统一社会信用代码按原样保留，待核实：{problem}", problem=rest)
    for pattern, template in _USCC:
        found = pattern.match(text)
        if found is not None:
            return translate(template, **found.groupdict())
    return translate(text) if text in _KNOWN else text


def uscc_phrase(text: str) -> Message:
    """A credit code's problem (uscc.problem's words) as a Phrase, read in each viewer's
    language; other text as it is."""
    for pattern, template in _USCC:
        found = pattern.match(text)
        if found is not None:
            return Phrase(template, found.groupdict())
    return Phrase(text) if text in _KNOWN else text


_KNOWN = {"缺少统一社会信用代码", "统一社会信用代码第3–8位应为行政区划代码（数字）"}

MESSAGES = {
    "统一社会信用代码按原样保留，待核实：{problem}": (
        "Credit code kept as read, to be checked: {problem}"
    ),
    "统一社会信用代码应为18位，实为{n}位": "The credit code should have 18 characters, not {n}",
    "统一社会信用代码含非法字符“{chars}”（不得含 I、O、S、V、Z）": (
        "The credit code holds characters it may not (“{chars}”; I, O, S, V and Z are not used)"
    ),
    "统一社会信用代码校验位错误：末位应为“{expected}”，实为“{found}”": (
        "Wrong check character in the credit code: the last should be “{expected}”, not “{found}”"
    ),
    "缺少统一社会信用代码": "No credit code",
    "统一社会信用代码第3–8位应为行政区划代码（数字）": (
        "Characters 3–8 of the credit code should be a region code (digits)"
    ),
}
# What happened to each value of an import (imports/batch.html).
MESSAGES.update(
    {
        "已写入": "Written",
        "待确认": "To confirm",
        "已采用": "New value taken",
        "保留原值": "Old value kept",
    }
)

# Messages: what an import answers (files, sheets, rows, values, decisions).
MESSAGES.update(
    {
        "这条变更已处理或不存在": "This change has already been dealt with or does not exist",
        "企业已不存在": "The firm no longer exists",
        "统一社会信用代码 {code} 已属于{name}：请在复核企业中合并": (
            "The credit code {code} belongs to {name}: merge them in the firms to review"
        ),
        "请选择采用新值、保留原值或更正": (
            "Choose take the new value, keep the old one, or correct it"
        ),
        "导入未执行，数据库未改动：{reason}": (
            "Nothing was imported and the database is unchanged: {reason}"
        ),
        "文件过大（{size}），上限为 {limit}": (
            "The file is too large ({size}); the limit is {limit}"
        ),
        "工作簿包含 {n} 个部件，上限为 {limit}": "The workbook has {n} parts; the limit is {limit}",
        "工作簿的部件 {part} 解压后 {size}，上限为 {limit}": (
            "The workbook part {part} unpacks to {size}; the limit is {limit}"
        ),
        "工作簿的部件 {part} 压缩比异常（{ratio} 倍，上限 {limit} 倍），疑似压缩炸弹，已拒绝": (
            "The workbook part {part} is compressed {ratio} times (the limit is {limit} tim"
            "es), like a zip bomb: refused"
        ),
        "工作簿解压后共 {size}，上限为 {limit}": (
            "The workbook unpacks to {size}; the limit is {limit}"
        ),
        "工作表“{sheet}”": "The sheet “{sheet}”",
        "{where}有 {n} 行，上限为 {limit} 行": "{where} has {n} rows; the limit is {limit}",
        "{where}有 {n} 列，上限为 {limit} 列": "{where} has {n} columns; the limit is {limit}",
        "单元格内容过长（{n} 个字符），上限为 {limit} 个字符": (
            "A cell is too long ({n} characters); the limit is {limit}"
        ),
        "无法识别的文字编码（第{at}字节附近）：应为 UTF-8、GBK 或 GB18030": (
            "Unknown text encoding (near byte {at}): it should be UTF-8, GBK or GB18030"
        ),
        "CSV 格式错误（第{row}行）：{problem}": "Bad CSV (line {row}): {problem}",
        "工作簿已损坏，无法打开（{problem}）": (
            "The workbook is damaged and cannot be opened ({problem})"
        ),
        "无法打开工作簿：{problem}（应为 xlsx、xls 或 csv 文件）": (
            "The workbook cannot be opened: {problem} (it should be an xlsx, xls or csv file)"
        ),
        (
            "未找到表头：应有一行列名，至少包含“企业名称”（或 单位名称、公司名称）以及 统一"
            "社会信用代码、法定代表人 等列"
        ): (
            "No header found: there should be a row of column names with at least 企业名称 "
            "(or 单位名称, 公司名称) and columns such as 统一社会信用代码 and 法定代表人"
        ),
        "请选择合并或保持独立": "Choose merge or keep apart",
        "待复核记录不存在": "This pair to review does not exist",
        "该记录已处理": "This has already been dealt with",
        "其中一家企业已不存在": "One of the two firms no longer exists",
        "没有要导入的文件": "No file to import",
        "{file}：无法读取文件（{problem}）": "{file}: the file cannot be read ({problem})",
        "{file}：与已导入的批次 #{batch} 内容相同，未作更改": (
            "{file}: the same as the batch #{batch} imported before; nothing changed"
        ),
        "未识别的标签（不在标签库中）：{tags}": (
            "Tags not recognised (not in the tag vocabulary): {tags}"
        ),
        "{file}：只接受 .xlsx、.xls 或 .csv 文件": (
            "{file}: only .xlsx, .xls or .csv files are accepted"
        ),
        "金额，如 500万元 或 5000000": "an amount, such as 500万元 or 5000000",
        "金额，如 500万元、5,000,000元 或 500万人民币": (
            "an amount, such as 500万元, 5,000,000元 or 500万人民币"
        ),
        "人民币金额（外币金额请折算为人民币）": (
            "an amount in yuan (convert other currencies to yuan)"
        ),
        "日期，如 2019-03-01、2019/3/1 或 2019年3月1日": (
            "a date, such as 2019-03-01, 2019/3/1 or 2019年3月1日"
        ),
        "存在的日期，如 2019-03-01": "a date that exists, such as 2019-03-01",
        "整数，如 25": "a whole number, such as 25",
        "不小于 0 的整数，如 25": "a whole number of at least 0, such as 25",
        "不小于 0 的整数，如 25 或 25人": "a whole number of at least 0, such as 25 or 25人",
        "是 或 否": "是 (yes) or 否 (no)",
        "企业规模：大型、中型、小型或微型": (
            "a firm size: 大型, 中型, 小型 or 微型 (large, medium, small, micro)"
        ),
        "登记状态：存续（在业）、迁出或注销": (
            "a registration status: 存续 (active), 迁出 (moved out) or 注销 (deregistered)"
        ),
        "发展阶段：初创期、成长期或成熟期": (
            "a stage: 初创期, 成长期 or 成熟期 (start-up, growth, mature)"
        ),
        "资质名称（{names}），未识别：{unknown}": (
            "qualification names ({names}); not recognised: {unknown}"
        ),
        "国民经济行业代码（GB/T 4754-2017），如 6513 或 I": (
            "an industry code (GB/T 4754-2017), such as 6513 or I"
        ),
        "国民经济行业门类或大类名称（GB/T 4754-2017），如 软件和信息技术服务业": (
            "an industry section or division name (GB/T 4754-2017), such as 软件和信息技术服务业"
        ),
        "楼层，如 12、12层 或 B1": "a floor, such as 12, 12层 or B1",
        "房号，如 1203 或 1203室": "a room, such as 1203 or 1203室",
        "电话号码，如 13812345678 或 0571-88888888": (
            "a phone number, such as 13812345678 or 0571-88888888"
        ),
        "电子邮箱，如 name@example.com": "an email address, such as name@example.com",
        "没有这个导入任务": "No such import job",
        "已合并为同一家企业": "Merged into one firm",
        "已确认为不同企业": "Kept as two firms",
        "已采用新值": "New value taken",
        "已保留原值": "Old value kept",
        "工作簿的部件 {part} 解压后超过其声明的大小，已拒绝": (
            "The workbook part {part} unpacks to more than it declares: refused"
        ),
        "工作表中有一行超过 {mb} MB，已拒绝": "A row of the sheet is over {mb} MB: refused",
        "我的导入任务": "My import jobs",
        "已完成": "Done",
        "失败": "Failed",
    }
)
