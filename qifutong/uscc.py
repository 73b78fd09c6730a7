"""Unified social credit codes (统一社会信用代码, GB 32100-2015): normalise and check.

python-stdnum's validator insists on digits in the first positions, yet real registration
authorities use letter codes there (e.g. "Y" for some), so the check is written out here."""

from __future__ import annotations

import re
import unicodedata

from qifutong.web.i18n import N_

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_./\\·—–:：,，]+")
# The letters GB 32100 leaves out because they are read for digits or other letters.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})


def normalise(raw: object) -> str:
    """Full-width to half-width, upper case, separators and spaces removed."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # an all-digit code typed into a number cell
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    return _SEPARATORS.sub("", text)


def check_character(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when `code` (already normalised) is a valid USCC, else the reason in Chinese."""
    if not code:
        return N_("缺少统一社会信用代码")
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return f"统一社会信用代码含非法字符“{''.join(sorted(set(bad)))}”（不得含 I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return N_("统一社会信用代码第3–8位应为行政区划代码（数字）")
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：末位应为“{expected}”，实为“{code[17]}”"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def repaired(code: str) -> str | None:
    """The valid code a typist most likely meant when only look-alike letters are wrong
    (O for 0, I for 1, Z for 2, S for 5, V for U); None when that does not give a valid code."""
    if len(code) != 18 or not any(c in "OIZSV" for c in code):
        return None
    fixed = code.translate(_LOOKALIKES)
    return fixed if is_valid(fixed) else None


def differences(a: str, b: str) -> int:
    """Positions in which two 18-character codes differ (99 when lengths differ)."""
    if len(a) != len(b):
        return 99
    return sum(x != y for x, y in zip(a, b, strict=True))
