"""A labelled messy roster with hard negatives, written the ways streets write rosters."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import Workbook

from qifutong.uscc import check_character


def code(body: str, region: str = "330106", head: str = "91") -> str:
    first17 = head + region + body
    return first17 + check_character(first17)


def typo(valid: str) -> str:
    """One character of the body changed: the check character no longer fits."""
    i = 10
    return valid[:i] + ("7" if valid[i] != "7" else "8") + valid[i + 1 :]


U_YUNFAN = code("MA2H00001")  # 杭州云帆科技
U_YUNFAN_ZJ = code("MA2H00002", "330000")  # 浙江云帆科技: same brand, other region
U_BRANCH = code("MA2H00003")  # 杭州云帆科技 西湖分公司
U_YUNHANG = code("MA2H00004")  # 杭州云航科技: one character apart
U_WORD = code("MA2H00005")  # 杭州云帆网络科技: another industry word
U_LETTER = "Y1330106MA2H00006"  # authority "other": a letter first (stdnum refuses these)
U_LETTER += check_character(U_LETTER)
U_QINGHE = code("MA2H00007")
U_ANMING = code("MA2H00008")
ADDRESS = "杭州市西湖区古墩路1号云栖大厦1203室"

# (truth, name, uscc, legal rep, address, capital, founded, headcount)
ROWS: list[tuple[str, str, str, str, str, object, object, object]] = [
    ("yunfan", "杭州云帆科技有限公司", U_YUNFAN, "张伟", ADDRESS, "500万元", "2019-03-01", 35),
    ("yunfan", " 杭州云帆科技有限责任公司 ", U_YUNFAN.lower(), "张伟", ADDRESS, "5,000,000元",
     datetime(2019, 3, 1), "35人"),
    ("yunfan", "云帆（杭州）科技有限公司", typo(U_YUNFAN), "张伟", "浙江省" + ADDRESS,
     "500万人民币", "2019年3月1日", ""),
    ("yunfan", "杭州　云帆科技有限公司", "", "", ADDRESS, 5000000, "2019/3/1", 36),
    ("yunfan_zj", "浙江云帆科技有限公司", U_YUNFAN_ZJ, "李娜", "杭州市滨江区网商路9号", "1000万元",
     "2015-06-01", 80),
    ("yunfan_zj", "浙江云帆科技有限公司", "", "李娜", "杭州市滨江区网商路9号", "", "", 80),
    ("branch", "杭州云帆科技有限公司西湖分公司", U_BRANCH, "王强", ADDRESS, "", "2021-01-05", 6),
    ("branch", "杭州云帆科技有限公司西湖分公司", "", "王强", ADDRESS, "", "", 6),
    ("yunhang", "杭州云航科技有限公司", U_YUNHANG, "赵敏", "杭州市西湖区文三路20号", "100万元",
     "2020-08-08", 12),
    ("yunhang", "杭州云航科技有限公司", "", "赵敏", "杭州市西湖区文三路20号", "", "", 12),
    ("word", "杭州云帆网络科技有限公司", U_WORD, "陈静", "杭州市西湖区学院路77号", "300万元",
     "2018-01-01", 20),
    ("letter", "杭州市西湖区云帆行业协会", U_LETTER, "孙丽", "杭州市西湖区古翠路5号", "3万元",
     "2010-05-05", 3),
    ("letter", "杭州市西湖区云帆行业协会", " ".join([U_LETTER[:2], U_LETTER[2:8], U_LETTER[8:]]),
     "孙丽", "", "", "", ""),
    ("qinghe", "杭州青禾数据科技有限公司", U_QINGHE.translate(str.maketrans("0", "O")), "周杰",
     "杭州市西湖区天目山路8号", "200万元", "2022-02-02", 9),
    ("qinghe", "杭州青禾数据科技有限公司", U_QINGHE, "周杰", "杭州市西湖区天目山路8号", "", "", 9),
    ("nocode", "杭州晨曦企业管理咨询有限公司", "", "吴刚", "杭州市西湖区西溪路3号", "50万元",
     "2023-03-03", 2),
    ("nocode", " 杭州晨曦企业管理咨询有限公司", "", "吴刚", "杭州市西湖区西溪路3号", "", "", 2),
    ("nocode", "晨曦（杭州）企业管理咨询有限公司", "", "", "", "", "", ""),
    ("anming", "杭州安明智能装备科技有限公司", U_ANMING, "郑宇", "杭州市西湖区紫荆花路2号",
     "800万元", "2017-07-07", 55),
    # The same firm without its region and code: the same core, rep and address.
    ("anming", "安明智能装备科技有限公司", "", "郑宇", "杭州市西湖区紫荆花路2号", "", "", ""),
    # One name character unlike the other (not a homophone, not a look-alike), the same
    # representative at another address, no code: a person would ask, so it goes to review.
    ("anming_slip", "杭州安明智能装名科技有限公司", "", "郑宇", "杭州市西湖区文一西路9号", "",
     "", ""),
]  # fmt: skip
XLSX_HEADERS = [
    "序号",
    "单位名称",
    "信用代码",
    "法人",
    "注册地址",
    "注册资金",
    "成立时间",
    "从业人数",
]
GBK_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "住所",
    "注册资本",
    "成立日期",
    "员工人数",
]


def truth() -> list[str]:
    return [r[0] for r in ROWS]


def write_xlsx(
    path: Path, rows: list[tuple[Any, ...]] | None = None, title: str = "古荡街道在册企业名录"
) -> Path:
    """Title rows, a merged title, blank rows and a 合计 row around the data (header row 3)."""
    rows = ROWS if rows is None else rows
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名录"
    sheet.append([title])
    sheet.append(["导出日期：2026年10月30日"])
    sheet.merge_cells("A1:H1")
    sheet.append(XLSX_HEADERS)
    for i, row in enumerate(rows, start=1):
        if i == 5:
            sheet.append([])
        sheet.append([i, *row[1:]])
    sheet.append(["合计", f"共{len(rows)}条记录"])
    book.save(path)
    return path


def write_gbk_csv(path: Path, rows: list[tuple[Any, ...]] | None = None) -> Path:
    """The same roster as a GBK CSV with other header synonyms and Windows line ends."""
    rows = ROWS if rows is None else rows
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(GBK_HEADERS)
    for row in rows:
        cells = [v.isoformat() if isinstance(v, datetime | date) else v for v in row[1:]]
        writer.writerow(cells)
    path.write_bytes(buf.getvalue().encode("gbk"))
    return path


def xlsx_row_truth() -> dict[int, str]:
    """Spreadsheet row → firm, for the xlsx written above (one blank row after the 4th)."""
    out = {}
    sheet_row = 4
    for i, row in enumerate(ROWS, start=1):
        if i == 5:
            sheet_row += 1
        out[sheet_row] = row[0]
        sheet_row += 1
    return out


@pytest.fixture
def roster_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "名录.xlsx")


@pytest.fixture
def roster_gbk(tmp_path: Path) -> Path:
    return write_gbk_csv(tmp_path / "sample_gbk.csv")


@pytest.fixture
def run_import(app: Flask, tmp_path: Path) -> Callable[..., Any]:
    """`run_import(*paths, dry_run=False)`: the import service as the command runs it."""
    from qifutong.enterprises.roster.services import Upload, import_enterprises

    def run(*paths: Path, dry_run: bool = False, user_id: int | None = None) -> Any:
        return import_enterprises(
            [Upload(p, p.name) for p in paths],
            upload_dir=Path(app.config["QIFUTONG_UPLOAD_DIR"]),
            report_dir=Path(app.config["QIFUTONG_REPORT_DIR"]),
            dry_run=dry_run,
            user_id=user_id,
        )

    return run


@pytest.fixture
def counts(app: Flask) -> Callable[[], dict[str, int]]:
    """Row counts of every table the import writes."""
    from sqlalchemy import func, select

    from qifutong.enterprises.models import (
        Enterprise,
        EnterpriseChange,
        EnterpriseSourceRow,
        ResolutionDecision,
    )
    from qifutong.extensions import db
    from qifutong.imports.models import ImportBatch

    def take() -> dict[str, int]:
        return {
            m.__tablename__: int(db.session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Enterprise, EnterpriseChange, EnterpriseSourceRow, ImportBatch,
                      ResolutionDecision)
        }  # fmt: skip

    return take


def iter_truth_pairs(labels: list[str]) -> Iterator[tuple[int, int]]:
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if labels[i] == labels[j]:
                yield i, j
