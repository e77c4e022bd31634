"""Reviewers' Ed25519 signing keys: the private key in the data folder, the public one in the desk.

The private key file is written 0600. Where an OS keyring exists, the file is also
encrypted with a random passphrase kept in that keyring; where none exists (servers, CI)
the file's permissions are its only protection, and ``keys list`` says so.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlmodel import Session, col

from fact_gui.domain.errors import FactGuiError
from fact_gui.domain.signing import fingerprint, short_fingerprint
from fact_gui.domain.workflow import Do, Situation, State, check
from fact_gui.services.audit import record
from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from fact_gui.store.models import ReviewerKey
from fact_gui.store.types import iso, utcnow

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

KEYRING_SERVICE = "fact_gui signing key"
PROTECTED = "encrypted, passphrase in the OS keyring"
UNPROTECTED = "file permissions only (0600): no OS keyring on this machine"
MIN_PASSPHRASE = 8


class KeyProblem(FactGuiError):
    """A key that cannot be read, written, imported or used; the message says why."""


def key_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("fact_gui", appauthor=False) / "keys"


def key_path(name: str) -> Path:
    # Names are database logins or free text on a local desk: keep the file name safe.
    return key_dir() / f"{quote(name, safe='')}.ed25519.pem"


def _keyring() -> KeyringBackend | None:
    """The OS keyring backend, or None where there is none (the fail/null backends)."""
    import keyring
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    return backend


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_from_hex(value: str) -> Ed25519PublicKey:
    try:
        raw = bytes.fromhex(value.strip())
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise KeyProblem(
            f"{value.strip()[:20]!r} is not an Ed25519 public key (64 hex digits)"
        ) from None


@dataclass(frozen=True)
class LocalKey:
    """A private key on this machine: whose, where, its fingerprint and how it is protected."""

    name: str
    path: Path
    fingerprint: str
    protection: str


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _store(name: str, key: Ed25519PrivateKey) -> LocalKey:
    backend = _keyring()
    encryption: serialization.KeySerializationEncryption = serialization.NoEncryption()
    protection = UNPROTECTED
    if backend is not None:
        passphrase = secrets.token_urlsafe(32)
        backend.set_password(KEYRING_SERVICE, name, passphrase)
        encryption = serialization.BestAvailableEncryption(passphrase.encode())
        protection = PROTECTED
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    path = key_path(name)
    _write_private(path, pem)
    return LocalKey(name, path, fingerprint(raw_public(key)), protection)


def _load(name: str) -> tuple[Ed25519PrivateKey, LocalKey] | None:
    path = key_path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyProblem(f"{path}: cannot read the signing key: {exc.strerror}") from None
    password: bytes | None = None
    protection = UNPROTECTED
    if b"ENCRYPTED" in data:
        backend = _keyring()
        secret = backend.get_password(KEYRING_SERVICE, name) if backend is not None else None
        if secret is None:
            raise KeyProblem(
                f"{path}: the signing key of {name} is encrypted and its passphrase is not in "
                "this machine's keyring; import your exported key (fact-gui keys import FILE)"
            )
        password, protection = secret.encode(), PROTECTED
    key = _parse(str(path), data, password)
    return key, LocalKey(name, path, fingerprint(raw_public(key)), protection)


def _parse(source: str, data: bytes, password: bytes | None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password)
    except TypeError:
        raise KeyProblem(f"{source}: the key is protected by a passphrase; give it") from None
    except (ValueError, UnsupportedAlgorithm):
        raise KeyProblem(f"{source}: wrong passphrase, or not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{source}: not an Ed25519 key (fact_gui signs with Ed25519)")
    return key


@contextmanager
def _exclusive() -> Iterator[None]:
    """Hold the key folder's lock: two windows signing off at once must not make two keys."""
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(folder / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def signing_key(name: str) -> tuple[Ed25519PrivateKey, LocalKey]:
    """``name``'s private key on this machine, made (and stored) on first use."""
    found = _load(name)
    if found is not None:
        return found
    with _exclusive():
        found = _load(name)  # made by another process meanwhile
        if found is not None:
            return found
        key = Ed25519PrivateKey.generate()
        return key, _store(name, key)


def local_key(name: str) -> LocalKey | None:
    found = _load(name)
    return None if found is None else found[1]


def export_key(name: str, passphrase: str) -> bytes:
    """``name``'s private key as PEM, encrypted with ``passphrase`` (for moving machines)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyProblem(f"the export passphrase needs at least {MIN_PASSPHRASE} characters")
    found = _load(name)
    if found is None:
        raise KeyProblem(f"{name} has no signing key on this machine ({key_path(name)})")
    return found[0].private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def import_key(name: str, source: str, data: bytes, passphrase: str, replace: bool) -> LocalKey:
    """Install an exported key as ``name``'s (a different existing one only with ``replace``)."""
    key = _parse(source, data, passphrase.encode() if passphrase else None)
    current = _load(name) if key_path(name).exists() else None
    new_fp = fingerprint(raw_public(key))
    if current is not None and current[1].fingerprint != new_fp and not replace:
        raise KeyProblem(
            f"{name} already has a different signing key here "
            f"({short_fingerprint(current[1].fingerprint)}); use --replace to overwrite it"
        )
    return _store(name, key)


# ---------------------------------------------------------------- the database side


@dataclass(frozen=True)
class Registered:
    reviewer: str
    fingerprint: str
    public_key: str
    registered_at: str
    registered_by: str
    revoked: bool


def active_keys(s: Session, reviewer: str) -> list[ReviewerKey]:
    return list(
        s.execute(
            select(ReviewerKey).where(
                col(ReviewerKey.reviewer) == reviewer, col(ReviewerKey.revoked_at).is_(None)
            )
        ).scalars()
    )


def _add(s: Session, desk: Desk, reviewer: str, public: bytes) -> str:
    fp = fingerprint(public)
    s.add(
        ReviewerKey(
            reviewer=reviewer,
            public_key=public.hex(),
            fingerprint=fp,
            registered_at=utcnow(),
            registered_by=desk.user,
        )
    )
    s.flush()
    record(
        s, desk.user, "key.register",
        after={"reviewer": reviewer, "fingerprint": fp, "public_key": public.hex()},
    )  # fmt: skip
    return fp


def ensure_registered(s: Session, desk: Desk, key: Ed25519PrivateKey) -> str:
    """The fingerprint of the signer's key, registering it on first use; refuses a stranger."""
    public = raw_public(key)
    fp = fingerprint(public)
    known = active_keys(s, desk.user)
    if any(k.fingerprint == fp for k in known):
        return fp
    if not known:
        return _add(s, desk, desk.user, public)
    theirs = ", ".join(short_fingerprint(k.fingerprint) for k in known)
    raise KeyProblem(
        f"cannot sign off: the signing key on this machine ({short_fingerprint(fp)}) is not the "
        f"one registered for {desk.user} ({theirs}); import your registered key "
        "(fact-gui keys import FILE) or ask an admin to register this one "
        "(fact-gui keys register NAME PUBLIC_KEY)"
    )


def register(desk: Desk, reviewer: str, public_hex: str) -> str:
    """An admin registers someone's public key (say, a new machine's); returns its fingerprint."""
    check(Do.MANAGE_DESK, Situation(State.NEW, roles=desk.roles))
    public = raw_public(public_from_hex(public_hex))
    reviewer = reviewer.strip()
    if not reviewer:
        raise KeyProblem("say whose key this is: a reviewer's login name")
    with transaction(desk.engine) as s:
        fp = fingerprint(public)
        if s.execute(select(ReviewerKey).where(col(ReviewerKey.fingerprint) == fp)).first():
            raise KeyProblem(f"the key {short_fingerprint(fp)} is already registered")
        return _add(s, desk, reviewer, public)


def register_own(desk: Desk) -> tuple[LocalKey, bool]:
    """Make (if needed) and register this person's key on this desk: (the key, newly registered)."""
    key, local = signing_key(desk.user)
    with transaction(desk.engine) as s:
        before = {k.fingerprint for k in active_keys(s, desk.user)}
        ensure_registered(s, desk, key)
        return local, local.fingerprint not in before


def registered(desk: Desk) -> list[Registered]:
    with transaction(desk.engine) as s:
        return [
            Registered(
                k.reviewer,
                k.fingerprint,
                k.public_key,
                iso(k.registered_at),
                k.registered_by,
                k.revoked_at is not None,
            )
            for k in s.execute(select(ReviewerKey).order_by(col(ReviewerKey.id))).scalars()
        ]
