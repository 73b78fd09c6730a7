"""The street's economic cockpit: the indicator registry, figures and the map."""

from __future__ import annotations

import os

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from dashboards import aggregates, api, views
    from dashboards.cards import street_cards
    from dashboards.cli import register as register_commands
    from dashboards.datasets import register as register_datasets
    from dashboards.english import cockpit_text, label_text
    from dashboards.jobs import register_jobs
    from dashboards.seed import load_macro
    from qifutong import events
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_cards, register_nav

    # The cockpit's own settings, from the environment like the core's.
    app.config.setdefault(
        "QIFUTONG_BILLION_TAX", float(os.environ.get("QIFUTONG_BILLION_TAX", "1e8"))
    )
    app.config.setdefault(
        "QIFUTONG_BILLION_WATCH", float(os.environ.get("QIFUTONG_BILLION_WATCH", "0.8"))
    )
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    register_nav(("street",), N_("经济驾驶舱"), "dashboards.cockpit", order=12)
    register_nav(("building", "property"), N_("楼宇指标"), "dashboards.cockpit", order=30)
    register_cards(("street",), street_cards, order=5)
    app.add_template_filter(cockpit_text)
    app.add_template_filter(label_text, name="cockpit_label")
    register_seeder(70, "macro_statistics", load_macro)
    register_datasets()
    register_commands()
    register_jobs()
    events.subscribe(events.FIGURES_CHANGED, aggregates.on_figures_changed)
    events.subscribe(events.ENTERPRISES_CHANGED, aggregates.on_enterprises_changed)
    # Right after the economic records (30): the cockpit's monthly aggregates of every firm.
    register_seeder(31, "cockpit_aggregates", lambda ctx: {"rows": aggregates.refresh(None)})
