"""Policies share the matching fixtures (API helper, SMTP sink) and the demands' logins."""

from tests.demands.conftest import logged_in  # noqa: F401
from tests.matching.conftest import api, smtp_sink  # noqa: F401
