"""gunicorn entry point: `gunicorn wsgi:app`."""

from qifutong import create_app
from qifutong.demands.holidays import warn_at_start
from qifutong.server import settle_heap

app = create_app()
warn_at_start(app)
settle_heap()
