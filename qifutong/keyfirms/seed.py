"""Demo street: grade the firms as the monthly job would."""

from __future__ import annotations

from qifutong.keyfirms.services import recompute_grades
from qifutong.seeding import SeedContext


def load_grades(ctx: SeedContext) -> dict[str, int]:
    """Grade the demo street's firms as the monthly job would (idempotent)."""
    summary = recompute_grades(ctx.today)
    return {k: v for k, v in summary.items() if isinstance(v, int)}
