"""免申即享 payouts from a sheet (xlsx or csv): one row per firm paid, all rows or none; the
original file is kept and each refused cell is reported by file, row, field and what was
expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from policies.applications import services
from policies.applications.form import prepare
from policies.forms import parse_amount
from policies.models import Policy
from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.imports.batches import (
    DONE,
    REFUSED,
    Problem,
    keep_original,
    record_batch,
    report_file,
    write_problems,
)
from qifutong.spreadsheets.sheets import (
    Unreadable,
    cell_text,
    find_header,
    header_lookup,
    read_sheets,
    sheet_with_header,
)
from qifutong.uscc import normalise as normalise_uscc
from qifutong.web.i18n import translate

KIND = "payouts"
COLUMNS = {
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "uscc"),
    "name": ("企业名称", "单位名称", "名称", "name"),
    "amount": ("兑现金额", "金额", "兑付金额", "发放金额", "amount"),
    "paid_on": ("兑现日期", "发放日期", "日期", "paid_on"),
}
LABELS = {
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "amount": "兑现金额",
    "paid_on": "兑现日期",
}
LOOKUP = header_lookup(COLUMNS)


@dataclass
class PayoutImport:
    status: str  # done / refused
    file_name: str
    rows: int = 0
    paid: int = 0
    amount: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    batch_id: int | None = None
    report: str = ""


def find_firm(uscc: str, name: str) -> tuple[Enterprise | None, str]:
    """The firm a payout names, by credit code or else by its exact name; why not, if none."""
    if uscc:
        code = normalise_uscc(uscc)
        ent = db.session.scalar(select(Enterprise).where(Enterprise.uscc == code))
        return (ent, "") if ent is not None else (None, translate("企业库中没有该统一社会信用代码"))
    if not name:
        return None, translate("请填写统一社会信用代码或企业名称")
    found = db.session.scalars(select(Enterprise).where(Enterprise.name == name).limit(2)).all()
    if len(found) == 1:
        return found[0], ""
    return (
        None,
        translate("企业库中没有该名称的企业")
        if not found
        else translate("同名企业不止一家，请填写统一社会信用代码"),
    )


def check_payee(policy: Policy, ent: Enterprise, today: date) -> str:
    """Why this firm cannot be paid this policy, or "" when it can."""
    if services.open_application(ent.id, "policy", policy.id) is not None:
        return translate("该企业已兑现过本政策")
    failed = prepare(ent, "policy", policy.id, today).failed
    if not failed:
        return ""
    return translate("按已核实的企业信息不符合本政策条件：{reasons}", reasons="；".join(failed))


@dataclass(frozen=True)
class _Row:
    row: int
    ent: Enterprise
    amount: float
    paid_on: date | None


def _read(
    policy: Policy, data: bytes, file_name: str, today: date
) -> tuple[list[_Row], list[Problem], int]:
    """The sheet's payouts, the problems found, and how many rows it has."""
    try:
        sheets = read_sheets(data, file_name)
    except Unreadable as exc:
        return [], [Problem(0, "文件", str(exc))], 0
    sheet = sheet_with_header(sheets, LOOKUP, 2, 10)
    header = find_header(sheet.rows, LOOKUP, 2, 10)
    if header is None or "amount" not in header.index or not {"uscc", "name"} & set(header.index):
        wanted = translate("表头应含“兑现金额”及“统一社会信用代码”或“企业名称”")
        return [], [Problem(header.row if header else 1, "表头", wanted)], 0
    out: list[_Row] = []
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    rows = 0
    for number, cells in sheet.rows:
        if number <= header.row:
            continue

        def cell(col: str, cells: list[Any] = cells) -> str:
            i = header.index.get(col)
            return cell_text(cells[i]) if i is not None and i < len(cells) else ""

        if not any(cell(c) for c in COLUMNS):
            continue
        rows += 1
        ent, why = find_firm(cell("uscc"), cell("name"))
        if ent is None:
            where = "uscc" if cell("uscc") else "name"
            problems.append(Problem(number, LABELS[where], why, cell(where)))
        try:
            amount = parse_amount(cell("amount"))
            if amount is None or not 0 < amount <= 1e13:
                raise ValueError
        except ValueError:
            problems.append(
                Problem(
                    number,
                    LABELS["amount"],
                    translate("应为大于 0 的金额（元，可写 5万）"),
                    cell("amount"),
                )
            )
            amount = None
        paid_on = None
        if cell("paid_on"):
            try:
                paid_on = date.fromisoformat(cell("paid_on")[:10])
            except ValueError:
                problems.append(
                    Problem(
                        number,
                        LABELS["paid_on"],
                        translate("应为日期，如 2027-03-01"),
                        cell("paid_on"),
                    )
                )
        if ent is None or amount is None:
            continue
        if ent.id in seen:
            problems.append(
                Problem(
                    number,
                    LABELS["name"],
                    translate("与第 {row} 行是同一家企业", row=seen[ent.id]),
                    ent.name,
                )
            )
            continue
        seen[ent.id] = number
        why = check_payee(policy, ent, today)
        if why:
            problems.append(Problem(number, LABELS["name"], why, ent.name))
            continue
        out.append(_Row(number, ent, amount, paid_on))
    if rows == 0 and not problems:
        problems.append(Problem(header.row, "表头", translate("表头下没有兑现记录")))
    return out, problems, rows


def import_payouts(
    policy: Policy,
    data: bytes,
    file_name: str,
    *,
    user: User | None,
    upload_dir: Path,
    report_dir: Path,
    today: date,
) -> PayoutImport:
    """Record every row's payout (each firm told "已为您兑现 X 元"), or none when any row is
    bad; the file is kept and the batch recorded either way (the caller commits)."""
    if policy.payout_mode != "auto":
        raise services.ApplicationError(
            422,
            "invalid_field",
            "policy: not a 免申即享 policy",
            "只有免申即享政策可以导入兑现名单",
        )
    kept = keep_original(data, file_name, upload_dir, KIND)
    report = report_file(report_dir, KIND, kept)
    rows, problems, count = _read(policy, data, file_name, today)
    result = PayoutImport(REFUSED if problems else DONE, file_name, count, problems=problems)
    write_problems(report, file_name, problems)
    result.report = str(report)
    if not problems:
        for r in rows:
            services.record_payout(
                policy, r.ent, r.amount, user, r.paid_on, note=f"{file_name} 第 {r.row} 行"
            )
            result.paid += 1
            result.amount += r.amount
    summary = {"policy_id": policy.id, "rows": count, "paid": result.paid, "amount": result.amount,
               "problems": len(problems)}  # fmt: skip
    batch = record_batch(KIND, kept, status=result.status, summary=summary, report_path=report,
                         user_id=user.id if user else None)  # fmt: skip
    result.batch_id = batch.id
    return result
