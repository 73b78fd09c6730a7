"""Firms keeping their own record (企业自主维护): what a firm reports, and the street's check.

A firm's own contacts and needs are written at once. A value for a field policies rely on
(industry, headcount, qualifications, IP) is a report marked 企业自报: it waits for the street
to verify it and, until then, counts for recommendations only (matching reads it; grading, the
cockpit and the approval of an application read the verified record). Verifying writes it to
the record with its history; not verifying keeps the record and tells the firm why.

Other services call `report_field`, `verify` and `reject` (e.g. an application form that asks
for a missing value)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import func, select

from qifutong import events
from qifutong.enterprises.models import Enterprise, FirmReport
from qifutong.enterprises.services import update_enterprise
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.matching import vocabulary
from qifutong.models_base import utcnow
from qifutong.web.i18n import translate

# Fields policies rely on: a firm's value waits for verification.
VERIFIED_FIELDS = (
    "industry_code",
    "headcount",
    "qualifications",
    "ip_patents",
    "ip_software",
    "ip_trademarks",
    "stage",
)
# Fields the firm knows best and nothing is decided on: written at once.
OWN_FIELDS = (
    "contact_name",
    "contact_phone",
    "email",
    "business_scope",
    "area_need",
    "move_in_by",
    "certificates",
)
PENDING, VERIFIED, REJECTED, REPLACED = "pending", "verified", "rejected", "replaced"
COUNTS = ("headcount", "ip_patents", "ip_software", "ip_trademarks")


class ReportError(QifutongError, ValueError):
    """A report that cannot be taken or decided; names the field and says why."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def clean_value(field: str, value: Any) -> Any:
    """A reported value in the record's form (codes for coded fields); ReportError if unfit."""
    if value is None or value == "" or value == []:
        return [] if field == "qualifications" else None
    try:
        if field == "qualifications":
            if not isinstance(value, list | tuple):
                raise ReportError(field, translate("应为资质名称的列表"))
            return vocabulary.qualification_codes(value)
        if field == "industry_code":
            return vocabulary.industry_code_of(value)
        if field == "stage":
            return vocabulary.stage_code(value)
    except vocabulary.UnknownTerm as exc:
        raise ReportError(field, str(exc)) from exc
    if field in COUNTS:
        if isinstance(value, bool) or not str(value).strip().isdigit():
            raise ReportError(
                field, translate("应为不小于 0 的整数，收到 {value}", value=repr(value))
            )
        number = int(str(value).strip())
        if number > 10_000_000:
            raise ReportError(field, translate("数值过大：{number}", number=number))
        return number
    return value


def _same(field: str, old: Any, new: Any) -> bool:
    if field == "qualifications":
        return sorted(old or []) == sorted(new or [])
    return bool(old == new)


def _pending(firm_id: int, field: str | None = None) -> list[FirmReport]:
    stmt = select(FirmReport).where(
        FirmReport.enterprise_id == firm_id, FirmReport.status == PENDING
    )
    if field is not None:
        stmt = stmt.where(FirmReport.field == field)
    return list(db.session.scalars(stmt.order_by(FirmReport.id)))


def report_field(
    firm: Enterprise, field: str, value: Any, source: str, user_id: int | None = None
) -> FirmReport | None:
    """Take a firm's own value for one field (see `report`); returns the pending report, if
    one is made."""
    made = report(firm, {field: value}, source, user_id)
    return made[0] if made else None


