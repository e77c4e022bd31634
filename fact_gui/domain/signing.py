"""What a reviewer signs: a versioned canonical payload of an article, its claims and its review.

Version 2 covers the article text and its original bytes (by SHA-256), the metadata,
every live and removed claim with its tag, offsets, quote, note, analyst and review
status, the review comments, the reviewer, the time, the self-review flag, whether the
name was authenticated by a server, and the audit chain at the moment of signing (the
head and the article's own events), so that none of them can change unnoticed.
Version 1 (``digest.py``) hashed only the text and live claims and was not signed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum

PAYLOAD_VERSION = 2
# Signatures are over this prefix and the payload, so they cannot be replayed as anything else.
DOMAIN = b"fact_gui sign-off\n"


class Identity(StrEnum):
    """How the reviewer's name was established when signing."""

    SERVER = "server"  # a team database login (current_user), authenticated by the server
    LOCAL = "local"  # a local desk: the name is whatever the person said, unauthenticated


@dataclass(frozen=True)
class ArticlePart:
    id: int
    title: str
    outlet: str
    author: str
    url: str
    published: str | None
    source: str
    source_kind: str
    imported_at: str
    imported_by: str
    text_sha256: str  # of the stored text, recomputed
    original_sha256: str  # of the original bytes, recomputed


@dataclass(frozen=True)
class ClaimPart:
    id: int
    start: int
    end: int
    tag: str
    quote: str
    note: str
    analyst: str
    review: str
    reviewed_by: str | None
    removed_at: str | None


@dataclass(frozen=True)
class CommentPart:
    id: int
    claim_id: int | None
    author: str
    at: str
    kind: str
    text: str


@dataclass(frozen=True)
class SignerPart:
    reviewer: str
    at: str
    comment: str
    self_review: bool
    identity: Identity
    key_fingerprint: str
    chain_seq: int  # the audit chain head when signing...
    chain_hash: str
    history: str  # ...and the article's own events up to it (chain.history_digest)


@dataclass(frozen=True)
class Payload:
    article: ArticlePart
    claims: tuple[ClaimPart, ...]
    comments: tuple[CommentPart, ...]
    signer: SignerPart

    def canonical(self) -> bytes:
        """Deterministic bytes: claims and comments by id, keys sorted, no spacing."""
        body = {
            "v": PAYLOAD_VERSION,
            "article": asdict(self.article),
            "claims": [asdict(c) for c in sorted(self.claims, key=lambda c: c.id)],
            "comments": [asdict(c) for c in sorted(self.comments, key=lambda c: c.id)],
            "signer": asdict(self.signer),
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def digest(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def to_sign(self) -> bytes:
        return DOMAIN + self.canonical()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """A public key's fingerprint: SHA-256 of its 32 raw bytes, hex."""
    return hashlib.sha256(public_key).hexdigest()


def short_fingerprint(fp: str) -> str:
    """What people compare by eye: the first 80 bits in groups of four."""
    return ":".join(fp[i : i + 4] for i in range(0, 20, 4)).upper()
