"""The factory, settings, and each interface's home page."""

from __future__ import annotations

import pytest

from qifutong.config import ConfigError


def test_production_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path))
    monkeypatch.setenv("QIFUTONG_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from qifutong import create_app

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_development_keeps_one_secret_on_disk(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path))
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from qifutong import create_app

    first = create_app().config["SECRET_KEY"]
    assert first and create_app().config["SECRET_KEY"] == first


def test_database_url_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from qifutong.config import database_url

    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'qifutong.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert database_url(tmp_path) == "postgresql+psycopg://u@h/db"


def test_anonymous_visitor_is_sent_to_login(client):
    resp = client.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'lang="zh-CN"' in page


@pytest.mark.parametrize(
    ("role", "home", "marker"),
    [
        ("street", "/street/", "街道工作台"),
        ("building", "/building/", "到期预警"),
        ("property", "/property/", "楼宇管理"),
        ("firm", "/firm/", "为您推荐"),
        ("admin", "/street/", "街道工作台"),
    ],
)
def test_each_role_lands_on_its_own_home_in_chinese(
    role, home, marker, client, login, make_user, make_firm, make_building
):
    kw = {}
    if role == "firm":
        kw["enterprise_id"] = make_firm().id
    if role in ("building", "property"):
        kw["building_ids"] = [make_building().id]
    user = make_user(role, **kw)
    resp = login(user)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(home)
    page = client.get(home).get_data(as_text=True)
    assert marker in page and 'lang="zh-CN"' in page


def test_english_is_one_click_away(client, login, make_user):
    login(make_user("street"))
    client.get("/locale/en")
    page = client.get("/street/").get_data(as_text=True)
    assert 'lang="en"' in page and "Log out" in page
    client.get("/locale/zh")
    assert "退出" in client.get("/street/").get_data(as_text=True)


def test_pages_load_no_outside_asset(client, login, make_user):
    login(make_user("street"))
    page = client.get("/street/").get_data(as_text=True)
    assert "http://" not in page.replace("http://localhost", "")
    assert "https://" not in page
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200
    assert "default-src 'self'" in client.get("/street/").headers["Content-Security-Policy"]


def test_grouped_nav_items_become_one_menu_where_the_first_would_be():
    from qifutong.web.nav import NavGroup, NavItem, nav_entries

    items = [
        NavItem("驾驶舱", "a", 10),
        NavItem("名录", "b", 20, "企业库"),
        NavItem("政策", "c", 30),
        NavItem("重点", "d", 44, "企业库"),
        NavItem("诉求", "e", 40, "服务"),  # a group of one is a plain item
    ]
    entries = nav_entries(items)
    assert [getattr(e, "label", None) for e in entries] == ["驾驶舱", "企业库", "政策", "诉求"]
    group = entries[1]
    assert isinstance(group, NavGroup)
    assert [i.endpoint for i in group.items] == ["b", "d"]
    assert group.endpoints == {"b", "d"}


@pytest.mark.parametrize("bundle", ["plotly.min.js", "plotly-basic.min.js"])
def test_plotly_js_is_served_compressed_and_cached(client, bundle):
    import gzip

    import brotli

    url = f"/vendor/{bundle}"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert brotli.decompress(br.data) == plain.data
    assert len(br.data) < len(plain.data) / 3
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == plain.data
    if bundle == "plotly-basic.min.js":
        assert len(gz.data) < 500_000  # a map's first load stays well under 1.5 MB
    again = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": gz.headers["ETag"]}
    )
    assert again.status_code == 304
    assert "max-age=86400" in gz.headers["Cache-Control"]


def test_the_basic_bundle_is_the_same_plotly_js_release_as_the_full_one():
    """The vendored basic bundle follows the installed plotly package's plotly.js (major and
    minor): update static/vendor/plotly-basic.min.js from npm when plotly is upgraded."""
    import re

    from qifutong.web.views import bundle_path

    def release(bundle: str) -> tuple[str, str]:
        head = bundle_path(bundle).read_text(encoding="utf-8")[:300]
        found = re.search(r"plotly\.js .*?v(\d+)\.(\d+)\.\d+", head)
        assert found, head
        return found.group(1), found.group(2)

    assert release("basic") == release("full")
