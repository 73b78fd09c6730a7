"""The firm's side: its inbox (为您推荐), the find pages, an offer's page, apply and dismiss."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.changes import VersionedCache, reading, table_versions
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inbox import follows, pushes
from qifutong.inbox.digest import closing_text, soon_closing, soonest_first
from qifutong.inbox.models import Notification, Push, SavedSearch
from qifutong.inbox.searches import describe as describe_search
from qifutong.inbox.searches import link as search_link
from qifutong.inputs import page_number
from qifutong.matching import find as finder
from qifutong.matching import queries, registry
from qifutong.matching.criteria import (
    MET,
    STATUS_LABELS,
    Condition,
    CriteriaError,
    Evaluation,
    evaluate_offer,
    parse_criteria,
)
from qifutong.matching.criteria import normalise_tags as offer_tags
from qifutong.matching.explain import firm_columns
from qifutong.matching.services import RANK, firm_values, labels
from qifutong.timeutil import street_today
from qifutong.web.fragments import cached_content
from qifutong.web.i18n import current_locale, translate

bp = Blueprint("matching", __name__)
APPLIED_FOR = ("policy", "funding")  # offers a firm applies for on a form (申报)
PER_PAGE = 20
FIND_PAGES = {
    "policy": ("find_policies", "/firm/policies", "找政策"),
    "space": ("find_spaces", "/firm/spaces", "找场地"),
    "funding": ("find_funding", "/firm/funding", "找资金"),
    "service": ("find_services", "/firm/services", "找服务"),
}


def _my_firm() -> Enterprise:
    user = acting_user()
    assert user is not None
    ent = db.session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
    if ent is None:
        abort(404)
    return ent


@bp.get("/firm/")
@role_required(Role.FIRM)
def firm_home() -> str:
    ent = _my_firm()
    user = acting_user()
    assert user is not None
    items = queries.inbox(ent.id)
    fresh = {p.id for p in items if p.state == "new"}
    with reading() as model_reads:  # the tables the model stands for, cached or not
        model = _inbox_model(ent, items)  # before mark_seen: a transaction that wrote keeps nothing
    # 即将截止: items the firm can still act on whose window closes soon rise to the top.
    waiting = {k: v for k, v in model["closing"].items() if k not in model["done"]}
    items = soonest_first(items, waiting)
    pushes.mark_seen(items)
    notes = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc())
        .limit(3)
    ).all()
    # The content is what the key names (the items as they stand, the notices, the reader)
    # and what the model read (kept with it).
    key = (
        ent.id,
        user.role,
        user.display_name,
        street_today(),
        tuple((p.id, p.state, p.status, p.title, p.pushed_at, p.id in fresh) for p in items),
        tuple((n.id, n.title) for n in notes),
    )

    def context() -> dict[str, Any]:
        return {
            "ent": ent,
            "pushes": items,
            "fresh": fresh,
            **{**model, "closing": waiting},
            "notes": notes,
            "reasons": pushes.DISMISS_REASONS,
            "states": pushes.STATE_LABELS,
            "kind_labels": {s.kind: translate(s.label) for s in registry.sources()},
            "closing_text": closing_text,
        }

    reads = frozenset(model_reads) | {Enterprise.__tablename__}
    content = cached_content("firm/_inbox.html", key, context, reads)
    return render_template("page.html", content=content, title="为您推荐")


# Per firm, what its inbox shows besides the items' states: kept while nothing it read changed.
_inbox_cache = VersionedCache(size=1024)


def _inbox_model(ent: Enterprise, items: list[Push]) -> dict[str, Any]:
    """The firm's near-misses, what it lacks for each item, and why each item was pushed."""
    today = street_today()
    key = (ent.id, today, current_locale(), tuple((p.id, p.offer_kind, p.offer_id) for p in items))

    def run() -> dict[str, Any]:
        pushed = {(p.offer_kind, p.offer_id) for p in items}
        cols = firm_columns([ent.id], today)  # read once for every explanation below
        near = [
            m
            for m in queries.firm_matches(ent.id, status="near_miss", cols=cols)
            if (m.offer.kind, m.offer.id) not in pushed
        ][:5]
        pushed_offers = queries.titles(pushed)
        offers = pushed_offers | {(m.offer.kind, m.offer.id): m.offer for m in near}
        return {
            "near": near,
            "needs": _needs(ent, list(offers.values())),
            "unverified": queries.unverified_offers(ent.id),
            "explained": queries.explain_pushes(items, cols=cols, loaded=pushed_offers),
            # 免申即享: the firm need not apply, the street pays the eligible firms.
            "auto_payout": {key for key, o in pushed_offers.items() if o.auto_payout},
            # Where the firm applies for a policy or a funding product (its prefilled form).
            "apply_at": {
                key: o.action_url
                for key, o in pushed_offers.items()
                if o.action_url and o.kind in APPLIED_FOR
            },
            "closing": soon_closing(pushed_offers, today),
            "done": {
                (p.offer_kind, p.offer_id) for p in items if p.state in ("applied", "granted")
            },
        }

    # `ent` was read before: its table counts as read (the items are in the key).
    reads = frozenset({Enterprise.__tablename__})
    return _inbox_cache.get_or_compute(table_versions(db.session), key, run, reads)


