"""The cockpit's own texts in the current locale: each indicator's scope, formula, source and
as-of line, chart labels and months (their English is in the catalog, qifutong/translations).
A scope or a source of several parts (joined by "；") is translated part by part."""

from __future__ import annotations

import calendar
import re

from qifutong.web.i18n import N_, current_locale, term

# The parts of scopes and sources written as one text joined by "；" (the whole texts are
# marked where the indicators are defined); their English is in the catalog.
PARTS = (
    N_("按所选楼宇、行业筛选"),
    N_("不受行业筛选影响"),
    N_("在本街道经营且存续在营的企业中已上市或拟上市的企业"),
    N_("在本街道经营且存续在营的企业中已划分成长梯度的企业"),
    N_("在本街道经营且存续在营的企业中持有专精特新或“小巨人”资质的企业"),
    N_("在本街道经营且存续在营的企业中持有高新技术企业资质的企业"),
    N_("在本街道经营且存续在营的企业中标记为规上的企业"),
    N_("在本街道经营且存续在营的企业中被评为A/B/C类的重点企业"),
    N_("在租租约"),
    N_("覆盖率：被走访的A/B/C类重点企业 ÷ 重点企业数"),
    N_("所选范围内的楼宇（楼宇用户：其负责的楼宇）"),
    N_("税收：纳税在地的企业（含期内迁出企业迁出前的税收）"),
    N_("人数：在本街道经营且存续在营的企业"),
    N_("企业名录中的分级分类结果"),
    N_("西湖区统计局月报"),
    N_("Σ 企业逐月税收中的地方留存部分（所选期间内有数据的月份；同比对照上年相同月份）"),
    N_("Σ 企业逐月税收总额（所选期间内有数据的月份；同比对照上年相同月份）"),
    N_("Σ 企业逐月营业收入（所选期间内有数据的月份；同比对照上年相同月份）"),
    N_("获批企业"),
    N_("A类"),
    N_("B类"),
    N_("C类"),
)


MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
YEAR = re.compile(r"^(\d{4})年$")
DATED = re.compile(r"^(.*)（(\d{4})年(\d{1,2})月）$")  # 西湖区统计局月报（2026年11月）
SECTION = re.compile(r"^([A-T]) (\S+)$")  # "I 信息传输、软件和信息技术服务业"
ROOM = re.compile(r"^(\S+)层 (\S+)$")  # a lease's unit: "12层 1201"
PERIOD = re.compile(r"^(本期|上年同期)（(\d{4})年）$")


def cockpit_text(text: str) -> str:
    """A scope, formula, source or as-of line in the current locale, part by part."""
    if current_locale() != "en" or not text:
        return text
    whole = term(text)
    if whole != text:
        return whole
    dated = DATED.match(text)
    if dated:
        name, year, month = dated.groups()
        return f"{cockpit_text(name)} ({year}-{int(month):02d})"
    return "; ".join(term(part) for part in text.split("；"))


def month_label(label: str) -> str:
    """A trend's month ("11月") in the current locale ("Nov")."""
    found = re.match(r"^(\d{1,2})月$", label) if current_locale() == "en" else None
    return calendar.month_abbr[int(found.group(1))] if found else label


def label_text(label: str) -> str:
    """A chart's category or series label in the current locale: months as 2026-11, years
    as 2026, vocabulary words in English; names (buildings, firms) as they are."""
    if current_locale() != "en" or not label:
        return label
    if YEAR.match(label):
        return label[:4]
    section = SECTION.match(label)
    if section:
        return f"{section.group(1)} {term(section.group(2))}"
    room = ROOM.match(label)
    if room:
        return f"{room.group(1)}F {room.group(2)}"
    period = PERIOD.match(label)
    if period:
        word = "this period" if period.group(1) == "本期" else "a year earlier"
        return f"{word} ({period.group(2)})"
    return MONTH.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}", term(label))
