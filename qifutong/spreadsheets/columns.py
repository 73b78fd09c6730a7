"""Header synonyms: the many ways a roster names each firm field (pure)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Canonical field → headers seen in street rosters (the first one is how reports name it).
FIRM_HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序", "no"),
    "name": (
        "企业名称",
        "单位名称",
        "公司名称",
        "名称",
        "企业单位名称",
        "纳税人名称",
        "市场主体名称",
        "企业名",
        "机构名称",
        "商户名称",
    ),
    "uscc": (
        "统一社会信用代码",
        "信用代码",
        "社会信用代码",
        "统一代码",
        "统一社会信用代码注册号",
        "纳税人识别号",
        "税号",
        "uscc",
    ),
    "legal_rep": (
        "法定代表人",
        "法人",
        "负责人",
        "法人代表",
        "法定代表人负责人",
        "经营者",
        "执行事务合伙人",
        "法定代表人姓名",
    ),
    "registered_capital": ("注册资本", "注册资金", "认缴资本", "认缴注册资本", "出资额"),
    "founded_on": ("成立日期", "成立时间", "注册日期", "设立日期", "成立年月", "登记日期"),
    "company_type": ("企业类型", "公司类型", "类型", "市场主体类型", "企业性质", "经济类型"),
    "status": ("登记状态", "经营状态", "企业状态", "状态", "存续状态", "在营状态"),
    "registered_address": ("注册地址", "住所", "住所地", "地址", "企业地址", "注册地"),
    "business_scope": ("经营范围", "主营业务", "业务范围", "主营范围"),
    "industry_code": (
        "行业代码",
        "国民经济行业代码",
        "国标行业代码",
        "行业分类代码",
        "所属行业代码",
        "国民经济行业分类代码",
    ),
    "industry_name": ("所属行业", "行业", "行业门类", "行业名称", "国民经济行业", "行业分类"),
    "size_class": ("企业规模", "规模", "企业规模类型", "企业划型", "规模类型"),
    "headcount": ("从业人数", "员工人数", "职工人数", "从业人员", "人数", "参保人数", "员工数"),
    "revenue": ("营业收入", "年营业收入", "营收", "主营业务收入", "销售收入", "年营收"),
    "tax": ("纳税总额", "年纳税额", "税收", "税收总额", "纳税额", "实缴税金", "全口径税收"),
    "qualifications": ("企业资质", "资质认定", "资质", "企业荣誉", "资质荣誉", "认定资质"),
    "ip_patents": ("专利数", "专利", "专利数量", "有效专利数", "授权专利数"),
    "ip_software": ("软件著作权数", "软著", "软件著作权", "软著数量", "软件著作权数量"),
    "ip_trademarks": ("商标数", "商标", "注册商标数", "商标数量"),
    "registered_here": ("注册在本街道", "是否注册在地", "注册在地", "注册地在本街道"),
    "operates_here": ("实际经营在本街道", "是否在地经营", "经营在地", "实际经营地在本街道"),
    "tax_here": ("税收在本街道", "是否在地纳税", "纳税在地", "税收在地", "税收是否在本街道"),
    "above_scale": ("规上企业", "是否规上", "规模以上", "是否规模以上企业", "是否规上企业"),
    "building": ("所在楼宇", "楼宇名称", "楼宇", "所在大楼", "办公楼宇", "大厦", "所在园区"),
    "floor": ("楼层", "所在楼层", "层"),
    "room": ("房号", "室号", "房间号", "门牌号", "房间", "所在房号"),
    "moved_in_on": ("入驻日期", "入驻时间", "迁入日期", "入驻年月"),
    "moved_out_on": ("迁出日期", "迁出时间", "退租日期"),
    "contact_name": ("联系人", "联系人姓名", "企业联系人"),
    "contact_phone": ("联系电话", "手机号码", "电话", "联系方式", "手机", "联系人电话", "手机号"),
    "email": ("电子邮箱", "邮箱", "email", "e-mail", "电子邮件", "邮件"),
    "area_need": ("需求面积", "意向面积", "场地需求", "需求场地面积"),
    "stage": ("发展阶段", "企业阶段"),
    "grade": ("重点企业等级", "企业等级", "重点企业类别"),
    "tags": ("标签", "企业标签"),
    "note": ("备注", "说明", "备注说明"),
}
FIELD_LABELS = {field: names[0] for field, names in FIRM_HEADERS.items()}
IDENTITY = ("name", "uscc", "legal_rep", "registered_address")

_UNIT = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]$")
_NOISE = re.compile(r"[\s*＊※:：_\-]+")
_MONEY_UNITS = {"万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8, "元": 1.0, "千元": 1e3}


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: where it is, what it was called, what it means."""

    index: int
    header: str
    field: str | None  # None: not a firm field (kept in the row's raw values)
    unit: float = 1.0  # money headers in 万元 multiply by 10,000


def clean_header(raw: object) -> tuple[str, float]:
    """(header as compared, money unit from a bracketed 万元/元 suffix)."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    unit = 1.0
    m = _UNIT.search(text)
    while m:
        inner = _NOISE.sub("", m.group(1))
        unit = _MONEY_UNITS.get(inner, unit)
        text = text[: m.start()]
        m = _UNIT.search(text)
    text = text.replace("(", "").replace(")", "").replace("/", "")
    return _NOISE.sub("", text).lower(), unit


_EXACT = {re.sub(r"[()/]", "", h.lower()): f for f, hs in FIRM_HEADERS.items() for h in hs}
_LONGEST_FIRST = sorted(_EXACT, key=len, reverse=True)
# Chinese headers end in their noun (法定代表人联系电话 is a phone); else a synonym inside.
_HOLDS = re.compile("|".join(re.escape(s) for s in _LONGEST_FIRST if len(s) >= 3))


@lru_cache(maxsize=4096)
def _field_of(header: str) -> str | None:
    return field_of(header)


def field_of(header: object) -> str | None:
    """The firm field a header names: exact synonym, else the longest synonym the header ends
    with, else the longest one it holds."""
    key, _ = clean_header(header)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    # The longest synonym ending the header: try each start position, leftmost first.
    for start in range(len(key) - 1):
        if key[start:] in _EXACT:
            return _EXACT[key[start:]]
    found = _HOLDS.search(key)
    return _EXACT[found.group(0)] if found else None


def map_columns(headers: list[object]) -> list[Column]:
    """Columns in order; a field named twice keeps its first column, the rest stay raw."""
    seen: set[str] = set()
    out = []
    for i, header in enumerate(headers):
        _, unit = clean_header(header)
        field = field_of(header)
        if field in seen:
            field = None
        if field:
            seen.add(field)
        out.append(Column(i, str(header or "").strip(), field, unit))
    return out


def header_score(cells: list[object]) -> int:
    """How many distinct firm fields a row names (to find the header below title rows)."""
    fields = {_field_of(c) for c in cells if isinstance(c, str) and 0 < len(c.strip()) <= 30}
    fields.discard(None)
    return len(fields) + (2 if "name" in fields else 0)