@bp.post("/firm/pushes/<int:push_id>/dismiss")
@role_required(Role.FIRM)
def dismiss(push_id: int) -> Response:
    ent = _my_firm()
    push = db.session.get(Push, push_id)
    if push is None or push.enterprise_id != ent.id:
        abort(404)
    reason = request.form.get("reason", "").strip()
    note = request.form.get("note", "").strip()
    text = f"{reason}：{note}" if reason and note else (reason or note)
    try:
        pushes.dismiss(push, text)
    except pushes.PushError as exc:
        flash(exc.shown(), "error")
        return redirect(url_for("matching.firm_home"))
    flash(translate("已忽略“{title}”，不会再向您推送。", title=push.title), "success")
    return redirect(url_for("matching.firm_home"))


def profile_link(field: str) -> str | None:
    """Where on its profile a firm fills in a field, when it may fill it in itself."""
    from qifutong.enterprises.profile import BY_NAME

    if field not in BY_NAME:
        return None
    return url_for("enterprises.my_firm", _anchor=f"field-{field}")


def _missing(conditions: list[Condition], ev: Evaluation) -> list[tuple[str, str | None]]:
    """Each unmet or unknown `must`, in words, with the profile field that would supply it."""
    unmet = [
        c for c, st in zip(conditions, ev.statuses, strict=True) if c.kind == "must" and st != MET
    ]
    return [(text, profile_link(c.field)) for text, c in zip(ev.missing, unmet, strict=True)]


def _needs(
    ent: Enterprise, offers: list[registry.Offer]
) -> dict[tuple[str, int], list[tuple[str, str | None]]]:
    """Per offer, what the firm still lacks, each linked to the field it needs."""
    values, names = firm_values(ent, street_today()), labels()
    out = {}
    for item in offers:
        try:
            conditions = parse_criteria(item.criteria)
        except CriteriaError:
            continue
        ev = evaluate_offer(conditions, offer_tags(item.tags), values, names)
        out[(item.kind, item.id)] = _missing(conditions, ev)
    return out


def _find(kind: str) -> str:
    ent = _my_firm()
    src = registry.source(kind)
    offers = registry.load_offers(kind) if src else []
    facet_options = finder.facet_values(offers)
    chosen = {name: request.args.get(f"f_{name}", "") for name in facet_options}
    q = request.args.get("q", "")
    fit = request.args.get("fit", "")
    fit = fit if fit in finder.FIT_FILTERS else ""
    found = finder.find(offers, firm_values(ent, street_today()), labels(), q, chosen, fit)
    page = max(1, request.args.get("page", 1, type=page_number))
    total_found = len(found)
    found = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    states = {
        (p.offer_kind, p.offer_id): p.state
        for p in db.session.scalars(
            select(Push).where(Push.enterprise_id == ent.id, Push.offer_kind == kind)
        )
    }
    return render_template(
        "firm/find.html",
        ent=ent,
        kind=kind,
        source=src,
        found=found,
        total=len(offers),
        total_found=total_found,
        page=page,
        per_page=PER_PAGE,
        args={k: v for k, v in request.args.items() if k != "page"},
        q=q,
        fit=fit,
        fits=finder.FIT_FILTERS,
        facet_options=facet_options,
        chosen=chosen,
        states=states,
        state_labels=pushes.STATE_LABELS,
        status_labels=STATUS_LABELS,
        saved=_saved_searches(kind),
        describe_search=describe_search,
        search_link=search_link,
        title=FIND_PAGES[kind][2],
    )


def _saved_searches(kind: str) -> list[SavedSearch]:
    user = acting_user()
    assert user is not None
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == user.id, SavedSearch.kind == kind)
            .order_by(SavedSearch.id)
        )
    )


def _register_find_pages() -> None:
    for kind, (endpoint, rule, _label) in FIND_PAGES.items():

        def view(kind: str = kind) -> str:
            return _find(kind)

        view.__name__ = endpoint
        bp.add_url_rule(rule, endpoint, role_required(Role.FIRM)(view), methods=["GET"])


