"""Texts the cockpit pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (
    N_("仅校验"),
    N_("或"),
)
