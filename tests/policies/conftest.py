"""Policies share the matching fixtures (API helper, SMTP sink)."""

from tests.matching.conftest import api, smtp_sink  # noqa: F401
