"""The administrator edits a login, resets its password (the user sets a new one at next
login) and disables it with a message saying what follows."""

from __future__ import annotations

import re

from sqlalchemy import select

from qifutong.auth.models import User
from qifutong.extensions import db


def test_the_admin_edits_role_department_and_buildings(client, login, make_user, make_building):
    admin = make_user("admin")
    first, second = make_building(name="甲楼"), make_building(name="乙楼")
    clerk = make_user("building", building_ids=[first.id])
    login(admin)
    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert "输入楼宇名称筛选" in page and "街道企业服务中心" in page
    res = client.post(
        f"/admin/users/{clerk.id}",
        data={
            "display_name": "王楼管",
            "role": "property",
            "department": "街道企业服务中心",
            "building_ids": [str(first.id), str(second.id)],
        },
    )
    assert res.status_code == 302
    db.session.expire_all()
    clerk = db.session.get(User, clerk.id)
    assert (clerk.display_name, clerk.role, clerk.department) == (
        "王楼管",
        "property",
        "街道企业服务中心",
    )
    assert clerk.building_ids == {first.id, second.id}
    # A building user without a building is refused, the record unchanged.
    client.post(f"/admin/users/{clerk.id}", data={"role": "building", "display_name": "x"})
    db.session.expire_all()
    assert db.session.get(User, clerk.id).role == "property"
    # Not a page for anyone else.
    login(make_user("street"))
    assert client.get(f"/admin/users/{clerk.id}").status_code == 403


def test_a_reset_password_is_shown_once_and_must_be_replaced(client, login, make_user):
    admin = make_user("admin")
    user = make_user("street")
    login(admin)
    res = client.post(f"/admin/users/{user.id}/password", follow_redirects=True)
    text = res.get_data(as_text=True)
    temporary = re.search(r"临时密码：(\S+?)（", text).group(1)
    client.post("/logout")

    landed = client.post("/login", data={"username": user.username, "password": temporary})
    assert landed.headers["Location"].endswith("/account")
    home = client.get("/street/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/account")
    account = client.get("/account").get_data(as_text=True)
    assert "请先设置新密码" in account
    new = "Qifutong-new-passphrase-7"
    client.post("/account/password", data={"current": temporary, "new": new, "again": new})
    client.post("/login", data={"username": user.username, "password": new})
    assert client.get("/street/").status_code == 200
    assert db.session.scalar(select(User.must_change_password).where(User.id == user.id)) is False


def test_disabling_says_what_follows(client, login, make_user):
    admin = make_user("admin")
    user = make_user("street", display_name="李干事")
    login(admin)
    text = client.post(f"/admin/users/{user.id}/active", follow_redirects=True).get_data(
        as_text=True
    )
    assert "已停用“李干事”：不能再登录，其 API 令牌同时失效。" in text
    text = client.post(f"/admin/users/{user.id}/active", follow_redirects=True).get_data(
        as_text=True
    )
    assert "已启用“李干事”" in text
