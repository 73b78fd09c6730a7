"""Firm-name normalisation (pure): what is left when form, region and noise are taken away.

A name is taken apart into its region (杭州, 浙江 …, as a prefix or in brackets), its comparable
core, its legal-form class (company / partnership / none) and, for a branch (分公司, 支行 …),
the branch part. Two names with the same key may be the same firm; names whose regions or
branch parts differ are different firms."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Provinces, the prefecture-level cities of Zhejiang, large cities elsewhere, and the
# districts of Hangzhou: the administrative prefixes firm names carry.
_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
)
_CITIES = (
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 慈溪 余姚 诸暨 乐清 瑞安 "
    "深圳 广州 南京 苏州 无锡 常州 合肥 福州 厦门 济南 青岛 武汉 长沙 成都 西安 郑州 沈阳 "
    "大连 昆明 南昌 南宁 贵阳 兰州 太原 石家庄 哈尔滨 长春 珠海 东莞 佛山"
)
_DISTRICTS = "上城 下城 拱墅 西湖 滨江 萧山 余杭 临平 钱塘 富阳 临安 桐庐 淳安 建德"
REGIONS = tuple(" ".join((_PROVINCES, _CITIES, _DISTRICTS)).split())
_REGION_ALT = "|".join(sorted(REGIONS, key=len, reverse=True))
_REGION_PREFIX = re.compile(rf"^(?:(?:{_REGION_ALT})(?:省|市|自治区|区|县)?){{1,3}}")
_REGION_PART = re.compile(rf"({_REGION_ALT})(?:省|市|自治区|区|县)?")

# Longest first: the first match at the end of the name wins.
_COMPANY_FORMS = ("股份有限公司", "有限责任公司", "股份合作公司", "有限公司", "公司")
_PARTNERSHIP_FORMS = (
    "合伙企业(有限合伙)",
    "合伙企业(普通合伙)",
    "合伙企业(特殊普通合伙)",
    "(有限合伙)",
    "(普通合伙)",
    "(特殊普通合伙)",
    "合伙企业",
)
_FORM_CLASS = {f: "company" for f in _COMPANY_FORMS} | {
    f: "partnership" for f in _PARTNERSHIP_FORMS
}
_FORMS = tuple(sorted(_FORM_CLASS, key=len, reverse=True))
_BRANCH_MARK = "分公司|分店|分部|办事处|营业部|分中心|支行|分行|分所|代表处|经营部|分厂|分院"
_BRANCH = re.compile(
    r"^(?P<parent>.*(?:股份有限公司|有限责任公司|有限公司|公司|事务所|银行|\(有限合伙\)"
    rf"|\(普通合伙\)|合伙企业|集团))(?P<branch>[^()]*?(?:{_BRANCH_MARK}))$"
)
_BRANCH_ONLY = re.compile(rf"(?:{_BRANCH_MARK})$")
_BRANCH_MARKS = tuple(_BRANCH_MARK.split("|"))
_REGION_FIRST = frozenset(r[0] for r in REGIONS)
# The legal forms by their last two characters, longest first.
_FORMS_ENDING: dict[str, tuple[str, ...]] = {}
for _form in _FORMS:
    _FORMS_ENDING[_form[-2:]] = (*_FORMS_ENDING.get(_form[-2:], ()), _form)
_BRANCH_BRACKETED = re.compile(rf"\(([^()]*(?:{_BRANCH_MARK}))\)$")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_NOISE = re.compile(r"[\s·•.。、,，\"'“”‘’「」『』《》]+")
_BRACKET_MAP = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_MANY_SPACES = re.compile(r"\s{2,}")
_HAS_CJK = re.compile(f"[{_CJK}]")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}()（）])\s+|\s+(?=[{_CJK}()（）])")


@dataclass(frozen=True)
class NameParts:
    """A firm name taken apart for comparison."""

    core: str  # comparable core: no region, no legal form, no punctuation or spaces
    region: str | None  # 杭州, 浙江, 浙江杭州 … (administrative suffixes dropped)
    form: str  # "company", "partnership" or "" (no legal form in the name)
    branch: str | None  # the branch part of a branch's name ("西湖分公司"), else None
    region_key: str = ""  # the region's parts in a fixed order, for comparing

    @property
    def is_branch(self) -> bool:
        return self.branch is not None

    @property
    def key(self) -> str:
        """Equal keys: the same name up to noise, legal-form wording and region placement."""
        return f"{self.region_key}|{self.core}|{self.form}|{self.branch or ''}"


def _ascii_brackets(text: str) -> str:
    # str.translate looks up every character: cheaper to look for the few that differ.
    for odd in "【】[]〔〕":
        if odd in text:
            return text.translate(_BRACKET_MAP)
    return text


def clean(name: object) -> str:
    """NFKC, ASCII brackets, no spaces, quotes or stray punctuation (the comparison form)."""
    text = _ascii_brackets(unicodedata.normalize("NFKC", str(name or "")))
    return _NOISE.sub("", text).lower()


def display_name(name: object) -> str:
    """The name as stored and shown: trimmed, no spaces inside Chinese text, full-width
    brackets (as registered Chinese names have them); Latin words keep their spaces."""
    text = _ascii_brackets(unicodedata.normalize("NFKC", str(name or ""))).strip()
    if len(text.split(maxsplit=1)) > 1:  # spaces inside (the regular expressions are slower)
        text = _SPACE_NEAR_CJK.sub("", text)
        text = _MANY_SPACES.sub(" ", text)
    if ("(" in text or ")" in text) and _HAS_CJK.search(text):
        text = text.replace("(", "（").replace(")", "）")
    return text


@lru_cache(maxsize=4096)
def _region_parts(prefix: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in _REGION_PART.finditer(prefix))


@lru_cache(maxsize=65536)
def parse_name(name: str) -> NameParts:
    """Take a firm name apart (cached: rosters repeat names)."""
    core, region, form, branch, region_key = _parts(name)
    return NameParts(core=core, region=region, form=form, branch=branch, region_key=region_key)


def parse_names(names: list[str]) -> dict[str, list[str]]:
    """Distinct names taken apart as parse_name does, as columns: key, core, region_key,
    branch ("" for none) and form (for a whole roster: no cache, no object per name)."""
    out: dict[str, list[str]] = {"key": [], "core": [], "region_key": [], "branch": [], "form": []}
    key, core_, region_, branch_, form_ = (out[k].append for k in out)
    for name in names:
        core, _, form, branch, region_key = _parts(name)
        key(f"{region_key}|{core}|{form}|{branch or ''}")
        core_(core)
        region_(region_key)
        branch_(branch or "")
        form_(form)
    return out


def _parts(name: str) -> tuple[str, str | None, str, str | None, str]:
    """(core, region, form, branch, region key) of a firm name."""
    text = clean(name)
    # The regular expressions run only where the cheap test says they can match.
    if text.endswith(")"):
        text = _BRANCH_BRACKETED.sub(r"\1", text)
    branch = None
    if text.endswith(_BRANCH_MARKS):
        m = _BRANCH.match(text)
        cut = _BRANCH_ONLY.search(text)
        assert cut is not None
        text, branch = (
            (m.group("parent"), m.group("branch")) if m else (text[: cut.start()], cut.group(0))
        )
    regions: list[str] = []
    if "(" in text:
        for bm in _BRACKETED.finditer(text):
            inside = bm.group(1)
            if inside == "中国" or (inside and not _REGION_PREFIX.sub("", inside)):
                regions = ["中国"] if inside == "中国" else list(_region_parts(inside))
                text = text[: bm.start()] + text[bm.end() :]
                break
    prefix = _REGION_PREFIX.match(text) if text[:1] in _REGION_FIRST else None
    if prefix and prefix.end() < len(text):
        regions = [*_region_parts(prefix.group(0)), *regions]
        text = text[prefix.end() :]
    region = "".join(regions) or None
    form = ""
    for suffix in _FORMS_ENDING.get(text[-2:], ()):
        if text.endswith(suffix) and len(text) > len(suffix):
            form = _FORM_CLASS[suffix]
            text = text[: -len(suffix)]
            break
    core = text.replace("(", "").replace(")", "")
    if branch is not None:
        branch = branch.replace("(", "").replace(")", "")
    # 山东（杭州）X and 杭州山东X name one firm: compare the parts in a fixed order.
    region_key = "".join(sorted(regions))
    return core, region, form, branch, region_key


def name_key(name: object) -> str:
    return parse_name(str(name or "")).key


def key_digest(key: str) -> str:
    """A short stable digest of a name key (for identity keys of 64 characters at most)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def split_name(name: object) -> tuple[str, str | None, bool]:
    """(core name, region, is_branch). The region kept apart: 浙江X ≠ 杭州X. A branch's core
    carries its branch part, so it never equals its parent's."""
    parts = parse_name(str(name or ""))
    core = parts.core + (parts.branch or "")
    return core, parts.region, parts.is_branch


def normalise_name(name: object) -> str:
    """The comparable core of a firm name."""
    return split_name(name)[0]
