"""What of a page's visible English text is still Chinese, data aside.

Data may stay Chinese in the English UI: what people and registries wrote (names of firms,
people and buildings, addresses, titles, summaries, notes). It is told apart two ways: an
element marked `lang="zh"` in a template, and any text stored in the database's free-text
columns (every text column holding Chinese, except the ones that store the platform's own
words: vocabulary labels and messages the platform wrote)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from flask import Flask
from sqlalchemy import String, Text, select

HAN = re.compile(r"[\u4e00-\u9fff]")
# A run of Chinese as a reader sees it: Chinese characters with the punctuation, digits and
# letters between them.
HAN_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\w（）()、，：；。“”·\-—/%.]*")
# Columns that hold the platform's own words, not data: these must be translated when shown.
PLATFORM_COLUMNS = {
    ("tag", "name_zh"),
    ("tag", "name_en"),
    ("policy", "category"),
    ("demand", "category"),
    ("push", "dismissed_reason"),
    ("enterprise", "uscc_problem"),
    ("pending_change", "reason"),
    ("visit_task", "detail"),
    ("macro_statistic", "unit"),
    ("macro_statistic", "source"),
}
SKIP_TAGS = {"script", "style", "template", "noscript", "title"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
KEY = 3  # data texts are looked up by their first characters
TRUNCATED_AT_LEAST = 20  # a shown prefix of a long text (a summary cut at 140 characters)


class _VisibleText(HTMLParser):
    """Text nodes a reader sees, leaving out scripts and elements marked lang="zh"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hide its content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        hidden = tag in SKIP_TAGS or dict(attrs).get("lang") == "zh"
        self._stack.append(hidden or (bool(self._stack) and self._stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]) and HAN.search(data):
            self.nodes.append(data)


def visible_chinese_nodes(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.nodes


class DataTexts:
    """The data's Chinese strings, looked up by their first characters."""

    def __init__(self, values: Iterable[str]) -> None:
        self._by_start: dict[str, list[str]] = {}
        pieces = set()
        for v in values:
            if v and HAN.search(v):
                pieces |= {p.strip() for p in (v, *v.split("\n")) if p.strip()}
        for piece in sorted(pieces, key=len, reverse=True):
            self._by_start.setdefault(piece[:KEY], []).append(piece)

    @classmethod
    def from_database(cls, app: Flask) -> DataTexts:
        from qifutong.extensions import db

        values: list[str] = []
        with app.app_context():
            for table in db.metadata.sorted_tables:
                for column in table.columns:
                    if not isinstance(column.type, String | Text):
                        continue
                    if (table.name, column.name) in PLATFORM_COLUMNS:
                        continue
                    stmt = select(column).distinct().where(column.is_not(None))
                    values.extend(str(v) for v in db.session.scalars(stmt))
        return cls(values)

    def residue(self, node: str) -> str:
        """The node's text with the data in it blanked out."""
        out, i = [], 0
        while i < len(node):
            taken = self._data_at(node, i) if not node[i].isspace() else 0
            if taken:
                out.append(" ")
                i += taken
            else:
                out.append(node[i])
                i += 1
        return "".join(out)

    def _data_at(self, node: str, i: int) -> int:
        """The length of the longest data text starting at node[i] (0: none)."""
        rest = node[i:].rstrip().rstrip("….")
        for k in range(KEY, 0, -1):
            for v in self._by_start.get(node[i : i + k], ()):
                if len(v) < k:
                    continue
                if node.startswith(v, i):
                    return len(v)
                if len(rest) >= TRUNCATED_AT_LEAST and v.startswith(rest):
                    return len(node) - i
        return 0

    def untranslated(self, html: str) -> list[str]:
        """The runs of Chinese on the page that are not data."""
        found = []
        for node in visible_chinese_nodes(html):
            found.extend(m.group(0) for m in HAN_RUN.finditer(self.residue(node)))
        return found
