"""No lost updates and live refresh: row versions, the SQLite change log, presence.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

Nothing here is PostgreSQL-only: changes are announced with NOTIFY by the services
inside each writing transaction, so no server-side function or trigger is needed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("article", "claim"):
        with op.batch_alter_table(table) as batch:
            # ``row_version``: article.version is already the text's number in its lineage (0005).
            batch.add_column(
                sa.Column("row_version", sa.Integer(), nullable=False, server_default="1")
            )
            batch.add_column(sa.Column("updated_by", sa.Text(), nullable=False, server_default=""))
    # Until now the last one to change a row was not kept: its creator is the best guess.
    op.execute("UPDATE article SET updated_by = imported_by")
    op.execute("UPDATE claim SET updated_by = COALESCE(reviewed_by, analyst)")
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("desk", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_table(
        "presence",
        sa.Column("desk", sa.String(32), primary_key=True),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_presence_article_id", "presence", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_presence_article_id", table_name="presence")
    op.drop_table("presence")
    op.drop_table("change_log")
    for table in ("claim", "article"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_by")
            batch.drop_column("row_version")
