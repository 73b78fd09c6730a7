"""Texts the policy pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (
    N_("兑现"),
    N_("自行申报"),
    N_("金额，如 5万"),
)
