"""Messages the importers store with a row (a credit code's problem, why a value was kept),
shown in the current locale: they are written in Chinese when stored, and read back here."""

from __future__ import annotations

import re

from qifutong.web.i18n import N_, Message, Phrase, current_locale, translate

# The note stored with a credit code kept as read (imports/apply.py writes it).
KEPT_AS_READ = "统一社会信用代码按原样保留，待核实："

# uscc.problem's messages, as patterns over what it stored.
_USCC = (
    (
        re.compile(r"^统一社会信用代码应为18位，实为(?P<n>\d+)位$"),
        N_("统一社会信用代码应为18位，实为{n}位"),
    ),
    (
        re.compile(r"^统一社会信用代码含非法字符“(?P<chars>.+)”（不得含 I、O、S、V、Z）$"),
        N_("统一社会信用代码含非法字符“{chars}”（不得含 I、O、S、V、Z）"),
    ),
    (
        re.compile(r"^统一社会信用代码校验位错误：末位应为“(?P<expected>.)”，实为“(?P<found>.)”$"),
        N_("统一社会信用代码校验位错误：末位应为“{expected}”，实为“{found}”"),
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
