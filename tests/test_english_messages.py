"""The English UI's messages: what a form, an import or a refused request answers (flashes,
form errors, the problems an import lists), after posting bad input in English mode. Only data
and the input syntax a message quotes may stay Chinese (see tests/english.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask

from qifutong.auth.seed import DEMO_PASSWORD
from qifutong.web.i18n import UNTRANSLATED
from tests.english import DataTexts
from tests.test_english_pages import QUOTED

# The header names an import's help and messages quote.
ROSTER_HEADERS = {"企业名称", "单位名称", "公司名称)", "统一社会信用代码", "法定代表人"}
MACRO_HEADERS = {"指标", "月份", "数值", "来源", "单位"}
MARKERS = ("flash-error", 'class="error"', "problems", "errors", "job-error")

# (user, path, form, files, Chinese the message quotes on purpose: input syntax and headers)
CASES: list[tuple[str | None, str, dict[str, Any], dict[str, bytes], set[str]]] = [
    (None, "/login", {"username": "jiedao", "password": "wrong"}, {}, set()),
    ("jiedao", "/account/password", {"current": "x", "new": "a", "again": "b"}, {}, set()),
    ("jiedao", "/account/password", {"current": "wrong", "new": "abc", "again": "abc"}, {}, set()),
    ("jiedao", "/imports/enterprises", {}, {}, set()),
    ("jiedao", "/imports/enterprises", {}, {"files.pdf": b"%PDF"}, set()),
    ("jiedao", "/imports/enterprises", {}, {"files.csv": b"foo,bar\n1,2\n"}, ROSTER_HEADERS),
    ("jiedao", "/figures/import", {}, {}, set()),
    ("jiedao", "/figures/import", {}, {"file.csv": b"foo,bar\n1,2\n"}, set()),
    ("jiedao", "/figures/import", {},
     {"file.csv": "统一社会信用代码,企业名称,所属期,营业收入,从业人数\n"
                  ",,2026-13,abc,-3\n,某某,2099-01,5,2\n".encode()},
     {"万人民币", "至2026-10-31", "所属期", "从业人数"}),
    ("jiedao", "/cockpit/macro", {}, {}, MACRO_HEADERS),
    ("jiedao", "/cockpit/macro", {},
     {"file.csv": "指标,月份,数值,来源\n不存在的指标,2026-99,abc,\n".encode()},
     {*MACRO_HEADERS, "不存在的指标”"}),
    ("jiedao", "/street/policies/new",
     {"title": "Test", "valid_from": "2027-01-01", "valid_to": "2026-01-01"}, {}, set()),
    ("louyu", "/building/leases/import", {},
     {"file.csv": "楼宇编码,楼层,房号,租户名称,起租日期,到期日期,面积\n"
                  "NOPE,5,501,,2025-13-01,2024-01-01,-5\n".encode()},
     {"楼宇编码", "房号", "租户名称", "起租日期", "到期日期", "面积"}),
    ("qiye", "/firm/profile", {"headcount": "many", "email": "bad", "area_need": "-1"}, {},
     set()),
]  # fmt: skip


def _post(client: Any, path: str, form: dict[str, Any], files: dict[str, bytes]) -> str:
    data: dict[str, Any] = dict(form)
    for key, content in files.items():
        field, _, ext = key.partition(".")
        data[field] = (io.BytesIO(content), f"sheet.{ext or 'txt'}")
    response = client.post(path, data=data, follow_redirects=True)
    return str(response.get_data(as_text=True))


@pytest.mark.slow
def test_messages_after_bad_input_are_english(demo_sqlite_app: Flask) -> None:
    data = DataTexts.from_database(demo_sqlite_app)
    untranslated: set[str] = set()
    demo_sqlite_app.extensions[UNTRANSLATED] = untranslated
    found: dict[str, list[str]] = {}
    for username, path, form, files, quoted in CASES:
        client = demo_sqlite_app.test_client()
        if username:
            client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        client.get("/locale/en")
        html = _post(client, path, form, files)
        case = f"{username} {path} {sorted(form)} {sorted(files)}"
        assert any(m in html for m in MARKERS), case  # the page says what was wrong
        runs = sorted(set(data.untranslated(html)) - quoted - QUOTED.get(path, set()))
        if runs:
            found[case] = runs
    assert found == {}
    assert sorted(untranslated) == []
