"""Matching offers to firms ("信息找人") and pushing them to each firm's inbox."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.inbox.follows import subscribe_events as subscribe_follows
    from qifutong.matching import api, cli, follow_views, search_views, views  # noqa: F401 - routes on views.bp
    from qifutong.matching.datasets import register as register_datasets
    from qifutong.matching.jobs import register_jobs
    from qifutong.matching.seed import load_matches
    from qifutong.matching.services import subscribe_events
    from qifutong.seeding import register_seeder
    from qifutong.web.i18n import N_
    from qifutong.web.nav import register_home, register_nav

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.match_group)
    subscribe_events()
    subscribe_follows()
    register_jobs()
    register_home("firm", "matching.firm_home")
    register_nav(("firm",), N_("为您推荐"), "matching.firm_home", order=10)
    for order, (endpoint, label) in enumerate(
        (
            ("matching.find_policies", "找政策"),
            ("matching.find_spaces", "找场地"),
            ("matching.find_funding", "找资金"),
            ("matching.find_services", "找服务"),
        )
    ):
        register_nav(("firm",), label, endpoint, order=11 + order)
    # After policies (50–53), leases (40) and grades (75): every firm gets its matches and inbox.
    register_seeder(80, "matches", load_matches)
    register_datasets()
