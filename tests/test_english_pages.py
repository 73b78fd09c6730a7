"""The English UI, page by page for each role: no Chinese in what the platform writes (labels,
units, vocabularies, reasons, messages); only data (names, titles, texts people wrote) may stay
Chinese. See tests/english.py for how data is told apart."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from dashboards.indicator import GROUPS
from qifutong.auth.seed import DEMO_PASSWORD
from tests.english import DataTexts

ROLES = ("louyu", "wuye", "qiye", "jiedao")
MIN_PAGES = 10  # a role's menu and detail pages: fewer means the crawl went wrong
NAV = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
LINK = re.compile(r'href="(/[^"#?]*)["#?]')
DOWNLOAD = re.compile(r"\.(xlsx|csv|json|zip)$|/attachments/|/reports/|/export|/locale/|/logout")
# The application form questions' line syntax, as the policy editor's help quotes it
# ("新增就业人数 | 数字；项目类型 | 单选 | 新建、扩建；审计报告 | 材料 | 财务报表", "（选填）").
QUESTION_SYNTAX = {"新增就业人数", "数字；项目类型", "单选", "新建、扩建；审计报告", "材料"}
QUESTION_SYNTAX |= {"财务报表；end", "选填）"}
# Chinese the English UI names on purpose: the column headers a sheet must carry and the
# input syntax a field accepts, quoted in a page's help.
QUOTED = {
    "/demands/calendar": {"日期", "类型", "休", "班", "说明"},
    "/figures/import": {"单位：万元”", "年10月", "至2026-10-31)", "元", "万元", "亿元"},
    "/imports/enterprises": {"企业名称/单位名称", "统一社会信用代码/信用代码", "法定代表人/法人"},
    "/street/policies/N/edit": {"万", "亿", *QUESTION_SYNTAX},
    "/street/policies/new": {"万", "亿", *QUESTION_SYNTAX},
    "/street/funding/N/edit": {"万", "亿", *QUESTION_SYNTAX},
    "/street/funding/new": {"万", "亿", *QUESTION_SYNTAX},
}
# Pages still partly Chinese in English; a page fixed must leave this list (the test fails
# when a listed page is clean).
NOT_YET: set[str] = set()


def crawl(app: Flask, username: str) -> Iterator[tuple[str, str]]:
    """(path, html) of the role's home, its menu pages and one detail page of each kind they
    link to, in English."""
    client = app.test_client()
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    client.get("/locale/en")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    nav = NAV.search(home)
    menu = list(dict.fromkeys(LINK.findall(nav.group(0)) if nav else []))
    if username == "jiedao":
        menu += [f"/cockpit/{group}" for group in GROUPS]
    yield "/", home
    kinds: set[str] = set()
    details: list[str] = []
    for path in menu:
        if DOWNLOAD.search(path):
            continue
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        yield path, html
        main = html.split("<main", 1)[-1]
        for link in LINK.findall(main):
            records = link.startswith("/cockpit/records/")  # each indicator's is its own kind
            kind = link if records else re.sub(r"\d+", "N", link)
            if (records or kind != link) and kind not in kinds and not DOWNLOAD.search(link):
                kinds.add(kind)
                details.append(link)
    for path in details:
        response = client.get(path, follow_redirects=True)
        if response.status_code == 200 and response.mimetype == "text/html":
            yield path, response.get_data(as_text=True)


@pytest.mark.slow
def test_english_pages_show_no_untranslated_platform_text(demo_sqlite_app: Flask) -> None:
    data = DataTexts.from_database(demo_sqlite_app)
    found: dict[str, set[str]] = {}
    for username in ROLES:
        pages = list(crawl(demo_sqlite_app, username))
        assert len(pages) >= MIN_PAGES, (username, [p for p, _ in pages])
        assert all('lang="en"' in html and "Log out" in html for _, html in pages), username
        for path, html in pages:
            quoted = QUOTED.get(re.sub(r"\d+", "N", path), set())
            runs = set(data.untranslated(html)) - quoted
            if runs:
                found[f"{username} {path}"] = runs
    assert {k: sorted(v) for k, v in found.items() if k not in NOT_YET} == {}
    assert sorted(NOT_YET - set(found)) == []  # fixed: take it off the list


def test_data_and_marked_text_are_told_apart_from_platform_text() -> None:
    data = DataTexts(["杭州星图互动娱乐有限公司", "西城广场", "A轮成长基金"])
    html = (
        "<main><p>杭州星图互动娱乐有限公司 · 西城广场 8F</p><p>A轮成长基金 (equity)</p>"
        '<a lang="zh">中文</a><script>var x = "脚本";</script><p>企业规模 中型</p></main>'
    )
    assert data.untranslated(html) == ["企业规模", "中型"]


def test_a_shown_prefix_of_a_long_text_counts_as_data() -> None:
    text = "面向高新技术企业和科技型中小企业的信用贷款，可叠加市级科创类银担产品贴息。"
    assert DataTexts([text]).untranslated(f"<p>{text[:24]}…</p>") == []
