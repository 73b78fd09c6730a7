"""applications (申报) with their history, the firms' materials library; offers' questions
and application windows (opens, closes, batch); firms' saved searches

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op

from qifutong.models_base import JSONType

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "firm_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploaded_by"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_firm_material_enterprise_id", "firm_material", ["enterprise_id"])
    op.create_table(
        "application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("offer_kind", sa.String(length=16), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("form", JSONType(), nullable=False),
        sa.Column("answers", JSONType(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("amount_paid", sa.Float(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submitted_by"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_application_enterprise_id", "application", ["enterprise_id"])
    op.create_index("ix_application_state", "application", ["state"])
    op.create_index("ix_application_offer", "application", ["offer_kind", "offer_id", "state"])
    op.create_table(
        "application_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_application_event_application_id", "application_event", ["application_id"]
    )
    op.create_table(
        "application_material",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["material_id"], ["firm_material.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("application_id", "material_id"),
    )
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("facets", JSONType(), nullable=False),
        sa.Column("fit", sa.String(length=12), nullable=False),
        sa.Column("seen", JSONType(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_saved_search_user_id", "saved_search", ["user_id"])
    for table in ("policy", "funding_product"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("questions", JSONType(), server_default=sa.text("'[]'"), nullable=False)
            )
            batch_op.add_column(sa.Column("opens_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("closes_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("batch", sa.String(length=40), nullable=True))


def downgrade() -> None:
    for table in ("funding_product", "policy"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("batch")
            batch_op.drop_column("closes_on")
            batch_op.drop_column("opens_on")
            batch_op.drop_column("questions")
    op.drop_index("ix_saved_search_user_id", table_name="saved_search")
    op.drop_table("saved_search")
    op.drop_table("application_material")
    op.drop_index("ix_application_event_application_id", table_name="application_event")
    op.drop_table("application_event")
    op.drop_index("ix_application_offer", table_name="application")
    op.drop_index("ix_application_state", table_name="application")
    op.drop_index("ix_application_enterprise_id", table_name="application")
    op.drop_table("application")
    op.drop_index("ix_firm_material_enterprise_id", table_name="firm_material")
    op.drop_table("firm_material")
