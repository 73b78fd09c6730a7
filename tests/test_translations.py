"""The English catalog: every Chinese text the code and the templates use has its English
(pybabel extract against the .po), with the same placeholders; the .mo is made from the .po
when it is missing or older; the wrappers read it per request."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from qifutong.web import catalog
from qifutong.web.i18n import Phrase, term, translate

# Chinese, and the full-width punctuation written with it (“{name}：{problem}” needs English too).
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"{(\w*)(?:[:!][^}]*)?}")


def _po() -> list:  # type: ignore[type-arg]
    with catalog.po_path("en").open("rb") as fh:
        return list(read_po(fh))


def test_every_text_the_code_uses_has_english() -> None:
    entries = {m.id: m for m in _po() if m.id}
    lacking = sorted(
        str(m.id)
        for m in catalog.extract()
        if m.id and CHINESE.search(str(m.id))
        and (m.id not in entries or not entries[m.id].string or entries[m.id].fuzzy)
    )  # fmt: skip
    assert lacking == [], "add their English to the .po (README: Translations)"


def test_every_entry_of_the_catalog_is_still_used() -> None:
    # An entry the extraction no longer finds would be dropped by `pybabel update`: a text
    # shown through a lookup must be marked N_ where it is defined.
    used = {m.id for m in catalog.extract() if m.id}
    assert sorted(str(m.id) for m in _po() if m.id and m.id not in used) == []


def test_each_english_keeps_the_placeholders_of_its_chinese() -> None:
    differ = {
        m.id: m.string
        for m in _po()
        if m.id
        and m.string
        and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string))
    }
    assert differ == {}


def test_the_compiled_catalog_is_made_again_when_the_po_is_newer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "translations"
    po = folder / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "楼宇"\nmsgstr "Building"\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "TRANSLATIONS", folder)
    mo = po.with_suffix(".mo")
    assert catalog.compiled("en", tmp_path / "instance") == folder and mo.exists()
    os.utime(mo, (1, 1))  # older than the .po
    catalog.compiled("en", tmp_path / "instance")
    assert mo.stat().st_mtime > po.stat().st_mtime - 1


def test_a_read_only_package_compiles_into_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "package"
    shutil.copytree(catalog.TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(catalog, "TRANSLATIONS", folder)
    monkeypatch.setattr(catalog, "write_mo", _refuse_package(folder, catalog.write_mo))
    instance = tmp_path / "instance"
    assert catalog.compiled("en", instance) == instance
    assert (instance / "en" / "LC_MESSAGES" / "messages.mo").exists()


def _refuse_package(package: Path, write_mo):  # type: ignore[no-untyped-def]
    def write(po: Path, mo: Path) -> None:
        if package in mo.parents:
            raise PermissionError(mo)
        write_mo(po, mo)

    return write


def test_the_wrappers_read_the_catalog_in_the_requests_language(app: Flask) -> None:
    phrase = Phrase("{name}：{problem}", {"name": "楼层", "problem": Phrase("不能为空")})
    with app.test_request_context("/"):
        assert (translate("楼宇"), term("楼宇"), str(phrase)) == ("楼宇", "楼宇", "楼层：不能为空")
    with app.test_request_context("/"):
        from flask import session

        session["locale"] = "en"
        app.preprocess_request()  # a new request: its language is worked out again
        assert translate("没有统一社会信用代码为 {code} 的企业。", code="X1") == (
            "No firm has the credit code X1."
        )
        assert (term("楼宇"), term("杭州星图互动娱乐有限公司")) == (
            "Building",
            "杭州星图互动娱乐有限公司",
        )
        assert str(phrase) == "楼层: cannot be empty" and phrase == "楼层：不能为空"
