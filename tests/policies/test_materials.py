"""The firm's materials library: deleting a material, refused while an application under way
uses it."""

from __future__ import annotations

from sqlalchemy import select

from policies.applications import services
from policies.applications.models import FirmMaterial
from qifutong.demands.attachments import upload_path
from qifutong.extensions import db
from tests.policies.test_applications import make_policy, material


def test_a_firm_deletes_a_material_not_used_by_an_open_application(people, logged_in):
    firm, user = people["firm"], people["firm_user"]
    spare = material(firm, "financials")
    used = material(firm)
    policy = make_policy()
    app = services.submit(firm, "policy", policy.id, {}, [used.id], user)
    db.session.commit()
    me = logged_in(user)
    page = me.get("/firm/materials").get_data(as_text=True)
    assert f"/firm/materials/{spare.id}/delete" in page

    file = upload_path(spare.stored_path)
    assert file.exists()
    gone = me.post(f"/firm/materials/{spare.id}/delete", follow_redirects=True)
    assert "材料已删除。" in gone.get_data(as_text=True)
    assert db.session.get(FirmMaterial, spare.id) is None and not file.exists()

    refused = me.post(f"/firm/materials/{used.id}/delete", follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "这份材料用于仍在办理中的申报“稳岗扩岗奖励”，办结或撤回后才能删除" in text
    assert db.session.get(FirmMaterial, used.id) is not None

    services.transition(app, "withdrawn", user=user)  # no longer under way: it may go
    db.session.commit()
    me.post(f"/firm/materials/{used.id}/delete")
    assert db.session.scalars(select(FirmMaterial)).all() == []


def test_another_firm_cannot_delete_a_material(people, logged_in):
    mine = material(people["firm"])
    other = logged_in(people["other_user"])
    assert other.post(f"/firm/materials/{mine.id}/delete").status_code == 404
    street = logged_in(people["official"])
    assert street.post(f"/firm/materials/{mine.id}/delete").status_code in (403, 404)
    assert db.session.get(FirmMaterial, mine.id) is not None
