"""No template writes Chinese outside `_()`: such text would stay Chinese in the English UI."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("qifutong", "buildings", "policies", "dashboards")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]*>")


def literal_chinese(source: str) -> list[tuple[int, str]]:
    """(line, text) of each piece of template text (not an expression) holding Chinese."""
    found = []
    for line, kind, value in Environment().lex(source):
        if kind == "data":
            for piece in TAG.sub("\n", value).splitlines():
                if CHINESE.search(piece):
                    found.append((line, piece.strip()))
    return found


def test_literal_chinese_is_found():
    assert literal_chinese("<p>{{ _('楼宇') }}</p>") == []
    assert literal_chinese("<p>{{ n }}室</p>") == [(1, "室")]


def test_no_template_has_chinese_outside_a_translation_call():
    untranslated = {
        f"{path.relative_to(ROOT)}:{line}": text
        for package in PACKAGES
        for path in sorted((ROOT / package).glob("**/templates/**/*.html"))
        for line, text in literal_chinese(path.read_text(encoding="utf-8"))
    }
    assert untranslated == {}
