"""Unbound extension objects; models and services import these, never the app."""

from typing import TYPE_CHECKING

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Migrations:
    """Flask-Migrate, bound to an app only when a command migrates its schema: alembic takes
    a third of a second to import, which neither a request nor an import needs."""

    def init_app(self, app: Flask, db: SQLAlchemy, directory: str) -> None:
        app.extensions["qifutong.migrations"] = (db, directory)

    def ready(self, app: Flask) -> None:
        """Flask-Migrate on this app (`app.extensions["migrate"]`), the first time it is asked."""
        if "migrate" not in app.extensions:
            from flask_migrate import Migrate

            db, directory = app.extensions["qifutong.migrations"]
            Migrate(app, db, directory=directory)


db = SQLAlchemy(model_class=Base)
migrate = Migrations()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel(configure_jinja=False)  # the message catalogs (qifutong/translations), see web

if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
