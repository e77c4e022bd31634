"""Trust: the audit hash chain and its head, reviewers' keys, signed sign-offs, desk settings.

Existing audit events are chained in id order, then a "chain.start" event records which
sign-offs predate signing (they stay verifiable as legacy, unsigned digests). PostgreSQL
roles, grants, row-level security and triggers are not here: they are cluster-wide or
PostgreSQL-only and are applied, idempotently, by ``fact-gui team init|upgrade``
(store/pg_security.py) in the same transaction as this migration.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from fact_gui.domain.chain import GENESIS, ChainedEvent, event_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "reviewer_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("registered_at", sa.String(32), nullable=False),
        sa.Column("registered_by", sa.Text(), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.Column("revoked_by", sa.Text(), nullable=True),
    )
    op.create_index("ix_reviewer_key_reviewer", "reviewer_key", ["reviewer"])
    op.create_table(
        "desk_setting",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("signoff") as batch:
        batch.add_column(sa.Column("signature", sa.String(128), nullable=True))
        batch.add_column(sa.Column("key_fingerprint", sa.String(64), nullable=True))
        batch.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("history", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("identity", sa.String(16), nullable=False, server_default="local")
        )

    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, at, actor, action, article_id, claim_id, before, after "
            "FROM audit_event ORDER BY id"
        )
    ).all()
    prev, seq = GENESIS, 0
    for seq, r in enumerate(rows, start=1):
        h = event_hash(ChainedEvent(seq, prev, r.at, r.actor, r.action, r.article_id,
                                    r.claim_id, r.before, r.after))  # fmt: skip
        conn.execute(
            sa.text("UPDATE audit_event SET seq = :s, prev_hash = :p, hash = :h WHERE id = :i"),
            {"s": seq, "p": prev, "h": h, "i": r.id},
        )
        prev = h
    legacy = [i for (i,) in conn.execute(sa.text("SELECT id FROM signoff ORDER BY id"))]
    if rows or legacy:
        # Mark where signing began: sign-offs made before it are legacy digests.
        seq += 1
        at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        after = json.dumps({"legacy_signoffs": legacy}, sort_keys=True)
        start = ChainedEvent(seq, prev, at, "fact_gui", "chain.start", None, None, None, after)
        prev = event_hash(start)
        conn.execute(
            sa.text(
                "INSERT INTO audit_event (at, actor, action, after, seq, prev_hash, hash) "
                "VALUES (:at, :actor, :action, :after, :seq, :prev, :h)"
            ),
            {"at": at, "actor": "fact_gui", "action": "chain.start", "after": after,
             "seq": seq, "prev": start.prev_hash, "h": prev},
        )  # fmt: skip
    conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :s, :h)"),
                 {"s": seq, "h": prev})  # fmt: skip

    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    op.create_index("ux_audit_event_seq", "audit_event", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_audit_event_seq", table_name="audit_event")
    with op.batch_alter_table("signoff") as batch:
        for c in ("identity", "history", "chain_hash", "chain_seq", "key_fingerprint",
                  "signature"):  # fmt: skip
            batch.drop_column(c)
    op.drop_table("desk_setting")
    op.drop_index("ix_reviewer_key_reviewer", table_name="reviewer_key")
    op.drop_table("reviewer_key")
    op.drop_table("audit_head")
    op.execute("DELETE FROM audit_event WHERE action = 'chain.start'")
    with op.batch_alter_table("audit_event") as batch:
        for c in ("hash", "prev_hash", "seq"):
            batch.drop_column(c)
