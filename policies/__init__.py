"""Policies, funding products, service providers and activities: what the street offers."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from policies import activities, api, applications, funding_views, views  # noqa: F401
    from policies.applications.seed import load_applications
    from policies.cards import street_cards
    from policies.datasets import register as register_datasets
    from policies.offers import register_offers
    from policies.seed import load_activities, load_funding, load_policies, load_services
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_cards, register_nav

    app.register_blueprint(views.bp)
    app.register_blueprint(activities.bp)
    app.register_blueprint(api.bp)
    applications.init_app(app)
    register_offers()
    register_nav(("street",), N_("政策管理"), "policies.index", order=30)
    register_nav(("street",), N_("申报审核"), "applications.review", order=31)
    register_nav(("street",), N_("资金产品"), "policies.funding_index", order=32)
    register_nav(("firm",), N_("我的申报"), "applications.mine", order=37, group=N_("申报"))
    register_nav(("firm",), N_("申报日历"), "applications.calendar", order=38, group=N_("申报"))
    register_nav(("street",), N_("活动培训"), "activities.index", order=47, group=N_("企业服务"))
    register_nav(("firm",), N_("活动培训"), "activities.firm_index", order=47)
    register_cards(("street",), street_cards, order=30)
    register_seeder(50, "policies", load_policies)
    register_seeder(51, "funding_products", load_funding)
    register_seeder(52, "service_providers", load_services)
    register_seeder(53, "activities", load_activities)
    # After the matches (80) and the demo logins (90): firms apply for what they are eligible for.
    register_seeder(95, "applications", load_applications)
    register_datasets()
