"""Texts the firm pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (
    N_("其他信息"),
    N_("平台记录"),
)
