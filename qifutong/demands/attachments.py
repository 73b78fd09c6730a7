"""Demand attachments: type and size checks, storage under QIFUTONG_UPLOAD_DIR, history."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from flask import current_app

from qifutong.auth.models import User
from qifutong.demands.models import Demand, DemandAttachment, DemandEvent
from qifutong.demands.services import DemandError
from qifutong.extensions import db
from qifutong.models_base import utcnow

_SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
}


def check_attachment(file_name: str, data: bytes) -> str:
    """The file's type (its extension) when it may be attached; a clear DemandError if not."""
    cfg = current_app.config
    allowed = [t.strip().lower() for t in cfg["QIFUTONG_ATTACHMENT_TYPES"].split(",") if t.strip()]
    ext = Path(file_name).suffix.lower().lstrip(".")
    limit = int(cfg["QIFUTONG_ATTACHMENT_MAX_MB"]) * 1024 * 1024
    if ext not in allowed:
        raise DemandError(
            422,
            "invalid_attachment",
            f"{file_name}: file type .{ext or '?'} is not accepted "
            f"(accepted: {', '.join(allowed)})",
            zh=f"{file_name}：不接受 .{ext or '?'} 类型的文件（可上传 {'、'.join(allowed)}）",
        )
    if not data:
        raise DemandError(
            422,
            "invalid_attachment",
            f"{file_name}: the file is empty",
            zh=f"{file_name}：文件为空",
        )
    if len(data) > limit:
        raise DemandError(
            413,
            "attachment_too_large",
            f"{file_name}: {len(data) / 1024 / 1024:.1f} MB is over the limit of "
            f"{cfg['QIFUTONG_ATTACHMENT_MAX_MB']} MB",
            zh=f"{file_name}：文件 {len(data) / 1024 / 1024:.1f} MB，超过 "
            f"{cfg['QIFUTONG_ATTACHMENT_MAX_MB']} MB 的上限",
        )
    signatures = _SIGNATURES.get(ext)
    if signatures and not data.startswith(signatures):
        raise DemandError(
            422,
            "invalid_attachment",
            f"{file_name}: the content is not a .{ext} file",
            zh=f"{file_name}：文件内容与扩展名 .{ext} 不符",
        )
    if ext == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("gbk")
            except UnicodeDecodeError as exc:
                raise DemandError(
                    422,
                    "invalid_attachment",
                    f"{file_name}: not a text file (UTF-8 or GBK)",
                    zh=f"{file_name}：不是文本文件（UTF-8 或 GBK）",
                ) from exc
    return ext


def add_attachment(
    demand: Demand, file_name: str, data: bytes, user: User | None, now: datetime | None = None
) -> DemandAttachment:
    """Keep the file under QIFUTONG_UPLOAD_DIR/demands/<id>/ and note it in the history."""
    ext = check_attachment(file_name, data)
    now = now or utcnow()
    relative = store_upload(Path("demands") / str(demand.id), ext, data)
    attachment = DemandAttachment(
        demand_id=demand.id,
        file_name=shown_name(file_name, ext),
        stored_path=relative,
        size=len(data),
    )
    db.session.add(attachment)
    db.session.add(
        DemandEvent(
            demand_id=demand.id,
            from_state=demand.state,
            to_state=demand.state,
            action="attach",
            note=attachment.file_name,
            user_id=user.id if user else None,
            at=now,
        )
    )
    return attachment


def store_upload(folder: Path, ext: str, data: bytes) -> str:
    """Keep a checked file under QIFUTONG_UPLOAD_DIR/folder/ by a random name; its path there."""
    relative = folder / f"{uuid.uuid4().hex}.{ext}"
    target = Path(current_app.config["QIFUTONG_UPLOAD_DIR"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return str(relative)


def shown_name(file_name: str, ext: str) -> str:
    """The name a person gave the file, without any folder."""
    return Path(file_name.replace("\\", "/")).name[:255] or f"附件.{ext}"


def upload_path(stored_path: str) -> Path:
    return Path(current_app.config["QIFUTONG_UPLOAD_DIR"]) / stored_path


def attachment_path(attachment: DemandAttachment) -> Path:
    return upload_path(attachment.stored_path)
