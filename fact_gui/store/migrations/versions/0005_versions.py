"""Article versions: the lineage an article text belongs to and its number in it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        # No foreign key: SQLite adds one only by copying the whole table (every text
        # and original), articles are never deleted, and the import sets it in its own
        # transaction (a first version's own id is known only once it is inserted,
        # hence nullable).
        batch.add_column(sa.Column("lineage_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    # Every existing article is the first version of its own lineage.
    op.execute("UPDATE article SET lineage_id = id")
    op.create_index(
        "ux_article_lineage_version", "article", ["lineage_id", "version"], unique=True
    )
    op.create_index("ix_article_source", "article", ["source"])


def downgrade() -> None:
    op.drop_index("ix_article_source", table_name="article")
    op.drop_index("ux_article_lineage_version", table_name="article")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("version")
        batch.drop_column("lineage_id")
