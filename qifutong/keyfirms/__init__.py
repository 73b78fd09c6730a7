"""Key firms (重点企业): the monthly grading A/B/C and its tiers; the one definition of a key
firm."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from qifutong import events
    from qifutong.keyfirms import views
    from qifutong.keyfirms.cards import street_cards
    from qifutong.keyfirms.cli import grade_command
    from qifutong.keyfirms.datasets import register as register_datasets
    from qifutong.keyfirms.seed import load_grades
    from qifutong.keyfirms.services import on_figures_changed
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_cards, register_nav

    app.register_blueprint(views.bp)
    app.cli.add_command(grade_command)
    events.subscribe(events.FIGURES_CHANGED, on_figures_changed)
    register_nav(("street",), N_("重点企业"), "keyfirms.index", order=44, group=N_("企业库"))
    register_cards(("street",), street_cards, order=42)
    register_seeder(75, "grades", load_grades)
    register_datasets()