_register_find_pages()


@bp.post("/firm/space-need")
@role_required(Role.FIRM)
def space_need() -> Response:
    """The firm states how much space it seeks; it is matched again at once (找场地)."""
    from qifutong.enterprises.reports import ReportError, report

    ent = _my_firm()
    user = acting_user()
    assert user is not None
    raw = request.form.get("area_need", "").strip()
    try:
        area = float(raw) if raw else None
        if area is not None and not 10 <= area <= 100_000:
            raise ValueError(raw)
        report(ent, {"area_need": area}, source=f"firm:{user.id}", user_id=user.id)
    except (ValueError, ReportError):
        db.session.rollback()
        flash(translate("需求面积应为 10 到 100000 之间的数字（㎡）"), "error")
        return redirect(url_for("matching.find_spaces"))
    flash(
        translate("已更新场地需求，下面是为您匹配的场地。")
        if area
        else translate("已清除场地需求。"),
        "success",
    )
    return redirect(url_for("matching.find_spaces", fit="eligible" if area else ""))


@bp.get("/firm/offers/<kind>/<int:offer_id>")
@role_required(Role.FIRM)
def offer(kind: str, offer_id: int) -> str:
    ent = _my_firm()
    src = registry.source(kind)
    item = registry.load_offer(kind, offer_id) if src else None
    if item is None or src is None:
        abort(404)
    push = db.session.scalar(
        select(Push).where(
            Push.enterprise_id == ent.id, Push.offer_kind == kind, Push.offer_id == offer_id
        )
    )
    if push is not None:
        pushes.mark_clicked(push)
    try:
        conditions = parse_criteria(item.criteria)
    except CriteriaError:
        conditions = []
    today, names = street_today(), labels()
    evaluation = evaluate_offer(conditions, offer_tags(item.tags), firm_values(ent, today), names)
    verified = evaluate_offer(
        conditions, offer_tags(item.tags), firm_values(ent, today, self_reported=False), names
    )
    back = FIND_PAGES.get(kind)
    return render_template(
        "firm/offer.html",
        ent=ent,
        offer=item,
        source=src,
        push=push,
        evaluation=evaluation,
        missing=_missing(conditions, evaluation),
        unverified=RANK.get(evaluation.status or "", 0) > RANK.get(verified.status or "", 0),
        conditions=conditions,
        status_labels=STATUS_LABELS,
        state_labels=pushes.STATE_LABELS,
        reasons=pushes.DISMISS_REASONS,
        following=follows.following(ent.id, kind, offer_id) is not None,
        followable=kind in follows.FOLLOWED_KINDS,
        back_endpoint=f"matching.{back[0]}" if back else "matching.firm_home",
        back_label=back[2] if back else "为您推荐",
        title=item.title,
    )


@bp.post("/firm/offers/<kind>/<int:offer_id>/apply")
@role_required(Role.FIRM)
def apply(kind: str, offer_id: int) -> Response:
    ent = _my_firm()
    src = registry.source(kind)
    item = registry.load_offer(kind, offer_id) if src else None
    if item is None or src is None:
        abort(404)
    if item.auto_payout:
        flash(translate("该项目为免申即享，符合条件即由街道直接兑现，无需申报。"), "success")
        return redirect(url_for("matching.offer", kind=kind, offer_id=offer_id))
    if item.action_url:  # applied for on the offer's own form (e.g. policies, funding)
        return redirect(item.action_url)
    try:
        conditions = parse_criteria(item.criteria)
    except CriteriaError:
        conditions = []
    # An application is judged on the verified record only, never on what waits for the street.
    verified = firm_values(ent, street_today(), self_reported=False)
    ev = evaluate_offer(conditions, offer_tags(item.tags), verified, labels())
    try:
        pushes.apply(ent.id, item, ev.status)
    except pushes.PushError as exc:
        flash(exc.shown(), "error")
    else:
        _tell_the_street(ent, item, src.action)
        flash(
            translate(
                "已提交“{action}”：{title}。街道工作人员会尽快与您联系。",
                action=translate(src.action),
                title=item.title,
            ),
            "success",
        )
    return redirect(url_for("matching.offer", kind=kind, offer_id=offer_id))


def _tell_the_street(ent: Enterprise, item: registry.Offer, action: str) -> None:
    from qifutong.auth.models import User
    from qifutong.inbox.mail import notify

    for uid in db.session.scalars(
        select(User.id).where(User.role == Role.STREET, User.active.is_(True))
    ):
        notify(
            uid,
            "offer_applied",
            f"{ent.name}：{action}“{item.title}”",
            link=f"/enterprises/{ent.id}",
        )
