"""push: the indexes on enterprise_id alone and on state alone go; the unique key
(enterprise_id, offer_kind, offer_id) starts with the firm and serves every read by firm, and
every read by state also names the offer (ix_push_offer), the firm or the day; each push
written paid for two more indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:40:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("push", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_push_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_push_state"))


def downgrade() -> None:
    with op.batch_alter_table("push", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_push_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_push_enterprise_id"), ["enterprise_id"], unique=False)
