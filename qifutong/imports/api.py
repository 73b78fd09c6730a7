"""GET /api/v1/imports/<batch>: one imported file, and what it changed firm by firm.

Each kind of import says what its batches changed by registering a function here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.models import Role
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.inputs import Paging

bp = api_blueprint("imports_api", __name__)
# kind → (batch id, page, per page) → its changes
Changes = Callable[[int, int, int], dict[str, Any]]
_CHANGES: dict[str, Changes] = {}
STATUS_WORDS = {"done": "imported", "refused": "refused", "dry_run": "checked"}


def register_batch_changes(kind: str, changes: Changes) -> None:
    _CHANGES[kind] = changes


def batch_json(batch: ImportBatch) -> dict[str, Any]:
    """A batch as the API gives it: the file, its checksum, the outcome and the summary."""
    return {
        "id": batch.id,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "status": STATUS_WORDS.get(batch.status, batch.status),
        "summary": batch.summary or {},
        "created_at": batch.created_at.isoformat() + "Z" if batch.created_at else None,
        "user_id": batch.user_id,
    }


@bp.get("/imports/<int:batch_id>")
@api_required(Role.STREET)
@declare(query=Paging)
def get_batch(batch_id: int, query: Paging) -> Response:
    """One imported file and what it changed, firm by firm."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise ApiError(404, "not_found", f"import batch {batch_id} not found")
    out = batch_json(batch)
    changes = _CHANGES.get(batch.kind)
    if changes is not None:
        out.update(changes(batch.id, query.page, query.per_page))
    return jsonify(out)
