"""Full re-matching and the daily push and digest as jobs (qifutong.jobs), for pages and
schedulers that start them; `qifutong match run|push` run the same services directly."""

from __future__ import annotations

from typing import Any

from qifutong.jobs.runner import Progress, register
from qifutong.timeutil import street_today


def full_rematch(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Re-tag every firm, match every offer against every firm, push what waits today."""
    from qifutong.inbox.pushes import deliver
    from qifutong.matching.services import full_match
    from qifutong.matching.tagging import tag_firms

    today = street_today()
    progress("tags", 0.05)
    tags = tag_firms(None, today)
    progress("match", 0.3)
    summary = full_match(today)
    if params.get("push", True):
        progress("push", 0.8)
        summary.pushed = deliver(today)
    return {"tags": tags, **summary.as_dict()}


def daily_push(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Deliver the items waiting within each firm's daily cap, then the day's digests."""
    from qifutong.inbox.digest import send_all_digests
    from qifutong.inbox.pushes import deliver

    today = street_today()
    progress("push", 0.1)
    out: dict[str, Any] = {"pushed": deliver(today)}
    progress("digest", 0.6)
    out.update(send_all_digests(today))
    return out


def register_jobs() -> None:
    stages = {"tags": "更新企业标签", "match": "匹配全部企业", "push": "推送", "digest": "发送摘要"}
    register("matching.full", full_rematch, "全量重新匹配", lock="matching.full", stages=stages)
    register("matching.daily", daily_push, "每日推送与摘要", lock="matching.daily", stages=stages)
