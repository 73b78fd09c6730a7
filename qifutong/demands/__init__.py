"""Demands (诉求), visits (走楼访企), visit tasks and firm–government interaction."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.demands.seed import load_demands, load_visits
    from qifutong.seeding import register_seeder

    register_seeder(60, "demands", load_demands)
    register_seeder(61, "visits", load_visits)
