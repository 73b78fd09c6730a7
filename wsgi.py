"""gunicorn entry point: `gunicorn wsgi:app`."""

from qifutong import create_app

app = create_app()
