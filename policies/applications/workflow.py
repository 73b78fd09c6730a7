"""An application's states, who may move it where, and its working-day deadlines: plain
rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qifutong.web.i18n import N_

STATES = ("submitted", "accepted", "returned", "approved", "paid", "rejected", "withdrawn")
STATE_LABELS = {
    "submitted": N_("已提交"),
    "accepted": N_("已受理"),
    "returned": N_("退回补正"),
    "approved": N_("审核通过"),
    "paid": N_("已兑现"),
    "rejected": N_("未通过"),
    "withdrawn": N_("已撤回"),
}
# The road an application takes when nothing goes wrong (the steps a page shows).
MAIN_ROAD = ("submitted", "accepted", "approved", "paid")
OPEN_STATES = ("submitted", "accepted", "returned", "approved")
DONE_STATES = ("paid", "rejected", "withdrawn")
STREET, FIRM = "street", "firm"


@dataclass(frozen=True)
class Move:
    action: str  # the word kept in the history
    label: str  # what the button says
    actor: str
    needs_note: bool = False
    needs_amount: bool = False


MOVES: dict[tuple[str, str], Move] = {
    ("submitted", "accepted"): Move("accept", "受理", STREET),
    ("submitted", "returned"): Move("return", "退回补正", STREET, needs_note=True),
    ("accepted", "returned"): Move("return", "退回补正", STREET, needs_note=True),
    ("submitted", "rejected"): Move("reject", N_("不予通过"), STREET, needs_note=True),
    ("accepted", "rejected"): Move("reject", "不予通过", STREET, needs_note=True),
    ("accepted", "approved"): Move("approve", "审核通过", STREET),
    ("approved", "paid"): Move("pay", N_("确认兑现"), STREET, needs_amount=True),
    ("returned", "submitted"): Move("resubmit", N_("补正后重新提交"), FIRM),
    ("submitted", "withdrawn"): Move("withdraw", N_("撤回申报"), FIRM),
    ("accepted", "withdrawn"): Move("withdraw", "撤回申报", FIRM),
    ("returned", "withdrawn"): Move("withdraw", "撤回申报", FIRM),
}
ACTION_LABELS = {
    "submit": "提交申报",
    "payout": "免申即享兑现",
    **{m.action: m.label for m in MOVES.values()},
}
# What the firm is told of each move (in its inbox, and by e-mail when SMTP is set).
NOTICES = {
    "submit": "您的申报已提交：{title}",
    "accept": "您的申报已受理：{title}",
    "return": "您的申报被退回补正：{title}",
    "reject": "您的申报未通过：{title}",
    "approve": "您的申报已审核通过：{title}",
    "pay": "已为您兑现 {amount}：{title}",
    "payout": "已为您兑现 {amount}：{title}",
    "resubmit": "您已重新提交申报：{title}",
    "withdraw": "您已撤回申报：{title}",
}
# An open application's next step, as the firm's calendar says it, and whose turn it is.
NEXT_STEPS = {
    "submitted": (N_("等待街道受理"), STREET),
    "accepted": (N_("街道审核中"), STREET),
    "approved": (N_("等待街道兑现"), STREET),
    "returned": (N_("请按要求补正后重新提交"), FIRM),
}
# Working days each open state may last, and whose turn it is (settings override them).
DEADLINE_DAYS = {"submitted": 3, "accepted": 10, "approved": 15, "returned": 10}
SETTING = "QIFUTONG_APPLICATION_{state}_DAYS"


def allowed_targets(state: str, actors: set[str]) -> list[str]:
    """The states these actors may move an application in `state` to."""
    return [to for (frm, to), move in MOVES.items() if frm == state and move.actor in actors]


def move_for(state: str, to: str) -> Move | None:
    return MOVES.get((state, to))


def deadline_days(state: str, config: Any) -> float | None:
    """How many working days an application may stay in `state`; None when no clock runs."""
    if state not in DEADLINE_DAYS:
        return None
    return float(config.get(SETTING.format(state=state.upper()), DEADLINE_DAYS[state]))


def amount_text(yuan: float) -> str:
    """An amount paid as the firm's notice says it: "30,000 元"."""
    return f"{yuan:,.0f} 元" if yuan == int(yuan) else f"{yuan:,.2f} 元"