def report(
    firm: Enterprise, values: dict[str, Any], source: str, user_id: int | None = None
) -> list[FirmReport]:
    """Take a firm's own values: its contacts and needs are written at once; a value for a
    field policies rely on becomes a pending report (replacing an earlier one) that the street
    verifies, and a value equal to the verified one withdraws what was pending. Returns the
    reports made."""
    unknown = sorted(set(values) - set(OWN_FIELDS) - set(VERIFIED_FIELDS))
    if unknown:
        raise ReportError(unknown[0], translate("企业不能自行修改这一项"))
    own = {f: v for f, v in values.items() if f in OWN_FIELDS}
    with events.muted():  # one announcement below for all of it
        changed = bool(own and update_enterprise(firm, own, source=source))
    made = []
    for field, raw in values.items():
        if field not in VERIFIED_FIELDS:
            continue
        value = clean_value(field, raw)
        earlier = _pending(firm.id, field)
        if earlier and _same(field, earlier[-1].value, value):
            continue  # already waiting for verification
        for old in earlier:
            old.status = REPLACED
        changed = changed or bool(earlier)
        verified = getattr(firm, field)
        if _same(field, verified, value):
            continue
        made.append(
            FirmReport(
                enterprise_id=firm.id,
                field=field,
                value=value,
                old_value=verified.isoformat() if isinstance(verified, date) else verified,
                status=PENDING,
                source=source,
                reported_by=user_id,
            )
        )
    db.session.add_all(made)
    db.session.flush()
    if made or changed:
        events.emit(events.ENTERPRISES_CHANGED, ids=[firm.id])
    return made


def _decidable(report_id: int) -> FirmReport:
    report = db.session.get(FirmReport, report_id)
    if report is None:
        raise ReportError("report", translate("这条企业自报记录不存在"))
    if report.status != PENDING:
        raise ReportError(report.field, translate("这条企业自报已处理"))
    return report


def verify(report_id: int, user_id: int | None, note: str | None = None) -> FirmReport:
    """The street confirms a firm's value: it becomes the record's (history kept)."""
    report = _decidable(report_id)
    firm = db.session.get(Enterprise, report.enterprise_id)
    assert firm is not None
    report.status, report.decided_by, report.decided_at = VERIFIED, user_id, utcnow()
    report.note = note or None
    db.session.flush()
    changed = update_enterprise(firm, {report.field: report.value}, source=f"verified:{user_id}")
    if not changed:
        events.emit(events.ENTERPRISES_CHANGED, ids=[firm.id])
    return report


def reject(report_id: int, user_id: int | None, note: str) -> FirmReport:
    """The street does not confirm a firm's value; the firm is told why."""
    report = _decidable(report_id)
    if not (note or "").strip():
        raise ReportError("note", translate("请写明未采纳的原因，企业会看到"))
    report.status, report.decided_by, report.decided_at = REJECTED, user_id, utcnow()
    report.note = note.strip()[:500]
    db.session.flush()
    events.emit(events.ENTERPRISES_CHANGED, ids=[report.enterprise_id])
    return report


def pending_values(ids: Collection[int] | None = None) -> dict[int, dict[str, Any]]:
    """Per firm, the values it reported that wait for verification (all firms, or these)."""
    stmt = select(FirmReport.enterprise_id, FirmReport.field, FirmReport.value).where(
        FirmReport.status == PENDING
    )
    out: dict[int, dict[str, Any]] = {}
    wanted = None if ids is None else sorted(set(ids))
    chunks = [None] if wanted is None else [wanted[i : i + 900] for i in range(0, len(wanted), 900)]
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(FirmReport.enterprise_id.in_(chunk))
        for eid, field, value in db.session.execute(query.order_by(FirmReport.id)):
            out.setdefault(int(eid), {})[field] = value
    return out


def latest_reports(firm_id: int) -> dict[str, FirmReport]:
    """Per field, the firm's latest report that is pending or was decided."""
    out: dict[str, FirmReport] = {}
    for report in db.session.scalars(
        select(FirmReport)
        .where(FirmReport.enterprise_id == firm_id, FirmReport.status != REPLACED)
        .order_by(FirmReport.id)
    ):
        out[report.field] = report
    return out


def pending_count() -> int:
    stmt = select(func.count()).select_from(FirmReport).where(FirmReport.status == PENDING)
    return int(db.session.scalar(stmt) or 0)


def pending_queue(
    page: int = 1, per_page: int = 30
) -> tuple[list[tuple[FirmReport, Enterprise]], int]:
    """Reports waiting for the street, oldest first, with their firms."""
    rows = db.session.execute(
        select(FirmReport, Enterprise)
        .join(Enterprise, Enterprise.id == FirmReport.enterprise_id)
        .where(FirmReport.status == PENDING)
        .order_by(FirmReport.reported_at, FirmReport.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [(r, e) for r, e in rows], pending_count()
