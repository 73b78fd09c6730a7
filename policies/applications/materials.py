"""The firm's materials library (材料库): files a firm keeps once and attaches to applications,
each with its kind and the day it stops being valid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from policies.applications import workflow
from policies.applications.models import (
    MATERIAL_KINDS,
    Application,
    FirmMaterial,
    application_material,
)
from policies.applications.services import ApplicationError, _bad
from qifutong.auth.models import User
from qifutong.demands.attachments import check_attachment, shown_name, store_upload, upload_path
from qifutong.demands.services import DemandError
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.web.i18n import join, term, translate


def add_material(
    ent: Enterprise,
    kind: str,
    file_name: str,
    data: bytes,
    valid_until: date | None,
    user: User | None,
    title: str = "",
) -> FirmMaterial:
    """A file of the firm's library (types and size as for demand attachments)."""
    if kind not in MATERIAL_KINDS:
        raise _bad(
            "kind",
            translate(
                "材料类别应为 {kinds} 之一", kinds=join([term(k) for k in MATERIAL_KINDS.values()])
            ),
        )
    try:
        ext = check_attachment(file_name, data)
    except DemandError as exc:
        raise ApplicationError(exc.status, exc.code, exc.message, exc.zh, field="file") from exc
    material = FirmMaterial(
        enterprise_id=ent.id,
        kind=kind,
        title=(title or "").strip()[:200] or MATERIAL_KINDS[kind],
        file_name=shown_name(file_name, ext),
        stored_path=store_upload(Path("materials") / str(ent.id), ext, data),
        size=len(data),
        valid_until=valid_until,
        uploaded_by=user.id if user else None,
    )
    db.session.add(material)
    db.session.flush()
    return material


def firm_materials(enterprise_id: int) -> list[FirmMaterial]:
    return list(
        db.session.scalars(
            select(FirmMaterial)
            .where(FirmMaterial.enterprise_id == enterprise_id)
            .order_by(FirmMaterial.kind, FirmMaterial.id.desc())
        )
    )


def delete_material(ent: Enterprise, material_id: int) -> Path:
    """Take a material out of the firm's library; refused while an application under way uses
    it. Returns its file, to remove once the deletion is committed."""
    material = db.session.get(FirmMaterial, material_id)
    if material is None or material.enterprise_id != ent.id:
        raise ApplicationError(404, "not_found", "no such material", "材料库中没有这份材料")
    using = db.session.scalars(
        select(Application)
        .join(application_material, application_material.c.application_id == Application.id)
        .where(
            application_material.c.material_id == material.id,
            Application.state.in_(workflow.OPEN_STATES),
        )
        .order_by(Application.id)
    ).all()
    if using:
        titles = "、".join(f"“{a.title}”" for a in using)
        raise ApplicationError(
            409,
            "material_in_use",
            f"this material is used by an application still under way ({titles}); it can be "
            "deleted once that is finished or withdrawn",
            f"这份材料用于仍在办理中的申报{titles}，办结或撤回后才能删除",
        )
    path = upload_path(material.stored_path)
    db.session.delete(material)
    db.session.flush()
    return path
