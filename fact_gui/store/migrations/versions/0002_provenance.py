"""Provenance of an import: source kind, fetch time, the span of the extracted text kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(
            sa.Column("source_kind", sa.String(16), nullable=False, server_default="file")
        )
        batch.add_column(sa.Column("fetched_at", sa.String(32), nullable=True))
        batch.add_column(sa.Column("kept_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("kept_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("extracted_chars", sa.Integer(), nullable=True))
    op.create_index("ix_article_url", "article", ["url"])


def downgrade() -> None:
    op.drop_index("ix_article_url", table_name="article")
    with op.batch_alter_table("article") as batch:
        for col in ("extracted_chars", "kept_end", "kept_start", "fetched_at", "source_kind"):
            batch.drop_column(col)
