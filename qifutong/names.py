"""Firm-name normalisation (pure): what is left when form, region and noise are taken away."""

from __future__ import annotations

import re
import unicodedata

LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "合伙企业（有限合伙）",
    "合伙企业(有限合伙)",
    "（有限合伙）",
    "(有限合伙)",
    "合伙企业",
    "集团公司",
    "公司",
)
REGIONS = (
    "浙江省",
    "杭州市",
    "西湖区",
    "浙江",
    "杭州",
    "西湖",
    "上海市",
    "上海",
    "北京市",
    "北京",
    "深圳市",
    "深圳",
    "江苏省",
    "江苏",
    "宁波市",
    "宁波",
)
_BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]")
_NOISE = re.compile(r"[\s·•,，.。、\"'“”‘’]+")
_BRANCH = re.compile(r"(分公司|分部|办事处|分店|营业部|分中心)$")


def clean(name: object) -> str:
    """NFKC, no spaces or quotes, brackets made ASCII."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip()
    text = _NOISE.sub("", text)
    return text


def split_name(name: object) -> tuple[str, str | None, bool]:
    """(core name, region, is_branch). The region kept apart: 浙江X ≠ 杭州X."""
    text = clean(name)
    is_branch = bool(_BRANCH.search(text))
    region = None
    # A bracketed region anywhere: XX（杭州）科技有限公司.
    for m in _BRACKETS.finditer(text):
        inner = m.group(1)
        if inner in REGIONS:
            region = inner
            text = text[: m.start()] + text[m.end() :]
            break
    if region is None:
        for r in REGIONS:
            if text.startswith(r):
                region, text = r, text[len(r) :]
                break
    text = _BRACKETS.sub(lambda m: m.group(1), text)
    for form in LEGAL_FORMS:
        key = form.replace("(", "").replace(")", "").replace("（", "").replace("）", "")
        if not is_branch and text.endswith(key):
            text = text[: -len(key)]
            break
    region = {
        "浙江省": "浙江",
        "杭州市": "杭州",
        "西湖区": "西湖",
        "上海市": "上海",
        "北京市": "北京",
        "深圳市": "深圳",
        "江苏省": "江苏",
        "宁波市": "宁波",
    }.get(region or "", region)
    return text, region, is_branch


def normalise_name(name: object) -> str:
    """The comparable core of a firm name."""
    return split_name(name)[0]
