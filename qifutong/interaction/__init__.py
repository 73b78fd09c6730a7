"""Firm–government interaction (政企互动): notices to firms and their receipts, questions."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from qifutong.interaction import views
    from qifutong.interaction.datasets import register as register_datasets
    from qifutong.web.nav import register_nav

    app.register_blueprint(views.bp)
    register_nav(("street",), N_("政企互动"), "interaction.index", order=46, group=N_("企业服务"))
    register_nav(("firm",), N_("通知公告"), "interaction.firm_notices", order=45)
    register_datasets()
