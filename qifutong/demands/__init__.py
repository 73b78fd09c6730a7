"""Demands (诉求), visits (走楼访企), key-firm grading, firm–government interaction."""

from __future__ import annotations

from flask import Flask

from qifutong.web.i18n import N_


def init_app(app: Flask) -> None:
    from qifutong import events
    from qifutong.demands import api, calendar_views, views
    from qifutong.demands.cards import street_cards
    from qifutong.demands.cli import calendar_group, demands_group, grade_command
    from qifutong.demands.datasets import register as register_datasets
    from qifutong.demands.filters import event_note, localtime
    from qifutong.demands.seed import load_demands, load_grades, load_visits
    from qifutong.interaction import views as interaction_views
    from qifutong.keyfirms import views as keyfirm_views
    from qifutong.keyfirms.services import on_figures_changed
    from qifutong.seeding import register_seeder
    from qifutong.visits import views as visit_views
    from qifutong.web.nav import register_cards, register_nav

    blueprints = (views, visit_views, keyfirm_views, interaction_views, calendar_views, api)
    for bp in (module.bp for module in blueprints):
        app.register_blueprint(bp)
    app.add_template_filter(localtime)
    app.add_template_filter(event_note)
    app.cli.add_command(grade_command)
    app.cli.add_command(demands_group)
    app.cli.add_command(calendar_group)
    events.subscribe(events.FIGURES_CHANGED, on_figures_changed)

    register_nav(("street",), N_("诉求办理"), "demands.index", order=40, group=N_("企业服务"))
    register_nav(("building",), N_("走楼访企"), "visits.index", order=42)
    register_nav(("street",), N_("走楼访企"), "visits.index", order=42, group=N_("企业服务"))
    register_nav(
        ("street",), N_("工作日历"), "workcalendar.calendar_page", order=49, group=N_("企业服务")
    )
    register_nav(("street",), N_("走访计划"), "visits.plan_page", order=43, group=N_("企业服务"))
    register_nav(("street",), N_("重点企业"), "keyfirms.index", order=44, group=N_("企业库"))
    register_nav(("street",), N_("政企互动"), "interaction.index", order=46, group=N_("企业服务"))
    # Activities live in the policies package; the endpoint is named, not imported.
    register_nav(("street",), N_("活动培训"), "activities.index", order=47, group=N_("企业服务"))
    register_nav(("firm",), N_("我的诉求"), "demands.mine", order=40)
    register_nav(("firm",), N_("提交诉求"), "demands.new", order=41)
    register_nav(("firm",), N_("通知公告"), "interaction.firm_notices", order=45)
    register_nav(("firm",), N_("活动培训"), "activities.firm_index", order=47)
    register_cards(("street",), street_cards, order=40)

    register_seeder(60, "demands", load_demands)
    register_seeder(61, "visits", load_visits)
    register_seeder(75, "grades", load_grades)
    register_datasets()
