"""the register's order as an index: status, tax_12m DESC NULLS LAST, id

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 12:45:00

A page of a common search of the register (largest taxpayers first) reads its first rows from
this index instead of sorting every match (科技 over 5,000 firms: PostgreSQL 8 ms -> 0.2 ms,
SQLite 4.4 ms -> 0.1 ms).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprise_status_tax")
    if postgres:
        op.create_index(
            "ix_enterprise_status_tax_order",
            "enterprise",
            ["status", sa.text("tax_12m DESC NULLS LAST"), "id"],
        )
    else:  # SQLite: DESC puts NULLs last by itself, and NULLS LAST is refused in an index
        op.create_index(
            "ix_enterprise_status_tax_order_lite", "enterprise", ["status", sa.text("tax_12m DESC"), "id"]
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_index(
        "ix_enterprise_status_tax_order" if postgres else "ix_enterprise_status_tax_order_lite",
        table_name="enterprise",
    )
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.create_index("ix_enterprise_status_tax", ["status", "tax_12m"], unique=False)
