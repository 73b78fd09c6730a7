"""One error base class (qifutong.errors.QifutongError), answered in one place: JSON under
/api/, the error page elsewhere, in the reader's language."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from flask import Flask

from qifutong.errors import QifutongError
from qifutong.web.i18n import Phrase

PACKAGES = ("qifutong", "policies", "buildings", "dashboards")
# Exceptions that never reach a reader, and why.
INTERNAL = {
    "qifutong.config.ConfigError": "refuses to start the app: raised before any request",
    "qifutong.spreadsheets.xlsx_sheet.Unsupported": "the fast reader hands the file to calamine",
    "qifutong.spreadsheets.xlsx_sheet.CellTooLong": "the reader makes it a LimitExceeded at once",
}


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, BaseException)
                    and obj.__module__ == info.name
                ):
                    found[f"{info.name}.{name}"] = obj
    return found


def test_every_exception_of_the_packages_is_a_qifutong_error_or_internal() -> None:
    classes = _exception_classes()
    assert "policies.applications.services.ApplicationError" in classes  # the walk finds them
    outside = sorted(
        name
        for name, cls in classes.items()
        if not issubclass(cls, QifutongError) and name not in INTERNAL
    )
    assert outside == [], "derive them from QifutongError, or list them in INTERNAL with a reason"
    assert sorted(set(INTERNAL) - set(classes)) == []


def test_each_error_keeps_the_base_its_callers_catch() -> None:
    from buildings.fields import FieldError
    from policies.applications.form import NotOfferable
    from qifutong.matching.criteria import CriteriaError

    assert issubclass(CriteriaError, ValueError) and issubclass(FieldError, ValueError)
    assert issubclass(NotOfferable, LookupError)
    error = CriteriaError(2, "op", "unknown")
    assert (error.index, error.field, str(error)) == (2, "op", "criteria[2].op: unknown")
    assert (error.status, error.code) == (422, "invalid_field")


class Refused(QifutongError):
    status = 409
    code = "refused"


@pytest.fixture
def raising_app(app: Flask) -> Flask:
    def refuse() -> str:
        raise Refused(Phrase("{name}：{problem}", {"name": "楼层", "problem": Phrase("不能为空")}))

    app.add_url_rule("/api/v1/test-refused", "api_refused", refuse, methods=["GET", "POST"])
    app.add_url_rule("/test-refused", "page_refused", refuse, methods=["GET", "POST"])
    return app


def test_the_api_answers_json_in_the_callers_language(raising_app: Flask) -> None:
    client = raising_app.test_client()
    zh = client.post("/api/v1/test-refused")
    assert zh.status_code == 409
    assert zh.get_json() == {"error": {"code": "refused", "message": "楼层：不能为空"}}
    en = client.post("/api/v1/test-refused", headers={"Accept-Language": "en"})
    assert en.status_code == 409
    assert en.get_json() == {"error": {"code": "refused", "message": "楼层: cannot be empty"}}


def test_a_page_answers_the_error_page_in_the_readers_language(raising_app: Flask) -> None:
    client = raising_app.test_client()
    zh = client.get("/test-refused")
    assert zh.status_code == 409 and zh.mimetype == "text/html"
    assert "楼层：不能为空" in zh.get_data(as_text=True)
    client.get("/locale/en")
    en = client.post("/test-refused")
    page = en.get_data(as_text=True)
    assert en.status_code == 409 and "楼层: cannot be empty" in page and "不能为空" not in page


def test_nothing_the_failed_request_wrote_is_kept(app: Flask) -> None:
    from qifutong.enterprises.models import Enterprise
    from qifutong.extensions import db

    def write_then_refuse() -> str:
        firm = Enterprise(name="半途写入的企业", name_norm="半途写入", qualifications=[])
        db.session.add(firm)
        db.session.flush()
        raise Refused("不能为空")

    app.add_url_rule("/api/v1/test-write", "api_write", write_then_refuse, methods=["POST"])
    assert app.test_client().post("/api/v1/test-write").status_code == 409
    db.session.remove()
    assert db.session.query(Enterprise).filter_by(name="半途写入的企业").count() == 0


def test_the_message_is_there_in_chinese_and_english(app: Flask) -> None:
    error = Refused(Phrase("{name}：{problem}", {"name": "楼层", "problem": Phrase("不能为空")}))
    assert (error.chinese(), error.english()) == ("楼层：不能为空", "楼层: cannot be empty")
    assert str(error) == "楼层：不能为空"  # outside a request: Chinese, as stored
