"""Messages the importers store with a row (a credit code's problem, why a value was kept),
shown in the current locale: they are written in Chinese when stored, and read back here."""

from __future__ import annotations

import re

from qifutong.imports.apply import KEPT_AS_READ
from qifutong.web.i18n import current_locale, translate

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
