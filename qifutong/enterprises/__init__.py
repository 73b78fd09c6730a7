"""Firms (企业): the register, the roster import and its resolution, their economic records,
lineage and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `qifutong import enterprises` loads the roster's commands below, without Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.enterprises import (
        api,
        figures_views,
        profile_views,  # noqa: F401 - adds its pages to views.bp
        roster,
        views,
    )
    from qifutong.enterprises.cards import street_cards
    from qifutong.enterprises.datasets import register as register_datasets
    from qifutong.enterprises.figures_import import KIND as FIGURES
    from qifutong.enterprises.figures_review import batch_changes
    from qifutong.enterprises.seed import load_economic_records, load_enterprises
    from qifutong.imports.api import register_batch_changes
    from qifutong.seeding import register_seeder
    from qifutong.web.i18n import N_
    from qifutong.web.nav import register_cards, register_nav

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(figures_views.bp)
    app.register_blueprint(figures_views.api)
    register_batch_changes(FIGURES, batch_changes)
    register_nav(("building", "property"), N_("企业名录"), "enterprises.index", order=20)
    register_nav(("street",), N_("企业名录"), "enterprises.index", order=20, group=N_("企业库"))
    register_nav(("firm",), N_("企业信息"), "enterprises.my_firm", order=80)
    register_nav(("street",), N_("导入企业"), "imports.upload", order=21, group=N_("企业库"))
    register_nav(("street",), N_("复核企业"), "imports.queue", order=22, group=N_("企业库"))
    register_nav(
        ("street",), N_("核实企业自报"), "enterprises.report_queue", order=25, group=N_("企业库")
    )
    register_nav(
        ("street",), N_("导入月度数据"), "figures.import_page", order=23, group=N_("企业库")
    )
    register_nav(
        ("street",), N_("待关联数据"), "figures.unmatched_page", order=24, group=N_("企业库")
    )
    register_cards(("street",), street_cards, order=10)
    roster.init_app(app)
    register_seeder(20, "enterprises", load_enterprises)
    register_seeder(30, "economic_records", load_economic_records)
    register_datasets()
