"""Legacy (v1) sign-off digest: SHA-256 of the text and live claims, unsigned (see signing.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import NamedTuple

# Bump when the serialisation changes; it is part of what is hashed and stored.
DIGEST_VERSION = 1


class SignedClaim(NamedTuple):
    """The parts of a claim a sign-off vouches for (not who typed it or when)."""

    start: int
    end: int
    tag: str
    quote: str
    note: str


def canonical(text: str, claims: Iterable[SignedClaim]) -> bytes:
    """Deterministic bytes: the same text and claim set give the same bytes in any order."""
    body = {
        "v": DIGEST_VERSION,
        "text": text,
        "claims": sorted([list(c) for c in claims]),
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(text: str, claims: Iterable[SignedClaim]) -> str:
    return hashlib.sha256(canonical(text, claims)).hexdigest()
