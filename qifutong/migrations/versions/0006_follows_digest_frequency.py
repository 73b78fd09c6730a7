"""firms follow offers (offer_follow); each user's digest frequency; a push remembers the
closing date its 即将截止 reminder was given for

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offer_follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("offer_kind", sa.String(length=16), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("opening_noted_on", sa.Date(), nullable=True),
        sa.Column("closing_noted_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "offer_kind", "offer_id", name="uq_follow_firm_offer"),
    )
    op.create_index("ix_offer_follow_enterprise_id", "offer_follow", ["enterprise_id"])
    op.create_index("ix_follow_offer", "offer_follow", ["offer_kind", "offer_id"])
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "digest_frequency", sa.String(length=8), server_default="daily", nullable=False
            )
        )
    with op.batch_alter_table("push", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closing_noted_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("push", schema=None) as batch_op:
        batch_op.drop_column("closing_noted_on")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("digest_frequency")
    op.drop_index("ix_follow_offer", table_name="offer_follow")
    op.drop_index("ix_offer_follow_enterprise_id", table_name="offer_follow")
    op.drop_table("offer_follow")
