"""The upload page runs the same import as the command and shows every bad row."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from buildings.models import Lease
from qifutong.extensions import db


def _sheet(rows: list[list[object]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["楼宇编码", "楼层", "房号", "租户名称", "起租日期", "到期日期", "面积"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_upload_refused_then_fixed(client, login, make_building, make_user):
    b = make_building(code="GD01")
    other = make_building(code="GD02")
    user = make_user("building", building_ids=[b.id])
    login(user)
    assert client.get("/building/leases/import").status_code == 200
    rows = [
        ["GD01", "3", "301", "杭州甲科技有限公司", date(2024, 1, 1), date(2026, 1, 1), 100],
        ["GD01", "3", "302", "", date(2024, 1, 1), "2026-02-30", 100],
        ["GD02", "3", "303", "杭州乙科技有限公司", date(2024, 1, 1), date(2026, 1, 1), 100],
    ]
    res = client.post(
        "/building/leases/import",
        data={"file": (_sheet(rows), "租约.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and "文件被拒绝" in html
    assert "租户名称" in html and "2026-02-30" in html and "不在您负责的楼宇范围内" in html
    assert db.session.scalar(select(func.count()).select_from(Lease)) == 0
    report = client.get("/building/leases/import/1/report.csv")
    assert report.status_code == 200 and "不能为空" in report.get_data(as_text=True)
    report.close()
    rows[1][3], rows[1][5] = "杭州丙科技有限公司", date(2026, 2, 28)
    del rows[2]
    res = client.post(
        "/building/leases/import",
        data={"file": (_sheet(rows), "租约.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert res.status_code == 200 and "已导入" in res.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Lease)) == 2
    # Another manager cannot read this user's reports.
    login(make_user("building", building_ids=[other.id]))
    assert client.get("/building/leases/import/1/report.csv").status_code == 404


def test_template_download_has_the_columns(client, login, make_user):
    login(make_user("street"))
    res = client.get("/building/leases/template.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(res.data)).active[1]]
    assert header[:4] == ["合同编号", "楼宇编码", "楼层", "房号"]
