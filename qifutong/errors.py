"""The one error base class, and the one place that turns it into an answer.

A domain error is raised where the work fails, with what a person reads: a `Phrase` (its
Chinese template, its English in the catalog) or a text already in the request's language.
It carries the HTTP status and a stable machine code; `init_app` registers the one handler:
`{"error": {"code", "message", …}}` for the API (/api/…), the error page for the pages.
A view that shows the error another way (at its form field, flashed on the page the form
was posted from) catches it itself.

Nothing here imports Flask when the module is imported: the command line's `--help` reads
modules that define errors without loading the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.wrappers import Response


class QifutongError(Exception):
    """A request, a command or a job that cannot be done as asked; the message says why.

    `status` and `code` are the API's answer (the class's, or the instance's own); the
    message is the first argument, a Phrase kept until shown or a text."""

    status: int = 422
    code: str = "invalid"

    def message_of(self) -> object:
        """What the error says as raised: a Phrase (read in each reader's language) or text."""
        from qifutong.web.i18n import message_of

        return message_of(self)

    def shown(self) -> str:
        """The message as a page shows it, in the reader's language."""
        from qifutong.web.i18n import shown

        return shown(self.message_of())

    def api_message(self) -> str:
        """The message as the API answers it."""
        return str(self)

    def api_error(self) -> dict[str, Any]:
        """The body of the API's `{"error": …}`: code, message and what the class adds."""
        return {"code": self.code, "message": self.api_message()}

    def chinese(self) -> str:
        """The message in Chinese, whatever the reader's language."""
        return self.message_in("zh")

    def english(self) -> str:
        """The message in English (the catalog's; in an app context), whatever the reader's."""
        return self.message_in("en")

    def message_in(self, locale: str) -> str:
        from qifutong.web.i18n import in_locale

        with in_locale(locale):
            return self.shown()


class ChangedMeanwhile(QifutongError):
    """A version check failed (SQLAlchemy's StaleDataError): someone else changed the record
    first."""

    status = 409
    code = "conflict"

    def shown(self) -> str:
        from qifutong.web.i18n import translate

        return translate("该记录刚被他人处理或修改，请刷新页面后再试。")

    def api_message(self) -> str:
        return "the record was changed meanwhile: read it again and retry"


def answer(exc: QifutongError) -> Response | tuple[Any, int]:
    """The one answer to a domain error: JSON under /api/, else the error page; nothing the
    request wrote is kept."""
    from flask import jsonify, render_template, request

    from qifutong.extensions import db

    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify({"error": exc.api_error()}), exc.status
    return render_template("error.html", code=exc.status, message=exc.shown()), exc.status


def changed_meanwhile(exc: Exception) -> Response | tuple[Any, int]:
    return answer(ChangedMeanwhile())


def init_app(app: Flask) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    app.register_error_handler(QifutongError, answer)
    app.register_error_handler(StaleDataError, changed_meanwhile)
