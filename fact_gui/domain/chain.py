"""The audit trail's hash chain: each event's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple

# Bump when what is hashed changes; it is part of every hash.
CHAIN_VERSION = 1
# The "previous hash" of the first event.
GENESIS = "0" * 64


class ChainedEvent(NamedTuple):
    """An audit event as the chain sees it (timestamps as their stored ISO text)."""

    seq: int
    prev_hash: str
    at: str
    actor: str
    action: str
    article_id: int | None
    claim_id: int | None
    before: str | None
    after: str | None


def event_hash(e: ChainedEvent) -> str:
    """SHA-256 of a canonical list of the event's fields: editing any of them changes it."""
    body = json.dumps([CHAIN_VERSION, *e], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def history_digest(links: list[tuple[int, str]]) -> str:
    """One hash over an article's events (seq, hash) in order: losing or editing one changes it."""
    body = json.dumps(sorted(links), separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
