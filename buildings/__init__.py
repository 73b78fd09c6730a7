"""Buildings, units and leases; expiry warnings for building managers."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from buildings import views
    from buildings.cards import warning_cards
    from buildings.seed import load_buildings, load_leases
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_cards, register_home, register_nav

    app.register_blueprint(views.bp)
    register_home("building", "buildings.board")
    register_home("property", "buildings.property_home")
    register_nav(("building", "street"), "到期预警", "buildings.board", order=15)
    register_nav(("property",), "楼宇管理", "buildings.property_home", order=15)
    register_cards(("street",), warning_cards, order=20)
    register_seeder(10, "buildings", load_buildings)
    register_seeder(40, "leases", load_leases)
