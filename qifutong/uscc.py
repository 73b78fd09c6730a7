"""Unified social credit codes (统一社会信用代码, GB 32100-2015): normalise and check.

python-stdnum's validator insists on digits in the first positions, yet real registration
authorities use letter codes there (e.g. "Y" for some), so the check is written out here."""

from __future__ import annotations

import re
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_./\\·—–]+")


def normalise(raw: object) -> str:
    """Full-width to half-width, upper case, separators and spaces removed."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    return _SEPARATORS.sub("", text)


def check_character(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when `code` (already normalised) is a valid USCC, else the reason in Chinese."""
    if not code:
        return "缺少统一社会信用代码"
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return f"统一社会信用代码含非法字符“{''.join(sorted(set(bad)))}”（不得含 I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3–8位应为行政区划代码（数字）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：末位应为“{expected}”，实为“{code[17]}”"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None
