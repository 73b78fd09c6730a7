"""Importing the district statistics: all rows or none, every bad row named, the file kept."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from dashboards.importers import MacroSpec, parse_macro_csv

SPECS = [
    MacroSpec("services_va_growth", "服务业增加值增速", "%"),
    MacroSpec("foreign_capital_used", "实际利用外资", "万美元"),
]
TODAY = date(2026, 11, 23)
GOOD = (
    "key,month,value,unit,source\n"
    "services_va_growth,2026-09,7.2,%,西湖区统计局月报\n"
    "services_va_growth,2026-10,7.5,%,西湖区统计局月报\n"
    'foreign_capital_used,2026-10,"48,211.5",万美元,西湖区统计局月报\n'
)
BAD = (
    "key,month,value,unit,source\n"
    "services_va_growth,2026-09,7.2,%,西湖区统计局月报\n"
    "gdp_growth,2026-09,5.0,%,西湖区统计局月报\n"
    "services_va_growth,2026-13,7.0,%,西湖区统计局月报\n"
    "foreign_capital_used,2026-10,很多,亿元,\n"
    "services_va_growth,2026-09,7.3,%,西湖区统计局月报\n"
)


def test_clean_rows_in_english_or_chinese_headers():
    rows, errors = parse_macro_csv(GOOD.encode(), SPECS, TODAY)
    assert errors == []
    assert [(r.key, r.period, r.value) for r in rows] == [
        ("services_va_growth", date(2026, 9, 1), 7.2),
        ("services_va_growth", date(2026, 10, 1), 7.5),
        ("foreign_capital_used", date(2026, 10, 1), 48211.5),
    ]
    chinese = "指标,月份,数值,单位,来源\n实际利用外资,2026年10月,100,万美元,区统计局\n"
    rows, errors = parse_macro_csv(chinese.encode("gbk"), SPECS, TODAY)
    assert errors == [] and rows[0].key == "foreign_capital_used" and rows[0].row == 2


def test_every_bad_row_is_reported_with_row_field_and_reason():
    _rows, errors = parse_macro_csv(BAD.encode(), SPECS, TODAY)
    found = {(e.row, e.field) for e in errors}
    assert found == {
        (3, "指标"),
        (4, "月份"),
        (5, "数值"),
        (5, "单位"),
        (5, "来源"),
        (6, "月份"),  # the same statistic and month as row 2
    }
    assert all(e.reason for e in errors)
    assert "gdp_growth" in next(e.reason for e in errors if e.row == 3)
    missing = parse_macro_csv(b"key,value\nx,1\n", SPECS, TODAY)[1]
    assert {(e.row, e.field) for e in missing} == {(1, "月份"), (1, "来源")}
    future = parse_macro_csv(GOOD.replace("2026-10", "2027-01").encode(), SPECS, TODAY)[1]
    assert {e.field for e in future} == {"月份"}


def _count() -> int:
    from dashboards.models import MacroStatistic
    from qifutong.extensions import db

    return int(db.session.scalar(select(func.count()).select_from(MacroStatistic)) or 0)


def _import(app, text: str, name: str = "macro.csv", dry_run: bool = False):
    from dashboards.services import import_macro
    from qifutong.timeutil import street_today

    today = street_today()
    data = _recent(text, today)
    result = import_macro(
        data.encode(),
        name,
        Path(app.config["QIFUTONG_UPLOAD_DIR"]),
        Path(app.config["QIFUTONG_REPORT_DIR"]),
        today,
        dry_run=dry_run,
    )
    return result, data.encode()


def _month(today: date, offset: int) -> str:
    from dashboards.period import add_months

    return add_months(today.replace(day=1), offset).strftime("%Y-%m")


def _recent(text: str, today: date) -> str:
    """The fixture's months 2026-09 and 2026-10 moved to the two months before today, in one
    pass (a chain of replaces would move a month twice)."""
    months = {"2026-09": _month(today, -2), "2026-10": _month(today, -1)}
    return re.sub(r"2026-(?:09|10)", lambda m: months[m.group(0)], text)


def test_a_good_file_is_imported_and_kept_with_its_checksum(app):
    from dashboards.models import MacroStatistic
    from qifutong.extensions import db
    from qifutong.imports.models import ImportBatch

    result, data = _import(app, GOOD)
    assert result.status == "done" and result.created == 3 and not result.errors
    assert _count() == 3
    kept = Path(result.stored_path)
    assert kept.read_bytes() == data
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    batch = db.session.get(ImportBatch, result.batch_id)
    assert (batch.kind, batch.status, batch.sha256) == ("macro", "done", result.sha256)
    assert db.session.scalar(select(MacroStatistic.batch_id).limit(1)) == batch.id
    again, _ = _import(app, GOOD.replace("7.5", "7.6"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert _count() == 3


def test_a_bad_file_changes_nothing(app):
    from dashboards.models import MacroStatistic
    from qifutong.extensions import db
    from qifutong.imports.models import ImportBatch

    _import(app, GOOD)
    before = sorted(db.session.execute(select(MacroStatistic.key, MacroStatistic.value)).all())
    result, data = _import(app, BAD.replace("7.2", "9.9"), name="bad.csv")
    assert result.status == "refused" and result.created == 0
    assert len(result.errors) == 6
    after = sorted(db.session.execute(select(MacroStatistic.key, MacroStatistic.value)).all())
    assert after == before  # not even the good row 2 was written
    report = Path(result.report_path).read_text(encoding="utf-8-sig")
    assert "bad.csv,3,指标," in report and "bad.csv,5,来源," in report
    assert Path(result.stored_path).read_bytes() == data
    batch = db.session.get(ImportBatch, result.batch_id)
    assert batch.status == "refused" and batch.report_path == result.report_path


def test_a_dry_run_writes_nothing(app):
    result, _ = _import(app, GOOD, dry_run=True)
    assert result.status == "dry_run" and result.created == 3
    assert _count() == 0


def test_the_cli_command(app, tmp_path):
    from dashboards.cli import import_macro_command
    from qifutong.timeutil import street_today

    today = street_today()
    good = tmp_path / "district.csv"
    good.write_text(
        _recent(GOOD, today),
        encoding="utf-8",
    )
    runner = app.test_cli_runner()
    out = runner.invoke(import_macro_command, [str(good)])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output.strip().splitlines()[-1])
    assert summary["created"] == 3 and summary["rejected"] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    out = runner.invoke(import_macro_command, [str(bad)])
    assert out.exit_code == 1
    assert "bad.csv: row 3, 指标:" in out.output
    assert json.loads(out.output.strip().splitlines()[-1])["rejected"] == 4


def test_the_upload_page(client, login, make_user):
    from qifutong.timeutil import street_today

    login(make_user("street"))
    today = street_today()
    data = _recent(GOOD, today)
    import io

    page = client.post(
        "/cockpit/macro",
        data={"file": (io.BytesIO(data.encode()), "district.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已导入 3 行" in page and "district.csv" in page
    bad = client.post(
        "/cockpit/macro",
        data={"file": (io.BytesIO(BAD.encode()), "bad.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "文件未导入" in bad and "gdp_growth" in bad
    assert _count() == 3


def test_only_street_users_import(client, login, make_user, make_building):
    login(make_user("building", building_ids=[make_building().id]))
    assert client.get("/cockpit/macro").status_code == 403
