"""the cockpit's running totals per firm and month also carry those of a year earlier
(cockpit_firm_month.tax_ly, local_ly, revenue_ly, records_ly), filled from the rows there

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FIGURES = ("tax", "local", "revenue", "records")
OLD_INCLUDE = ["tax", "local", "revenue", "headcount", "records"]
NEW_INCLUDE = [*FIGURES, "headcount", *[f"{f}_ly" for f in FIGURES]]


def upgrade() -> None:
    with op.batch_alter_table("cockpit_firm_month", schema=None) as batch_op:
        batch_op.drop_index("ix_cockpit_firm_month_period", postgresql_include=OLD_INCLUDE)
        for name in ("tax_ly", "local_ly", "revenue_ly"):
            batch_op.add_column(sa.Column(name, sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("records_ly", sa.Integer(), server_default="0", nullable=False)
        )
    # Each row takes the totals of the same firm twelve months earlier, where it has a row.
    if op.get_bind().dialect.name == "postgresql":
        year_before = "(c.period - interval '12 months')::date"
    else:
        year_before = "date(c.period, '-12 months')"
    assignments = ", ".join(f"{f}_ly = p.{f}" for f in FIGURES)
    op.execute(
        f"UPDATE cockpit_firm_month AS c SET {assignments} FROM cockpit_firm_month AS p"
        f" WHERE p.enterprise_id = c.enterprise_id AND p.period = {year_before}"
    )
    with op.batch_alter_table("cockpit_firm_month", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cockpit_firm_month_period",
            ["period", "enterprise_id"],
            unique=False,
            postgresql_include=NEW_INCLUDE,
        )


def downgrade() -> None:
    with op.batch_alter_table("cockpit_firm_month", schema=None) as batch_op:
        batch_op.drop_index("ix_cockpit_firm_month_period", postgresql_include=NEW_INCLUDE)
        for name in ("records_ly", "revenue_ly", "local_ly", "tax_ly"):
            batch_op.drop_column(name)
        batch_op.create_index(
            "ix_cockpit_firm_month_period",
            ["period", "enterprise_id"],
            unique=False,
            postgresql_include=OLD_INCLUDE,
        )
