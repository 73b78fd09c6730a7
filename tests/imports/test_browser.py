"""The upload page (with progress) and the review queue in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from qifutong.enterprises.models import Enterprise, ResolutionDecision
from qifutong.extensions import db
from tests.conftest import browser_login, make_test_app
from tests.imports.conftest import write_xlsx

PASSWORD = "correct-horse-1"


@pytest.fixture
def street_app(tmp_path: Path) -> Iterator[Flask]:
    """An empty street on SQLite (one backend is enough in the browser) with one official."""
    from qifutong.auth.services import create_user

    app = make_test_app(f"sqlite:///{tmp_path / 'browser.sqlite'}", tmp_path)
    with app.app_context():
        db.create_all()
        create_user("jiedao", PASSWORD, "street", display_name="王明")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _firms() -> int:
    db.session.expire_all()
    return int(db.session.scalar(select(func.count()).select_from(Enterprise)) or 0)


def _upload(page, base_url: str, path: Path) -> None:
    page.goto(f"{base_url}/imports/enterprises")
    page.set_input_files("input[name=files]", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-result:not([hidden]) > *")


@pytest.mark.browser
def test_upload_with_progress_then_review_queue(
    street_app, live_server, page, screenshot, roster_xlsx, tmp_path
):
    base_url = live_server(street_app)
    browser_login(page, base_url, "jiedao", PASSWORD)
    page.goto(f"{base_url}/")
    assert page.locator("nav.mainnav a", has_text="导入企业").count() == 1
    assert page.locator("nav.mainnav a", has_text="复核企业").count() == 1

    _upload(page, base_url, roster_xlsx)
    result = page.locator("#import-result")
    assert "导入完成" in result.inner_text()
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert result.locator(".summary-created").inner_text() == "10"
    assert result.locator(".summary-review").inner_text() == "1"
    assert result.locator("a.report-link").count() == 1
    page.wait_for_selector("#import-history td:has-text('名录.xlsx')")  # the list refreshes
    screenshot(page, "imports-upload-done")
    assert _firms() == 10

    # A second roster: one name character unlike the other (not a homophone), the same
    # legal representative, no code: unsure again.
    slip = [("nocode", "杭州晨曦企业管家咨询有限公司", "", "吴刚", "", "", "", 3)]
    _upload(page, base_url, write_xlsx(tmp_path / "补录.xlsx", slip))
    assert page.locator("#import-result .summary-review").inner_text() == "1"
    assert page.locator("#import-result a.review-link").count() == 1
    page.reload()  # the address now names the job: its result is shown again
    assert page.locator("#job-result .summary-review").inner_text() == "1"
    assert page.locator("#import-history tbody tr").count() == 2  # both imports listed
    assert page.locator("#import-jobs tbody tr").count() == 2  # and both jobs
    assert "有 2 对企业待人工复核" in page.inner_text("main")

    page.click("main p.flash a")
    page.wait_for_selector("section.review-pair")
    assert page.locator("section.review-pair").count() == 2
    screenshot(page, "imports-review-queue")
    first = page.locator("section.review-pair", has_text="安明").first
    assert "法定代表人相同" in first.inner_text()
    first.locator("button[value=merge]").click()
    page.wait_for_selector(".flash-success")
    assert "已合并" in page.locator(".flash-success").inner_text()
    assert _firms() == 10  # 11 after the second import, one merged away

    second = page.locator("section.review-pair", has_text="管家")
    second.locator("button[value=separate]").click()
    page.wait_for_selector(".flash-success")
    assert "不同企业" in page.locator(".flash-success").inner_text()
    assert "暂无待复核" in page.inner_text("main")
    screenshot(page, "imports-review-done")
    decisions = dict(
        db.session.execute(select(ResolutionDecision.id, ResolutionDecision.decision)).all()
    )
    assert sorted(decisions.values()) == ["merge", "separate"]
    assert _firms() == 10
    slip_firm = db.session.scalar(select(Enterprise).where(Enterprise.name.contains("管家")))
    assert slip_firm is not None and len(slip_firm.source_rows) == 1
    # The firm page shows why the merged rows joined: the official's decision and what it saw.
    merged = db.session.scalar(select(Enterprise).where(Enterprise.name.contains("安明")))
    assert merged is not None
    page.goto(f"{base_url}/enterprises/{merged.id}")
    evidence = page.locator("td.match-evidence", has_text="人工复核合并")
    assert evidence.count() >= 1 and "法定代表人相同" in evidence.first.inner_text()
    screenshot(page, "imports-review-merged-firm")


@pytest.mark.browser
def test_upload_refused_file_says_why(street_app, live_server, page, tmp_path):
    base_url = live_server(street_app)
    browser_login(page, base_url, "jiedao", PASSWORD)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("编号,金额\n1,2\n", encoding="utf-8")
    _upload(page, base_url, wrong)
    text = page.locator("#import-result").inner_text()
    assert "数据库未改动" in text and "wrong.csv" in text and "企业名称" in text
    assert _firms() == 0
