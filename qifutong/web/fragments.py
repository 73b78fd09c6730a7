"""Page content kept while the data it shows is unchanged.

Rendering is most of what a busy page costs (a firm's inbox: 25 items, each with its reasons,
links and forms). A page whose content depends only on a key the view can read cheaply (the
items and their states, the reader's name) and on tables the change stamps watch is rendered
once and shown again until one of them moves. What belongs to one response is put in after:
the form token of the reader's session and the script nonce of the response. A request whose
transaction wrote (an inbox marking its items seen) renders afresh, as every page did before.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from typing import Any

from flask import render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from qifutong.changes import VersionedCache, table_versions
from qifutong.extensions import db
from qifutong.web.i18n import current_locale

# Stand-ins written where the token and the nonce go; random per process, so no data can
# contain them by chance or design.
_TOKEN = f"csrf-{secrets.token_hex(16)}"
_NONCE = f"nonce-{secrets.token_hex(16)}"
_contents = VersionedCache(size=2048)


def cached_content(
    template: str,
    key: Hashable,
    context: Callable[[], dict[str, Any]],
    reads: frozenset[str] = frozenset(),
) -> Markup:
    """`template` rendered with `context()`, kept per locale and `key` while the tables read in
    building and rendering it (and `reads`, read before by the caller) are unchanged."""
    from qifutong.web import csp_nonce

    def render() -> str:
        return render_template(
            template, **context(), csrf_token=lambda: _TOKEN, csp_nonce=lambda: _NONCE
        )

    versions = table_versions(db.session)
    html = _contents.get_or_compute(versions, (template, current_locale(), key), render, reads)
    if _TOKEN in html:
        html = html.replace(_TOKEN, generate_csrf())
    if _NONCE in html:
        html = html.replace(_NONCE, csp_nonce())
    return Markup(html)  # rendered by Jinja with autoescape
