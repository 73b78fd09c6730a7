"""Texts the demand and visit pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (N_("数据不足"),)
