"""Texts the matching pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (N_("“暂无数据”表示平台还没有贵企业这项信息，不代表不符合；可在企业信息中补充。"),)
