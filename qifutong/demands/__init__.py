"""Demands (诉求): raised by firms or on visits, handled on a working-day clock; the calendar."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from qifutong.demands import api, calendar_views, views
    from qifutong.demands.cards import street_cards
    from qifutong.demands.cli import calendar_group, demands_group
    from qifutong.demands.datasets import register as register_datasets
    from qifutong.demands.filters import event_note, localtime
    from qifutong.demands.seed import load_demands
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_cards, register_nav

    for bp in (views.bp, calendar_views.bp, api.bp):
        app.register_blueprint(bp)
    app.add_template_filter(localtime)
    app.add_template_filter(event_note)
    app.cli.add_command(demands_group)
    app.cli.add_command(calendar_group)

    register_nav(("street",), N_("诉求办理"), "demands.index", order=40, group=N_("企业服务"))
    register_nav(
        ("street",), N_("工作日历"), "workcalendar.calendar_page", order=49, group=N_("企业服务")
    )
    register_nav(("firm",), N_("我的诉求"), "demands.mine", order=40)
    register_nav(("firm",), N_("提交诉求"), "demands.new", order=41)
    register_cards(("street",), street_cards, order=40)

    register_seeder(60, "demands", load_demands)
    register_datasets()
