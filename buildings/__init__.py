"""Buildings, units and leases; expiry warnings for building managers."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from buildings import api, cli, edit_views, import_views, views  # noqa: F401 (routes)
    from buildings.cards import warning_cards
    from buildings.datasets import register as register_datasets
    from buildings.jobs import register_jobs
    from buildings.queries import firm_leases_in_red, lease_turned_red_on
    from buildings.seed import (
        busiest_buildings,
        load_buildings,
        load_leases,
        load_visit_tasks,
        property_buildings,
    )
    from qifutong.auth.seed import register_demo_buildings
    from qifutong.seeding import register_seeder
    from qifutong.visits.tasks import register_red_leases
    from qifutong.web.nav import register_cards, register_home, register_nav

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.leases_group)
    register_jobs()
    register_home("building", "buildings.board")
    register_home("property", "buildings.property_home")
    # Building and property users work from these every day: a bar of their own. The street
    # keeps them in one menu.
    register_nav(("building",), N_("到期预警"), "buildings.board", order=15)
    register_nav(("property",), N_("物业工作台"), "buildings.property_home", order=15)
    register_nav(("building", "property"), N_("楼宇管理"), "buildings.index", order=16)
    register_nav(("building", "property"), N_("楼宇地图"), "buildings.street_map_page", order=17)
    register_nav(("street",), N_("到期预警"), "buildings.board", order=15, group=N_("楼宇租约"))
    register_nav(("street",), N_("楼宇管理"), "buildings.index", order=16, group=N_("楼宇租约"))
    register_nav(
        ("street",), N_("楼宇地图"), "buildings.street_map_page", order=17, group=N_("楼宇租约")
    )
    register_nav(("building", "property"), N_("导入租约"), "buildings.import_page", order=18)
    register_nav(("property", "building"), N_("空置房源"), "buildings.vacancy_list", order=16)
    register_nav(
        ("street",), N_("空置房源"), "buildings.vacancy_list", order=16, group=N_("楼宇租约")
    )
    register_cards(("street",), warning_cards, order=20)
    register_seeder(10, "buildings", load_buildings)
    register_seeder(40, "leases", load_leases)
    register_seeder(80, "lease_visit_tasks", load_visit_tasks)  # after grades (75)
    register_datasets()
    from buildings.places import BuildingPlaces
    from qifutong import places

    places.register(BuildingPlaces())
    register_red_leases(firm_leases_in_red, lease_turned_red_on)
    register_demo_buildings("building", busiest_buildings)
    register_demo_buildings("property", property_buildings)
    from buildings import offers  # noqa: F401 (registers vacant units as space offers)
