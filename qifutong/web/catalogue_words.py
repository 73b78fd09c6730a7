"""The data catalogue's coverage lines in the current locale (the data sets' own words are
in the catalog, qifutong/translations)."""

from __future__ import annotations

import re

from qifutong.web.i18n import current_locale, term

_COVERAGE = re.compile(r"^(?P<label>.+) (?P<covered>[\d,]+) / (?P<of>[\d,]+) 家$")
_LAST_MONTH = re.compile(r"^上月（(?P<year>\d{4})年(?P<month>\d{1,2})月）有数据的企业$")


def coverage_text(text: str) -> str:
    """A coverage line ("有来源记录的在营企业 4,895 / 4,895 家") in the current locale."""
    found = _COVERAGE.match(text) if current_locale() == "en" else None
    if found is None:
        return text
    label = found.group("label")
    month = _LAST_MONTH.match(label)
    if month:
        label = f"Firms with data for last month ({month['year']}-{int(month['month']):02d})"
    else:
        label = term(label)
    return f"{label} {found['covered']} / {found['of']} firms"
