"""Visits (走楼访企) and the visit plan: who is due a visit, and the tasks that ask for one."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from qifutong.seeding import register_seeder
    from qifutong.visits import views
    from qifutong.visits.cards import street_cards
    from qifutong.visits.datasets import register as register_datasets
    from qifutong.visits.seed import load_visits
    from qifutong.web.nav import register_cards, register_nav

    app.register_blueprint(views.bp)
    register_nav(("building",), N_("走楼访企"), "visits.index", order=42)
    register_nav(("street",), N_("走楼访企"), "visits.index", order=42, group=N_("企业服务"))
    register_nav(("street",), N_("走访计划"), "visits.plan_page", order=43, group=N_("企业服务"))
    register_cards(("street",), street_cards, order=41)
    register_seeder(61, "visits", load_visits)
    register_datasets()
