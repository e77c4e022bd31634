"""Review and sign-off: article state, per-claim review, comments, sign-offs, sessions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="new"))
    with op.batch_alter_table("claim") as batch:
        batch.add_column(
            sa.Column("review", sa.String(16), nullable=False, server_default="pending")
        )
        batch.add_column(sa.Column("reviewed_by", sa.Text(), nullable=True))
    # Articles that already have claims are being annotated.
    op.execute(
        "UPDATE article SET state = 'annotating' WHERE EXISTS "
        "(SELECT 1 FROM claim WHERE claim.article_id = article.id AND claim.deleted_at IS NULL)"
    )
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claim.id"), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_comment_article_id", "comment", ["article_id"])
    op.create_table(
        "signoff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("digest_version", sa.Integer(), nullable=False),
        sa.Column("self_review", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("invalidated_at", sa.String(32), nullable=True),
        sa.Column("invalidated_by", sa.Text(), nullable=True),
        sa.Column("invalidated_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_signoff_article_id", "signoff", ["article_id"])
    op.create_table(
        "work_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("ended_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "session_article",
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("work_session.id"), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), primary_key=True),
        sa.Column("active_seconds", sa.Float(), nullable=False, server_default="0"),
        sa.Column("claims_added", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("claims_changed", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("session_article")
    op.drop_table("work_session")
    op.drop_index("ix_signoff_article_id", table_name="signoff")
    op.drop_table("signoff")
    op.drop_index("ix_comment_article_id", table_name="comment")
    op.drop_table("comment")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("reviewed_by")
        batch.drop_column("review")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("state")
