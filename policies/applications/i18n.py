"""Texts the application pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (N_("免申即享兑现记录"),)
