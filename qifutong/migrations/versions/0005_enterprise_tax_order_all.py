"""the register's order over every status: tax_12m DESC NULLS LAST, id

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 17:30:00

A search of the whole register (the API's default, every status) reads its page from this
index instead of sorting every match: 科技 over 5,000 firms, SQLite 4.7 ms -> 0.5 ms.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_enterprise_tax_order", "enterprise", [sa.text("tax_12m DESC NULLS LAST"), "id"]
        )
    else:  # SQLite: DESC puts NULLs last by itself, and NULLS LAST is refused in an index
        op.create_index(
            "ix_enterprise_tax_order_lite", "enterprise", [sa.text("tax_12m DESC"), "id"]
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_index(
        "ix_enterprise_tax_order" if postgres else "ix_enterprise_tax_order_lite",
        table_name="enterprise",
    )
