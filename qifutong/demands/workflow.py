"""The demand's states, who may move it where, and its deadlines: plain rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from qifutong.demands.workcal import WorkingHours, add_working_time, working_days
from qifutong.web.i18n import N_

STATES = ("submitted", "assigned", "accepted", "in_progress", "replied", "closed", "rated")
STATE_LABELS = {
    "submitted": N_("已提交"),
    "assigned": N_("已交办"),
    "accepted": N_("已受理"),
    "in_progress": N_("办理中"),
    "replied": N_("已答复"),
    "closed": N_("已办结"),
    "rated": N_("已评价"),
}
# Escalation (督办) is not a state: the demand stays where it is and is marked as escalated.
ESCALATED = "escalated"
URGENCIES = {"normal": N_("一般"), "urgent": N_("紧急")}
CATEGORIES = (
    N_("政策咨询"),
    N_("融资需求"),
    N_("用工招聘"),
    N_("场地需求"),
    N_("证照办理"),
    N_("知识产权"),
    N_("物业纠纷"),
    N_("交通停车"),
    N_("市场拓展"),
    N_("其他"),
)
# The street's departments a demand is usually handed to; assignments may name others.
DEPARTMENTS = (
    "街道经济发展办公室",
    "街道企业服务中心",
    "街道城市管理办公室",
    "街道综合行政执法队",
    "区科技局",
    "区经信局",
    "区金融服务中心",
    "区人社局",
    "区市场监管局",
)
OPEN_STATES = ("submitted", "assigned", "accepted", "in_progress")  # the street's clock runs
WAITING_STATES = ("replied",)  # the firm's turn
DONE_STATES = ("closed", "rated")

# Who moves a demand: the street (officials, admins), its owner (the person it is assigned
# to) and the firm it belongs to.
STREET, OWNER, FIRM = "street", "owner", "firm"


@dataclass(frozen=True)
class Move:
    action: str  # the word kept in the history
    label: str  # what the button says
    actors: frozenset[str]


def _move(action: str, label: str, *actors: str) -> Move:
    return Move(action, label, frozenset(actors))


MOVES: dict[tuple[str, str], Move] = {
    ("submitted", "assigned"): _move("assign", N_("交办"), STREET),
    ("assigned", "assigned"): _move("reassign", N_("改派"), STREET),
    ("accepted", "assigned"): _move("reassign", "改派", STREET),
    ("in_progress", "assigned"): _move("reassign", "改派", STREET),
    ("assigned", "accepted"): _move("accept", "受理", STREET, OWNER),
    ("accepted", "in_progress"): _move("start", N_("开始办理"), STREET, OWNER),
    ("in_progress", "replied"): _move("reply", "答复企业", STREET, OWNER),
    ("replied", "closed"): _move("close", "办结", STREET, FIRM),
    # Satisfaction is the firm's word alone: only the firm that raised a demand rates it or
    # reopens it as unsatisfied, else the satisfaction figures mean nothing.
    ("closed", "rated"): _move("rate", "评价", FIRM),
    ("replied", "in_progress"): _move("reopen", N_("不满意，重新办理"), FIRM),
    ("closed", "in_progress"): _move("reopen", "不满意，重新办理", FIRM),
    ("rated", "in_progress"): _move("reopen", "不满意，重新办理", FIRM),
}
ESCALATE = _move("escalate", "督办", STREET)
ACTION_LABELS = {
    "raise": N_("提出诉求"),
    "assign": N_("交办"),
    "reassign": N_("改派"),
    "accept": N_("受理"),
    "start": N_("开始办理"),
    "reply": N_("答复"),
    "close": N_("办结"),
    "rate": N_("评价"),
    "reopen": N_("重新办理"),
    "escalate": N_("督办"),
    "attach": N_("上传附件"),
    "import": N_("历史记录导入"),
}


def allowed_targets(state: str, actors: set[str], overdue: bool) -> list[str]:
    """What these actors may do now: target states, plus 'escalated' when it is overdue."""
    out = [to for (frm, to), move in MOVES.items() if frm == state and move.actors & actors]
    if overdue and state in OPEN_STATES and ESCALATE.actors & actors:
        out.append(ESCALATED)
    return out


def move_for(state: str, to: str) -> Move | None:
    if to == ESCALATED:
        return ESCALATE if state in OPEN_STATES else None
    return MOVES.get((state, to))


@dataclass(frozen=True)
class Sla:
    """Working time allowed to assign a demand and to resolve it (reply to the firm)."""

    assign: timedelta
    resolve: timedelta


def sla_for(urgency: str, config: Any, hours: WorkingHours) -> Sla:
    """Urgent: assigned within 2 working hours, resolved within 1 working day; normal:
    assigned within 1 working day, resolved within 5 (all settings)."""
    if urgency == "urgent":
        return Sla(
            timedelta(hours=float(config.get("QIFUTONG_DEMAND_URGENT_ASSIGN_HOURS", 2))),
            working_days(float(config.get("QIFUTONG_DEMAND_URGENT_RESOLVE_DAYS", 1)), hours),
        )
    return Sla(
        working_days(float(config.get("QIFUTONG_DEMAND_NORMAL_ASSIGN_DAYS", 1)), hours),
        working_days(float(config.get("QIFUTONG_DEMAND_NORMAL_RESOLVE_DAYS", 5)), hours),
    )


def deadlines(start_local: datetime, sla: Sla, hours: WorkingHours) -> tuple[datetime, datetime]:
    """(assign by, resolve by) in local time for a demand whose clock starts at start_local."""
    return (
        add_working_time(start_local, sla.assign, hours),
        add_working_time(start_local, sla.resolve, hours),
    )


def is_overdue(
    state: str, assign_due_at: datetime | None, due_at: datetime | None, now: datetime
) -> bool:
    """Past the deadline that applies to the state (times in one zone)."""
    if state == "submitted" and assign_due_at is not None and now > assign_due_at:
        return True
    return state in OPEN_STATES and due_at is not None and now > due_at
