"""The entry page, language switch and the street's and firm's home pages."""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.web.i18n import LOCALES, N_
from qifutong.web.nav import home_url

bp = Blueprint("web", __name__)


@bp.get("/")
def index() -> Response:
    user = acting_user()
    if user is None:
        return redirect(url_for("auth.login"))
    return redirect(home_url(user.role))


# plotly.js, served here (never from a CDN) and compressed the best way the browser accepts:
# the full bundle of the installed plotly package (every trace the cockpit draws: 4.8 MB as it
# is, 1.2 MB in brotli, 1.5 MB in gzip), and the basic bundle of the same plotly.js release
# (scatter, bar and pie: the maps and the policy charts; 1.2 MB, 0.4 MB in gzip), vendored
# from npm's plotly.js-basic-dist-min (MIT, static/vendor/plotly-basic.LICENSE).


@bp.get("/vendor/plotly.min.js")
def plotly_js() -> Response:
    return _bundle_response("full")


@bp.get("/vendor/plotly-basic.min.js")
def plotly_basic_js() -> Response:
    return _bundle_response("basic")


def _bundle_response(bundle: str) -> Response:
    import plotly

    accepted = request.accept_encodings
    encoding = next((e for e in ("br", "gzip") if accepted[e]), "identity")
    response = Response(plotly_bundle(bundle, encoding), mimetype="text/javascript")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.set_etag(f"plotly-{bundle}-{plotly.__version__}-{encoding}")
    return response.make_conditional(request)


def bundle_path(bundle: str) -> Path:
    import plotly

    if bundle == "basic":
        return Path(__file__).parents[1] / "static" / "vendor" / "plotly-basic.min.js"
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.cache
def plotly_bundle(bundle: str, encoding: str) -> bytes:
    """The bundle's bytes in that encoding, compressed once per process (under a second)."""
    data = bundle_path(bundle).read_bytes()
    if encoding == "br":
        import brotli

        return bytes(brotli.compress(data, quality=9, mode=brotli.MODE_TEXT))
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return data


@bp.get("/locale/<code>")
def set_locale(code: str) -> Response:
    if code in LOCALES:
        session["locale"] = code
    back = request.referrer or url_for("web.index")
    host = request.host_url
    return redirect(back if back.startswith(host) else url_for("web.index"))


@bp.get("/street/")
@role_required(Role.STREET)
def street_home() -> str:
    return render_template("web/home.html", role="street", title=N_("街道工作台"))
