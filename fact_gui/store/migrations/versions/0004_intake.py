"""Intake: the link targets an article's text carried (Markdown links), kept as evidence.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="ck_link_span"),
    )
    op.create_index("ix_article_link_article_id", "article_link", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_article_link_article_id", table_name="article_link")
    op.drop_table("article_link")
