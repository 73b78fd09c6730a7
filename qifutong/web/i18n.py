"""Simplified Chinese by default, English on request: the UI text is Chinese, and its English
lives in the message catalog (Flask-Babel: qifutong/translations/en/LC_MESSAGES/messages.po).
The Chinese texts are the catalog's msgids; see the README's "Translations"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, g, has_app_context, has_request_context, request, session

LOCALES = ("zh", "en")
# Where the app keeps the Chinese texts asked for in English and missing from the catalog,
# when a test puts a set there (`app.extensions[UNTRANSLATED] = set()`).
UNTRANSLATED = "qifutong.untranslated"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A language asked for explicitly (in_locale), whatever the request's.
_CHOSEN: ContextVar[str | None] = ContextVar("qifutong_locale", default=None)


def N_(text: str) -> str:
    """Marks a text for the catalog where it is written (a vocabulary's label, a column's
    name); it is translated where it is shown, by term or translate."""
    return text


def current_locale() -> str:
    """The request's language, worked out once per request (g lives as long as the request):
    the one chosen for the session, else for the API the one its Accept-Language header asks
    for, else Chinese; Chinese outside a request (commands, jobs, the API's stored texts).
    Inside `in_locale`, the language it names."""
    chosen = _CHOSEN.get()
    if chosen is not None:
        return chosen
    if not has_request_context():
        return "zh"
    loc = getattr(g, "locale", None)
    if loc:
        return str(loc)
    loc = session.get("locale") if request else None
    if loc not in LOCALES and request and request.path.startswith("/api/"):
        loc = request.accept_languages.best_match(LOCALES)
    loc = loc if loc in LOCALES else "zh"
    if request:
        g.locale = loc
    return loc


@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """Texts shown inside are in `locale` (an error's Chinese and English, whoever reads)."""
    from flask_babel import force_locale

    locale = locale if locale in LOCALES else "zh"
    token = _CHOSEN.set(locale)
    try:
        with force_locale(locale):  # the catalog Flask-Babel keeps for the context follows
            yield
    finally:
        _CHOSEN.reset(token)


def _english(text: str) -> str | None:
    """The catalog's English for `text`, or None when it has none (an English may be the
    Chinese itself: the input syntax a help text quotes)."""
    from flask_babel import get_translations

    english = getattr(get_translations(), "_catalog", {}).get(text)
    return str(english) if english is not None else None


def translate(text: str, /, **values: object) -> str:
    """Give `text` in the current locale; `{name}` placeholders are filled from values."""
    out = text
    if current_locale() == "en":
        english = _english(text)
        if english is not None:
            out = english
        elif _CHINESE.search(text) and has_app_context():
            untranslated = current_app.extensions.get(UNTRANSLATED)
            if untranslated is not None:
                untranslated.add(text)
    return out.format(**values) if values else out


def term(text: str) -> str:
    """A value that may be a platform word (a size, a kind, a unit) or data (a firm's or a
    building's name): the English word where the catalog has one, else the text unchanged."""
    if current_locale() != "en" or not text:
        return text
    return _english(text) or text


class Phrase(str):
    """Platform text kept as its Chinese template and values until shown: text built where no
    request decides the language (a cached offer, a job, an error) reads in each viewer's
    language. A value may be a Phrase itself (translated too), a list of values (listed as the
    locale writes lists) or data (kept as it is).

    As a string it is the Chinese text (compared, searched, joined and stored as Chinese, as
    the platform's text always was); shown (str, format, a template) it is in the current
    locale."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, values: Mapping[str, object] | None = None) -> Phrase:
        values = dict(values or {})
        chinese = template.format(**{k: _zh(v) for k, v in values.items()}) if values else template
        self = super().__new__(cls, chinese)
        self.template, self.values = template, values
        return self

    def zh(self) -> str:
        """The Chinese text, whatever the current locale."""
        return str.__str__(self)

    def __str__(self) -> str:
        values = {k: _shown_value(v) for k, v in self.values.items()}
        return translate(self.template, **values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self) -> tuple[object, ...]:
        return (Phrase, (self.template, dict(self.values)))


def _zh(value: object) -> object:
    if isinstance(value, Phrase):
        return value.zh()
    if isinstance(value, list | tuple):
        return "、".join(str(_zh(v)) for v in value)
    return value


def _shown_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return join([_shown_value(v) for v in value])
    return str(value)


Message = str | Phrase  # what an error or a result says: text, or a Phrase read when shown


def message_of(exc: BaseException) -> Message:
    """What an error says, kept as a Phrase when it was raised with one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Phrase) else str(exc)


def stored(message: object) -> object:
    """A message as JSON keeps it (a job's result or failure): a Phrase as its template and
    values, so that each viewer reads it in their own language (see `shown`)."""
    if isinstance(message, Phrase):
        values = {k: _stored_value(v) for k, v in message.values.items()}
        return {"template": message.template, "values": values}
    return message


def _stored_value(value: object) -> object:
    if isinstance(value, Phrase):
        return stored(value)
    if isinstance(value, list | tuple):
        return [_stored_value(v) for v in value]
    return str(value)


def _unstored(message: object) -> object:
    if isinstance(message, dict) and "template" in message:
        values = message.get("values") or {}
        return Phrase(str(message["template"]), {k: _unstored(v) for k, v in values.items()})
    if isinstance(message, list):
        return [_unstored(v) for v in message]
    return message


def shown(message: object) -> str:
    """A message in the current locale: a Phrase, a stored Phrase (see `stored`), or text (the
    platform's words are translated, anything else is kept as it is)."""
    message = _unstored(message)
    if isinstance(message, Phrase):
        return str(message)
    return term(str(message)) if message is not None else ""


def join(items: list[str] | tuple[str, ...]) -> str:
    """Items in a list as the locale writes them: 甲、乙 / a, b."""
    return ", ".join(items) if current_locale() == "en" else "、".join(items)


# Texts shown through a lookup rather than written in a translation call: page titles passed
# on, and the units beside numbers (qifutong/web/units.py); their English is in the catalog.
WORDS = (
    N_("语言"),
    N_("数据导入"),
    N_("导出"),
    N_("无权访问"),
    N_("页面不存在"),
    N_("万元"),
    N_("个月"),
    N_("天"),
    N_("项"),
    N_("户"),
    N_("套"),
    N_("间"),
    N_("平方米"),
    N_("万㎡"),
    N_("元/㎡/天"),
    N_("元/平方米/天"),
)
