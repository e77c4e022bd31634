"""Reviewers' signing keys: where they live, how they are protected, moving them, registering them."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from keyring.backend import KeyringBackend

from fact_gui.domain.digest import digest
from fact_gui.domain.signing import short_fingerprint
from fact_gui.services import claims, intake, keys, review, signoffs
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.team import OLD, old_desk


class MemoryKeyring(KeyringBackend):
    """An OS keyring stand-in that keeps secrets in memory (this machine has none)."""

    # Below the "no keyring" backend, so keyring never picks it by itself (set_keyring only).
    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_without_a_keyring_the_key_file_is_0600_and_says_so(isolated_home: Path) -> None:
    key, local = keys.signing_key("rev")
    assert local.path.is_relative_to(isolated_home) and mode(local.path) == 0o600
    assert mode(local.path.parent) == 0o700
    assert b"ENCRYPTED" not in local.path.read_bytes()
    assert local.protection == keys.UNPROTECTED and "no OS keyring" in local.protection
    again, same = keys.signing_key("rev")  # the same key next time, not a new one
    assert same.fingerprint == local.fingerprint
    assert keys.raw_public(again) == keys.raw_public(key)


def test_with_a_keyring_the_file_is_encrypted_with_a_secret_kept_there(os_keyring) -> None:
    _key, local = keys.signing_key("rev")
    assert b"ENCRYPTED PRIVATE KEY" in local.path.read_bytes() and mode(local.path) == 0o600
    assert local.protection == keys.PROTECTED
    assert os_keyring.get_password(keys.KEYRING_SERVICE, "rev")
    assert keys.local_key("rev").fingerprint == local.fingerprint  # type: ignore[union-attr]
    os_keyring.secrets.clear()  # the keyring forgot: the key cannot be read, and we say why
    with pytest.raises(keys.KeyProblem, match="passphrase is not in this machine's keyring"):
        keys.signing_key("rev")


def test_names_become_safe_file_names() -> None:
    for name in ("../../etc/passwd", "a/b", "Ana María", "x" * 60):
        path = keys.key_path(name)
        assert path.parent == keys.key_dir() and "/" not in path.name
        keys.signing_key(name)
        assert path.exists()


def test_export_and_import_move_a_reviewer_to_a_new_machine(tmp_path: Path, monkeypatch) -> None:
    _key, old = keys.signing_key("rev")
    with pytest.raises(keys.KeyProblem, match="at least 8 characters"):
        keys.export_key("rev", "short")
    pem = keys.export_key("rev", "correct horse battery")
    assert b"ENCRYPTED PRIVATE KEY" in pem
    # a new machine: another data folder
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new-machine"))
    assert keys.local_key("rev") is None
    with pytest.raises(keys.KeyProblem, match="wrong passphrase"):
        keys.import_key("rev", "rev.pem", pem, "wrong horse battery", replace=False)
    with pytest.raises(keys.KeyProblem, match="protected by a passphrase"):
        keys.import_key("rev", "rev.pem", pem, "", replace=False)
    with pytest.raises(keys.KeyProblem, match="not a PEM private key"):
        keys.import_key("rev", "junk.pem", b"not a key at all", "x", replace=False)
    ec = generate_private_key(SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(keys.KeyProblem, match="not an Ed25519 key"):
        keys.import_key("rev", "ec.pem", ec, "", replace=False)
    new = keys.import_key("rev", "rev.pem", pem, "correct horse battery", replace=False)
    assert new.fingerprint == old.fingerprint and mode(new.path) == 0o600
    keys.signing_key("other")
    other_pem = keys.export_key("other", "another passphrase")
    with pytest.raises(keys.KeyProblem, match=r"already has a different signing key.*--replace"):
        keys.import_key("rev", "o.pem", other_pem, "another passphrase", replace=False)
    assert keys.local_key("rev").fingerprint == old.fingerprint  # type: ignore[union-attr]


def _ready(db: str) -> tuple[Desk, Desk, int]:
    ana, rev = Desk.open(db, "ana"), Desk.open(db, "rev")
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid is not None
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    review.submit(ana, aid)
    review.accept(rev, cid)
    return ana, rev, aid


def test_first_sign_off_registers_the_key_and_a_stranger_key_is_refused(
    db_path: Path, monkeypatch, tmp_path: Path
) -> None:
    ana, rev, aid = _ready(str(db_path))
    assert keys.registered(rev) == []
    signoffs.sign_off(rev, aid)
    (reg,) = keys.registered(rev)
    assert reg.reviewer == "rev" and reg.fingerprint == keys.local_key("rev").fingerprint  # type: ignore[union-attr]
    info = signoffs.current_signoff(rev, aid)
    assert info is not None and info.identity == "local" and info.matches
    assert "local, unauthenticated desk" in info.described
    assert short_fingerprint(reg.fingerprint) in info.described
    # rev on another machine with a fresh key: refused, with both fingerprints named
    review.reopen(rev, aid, "recheck")
    review.submit(ana, aid)
    with ana.engine.connect() as c:
        cid = int(c.exec_driver_sql("select id from claim").scalar_one())
    review.accept(rev, cid)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "laptop"))
    with pytest.raises(keys.KeyProblem, match=r"not the one registered for rev.*keys import"):
        signoffs.sign_off(rev, aid)
    assert signoffs.current_signoff(rev, aid) is None  # nothing was recorded
    # an admin registers the laptop's key: rev can sign there too
    laptop = keys.local_key("rev")
    assert laptop is not None
    fp = keys.register(ana, "rev", keys.raw_public(keys.signing_key("rev")[0]).hex())
    assert fp == laptop.fingerprint
    with pytest.raises(keys.KeyProblem, match="already registered"):
        keys.register(ana, "rev", keys.raw_public(keys.signing_key("rev")[0]).hex())
    with pytest.raises(keys.KeyProblem, match="not an Ed25519 public key"):
        keys.register(ana, "rev", "abc")
    signoffs.sign_off(rev, aid)
    assert signoffs.verify(rev).ok
    ana.close()
    rev.close()


def test_legacy_digest_signoffs_stay_verifiable_but_new_ones_cannot_be_forged(
    db_path: Path,
) -> None:
    """A desk signed off before signing existed: its digest-only sign-off checks as legacy."""
    con = sqlite3.connect(db_path)
    for sql in old_desk(f"sqlite:///{db_path}", "x'00'"):
        con.execute(sql)
    con.commit()
    con.close()
    desk = Desk.open(str(db_path), "rev")  # a local desk upgrades itself
    report = signoffs.verify(desk)
    assert report.ok and report.legacy == 1 and report.signoffs == 1
    assert [e.action for e in review.history(desk, 1)] == ["article.import", "claim.create"]
    # a digest-only sign-off slipped in after signing began is a forgery
    con = sqlite3.connect(db_path)
    con.execute(
        "insert into article (id, title, text, text_sha256, original, original_sha256, source, "
        "source_format, encoding, imported_at, imported_by, updated_at, state) values "
        "(2, 'New', 'New text', 'h2', x'00', 'o', '/n.txt', 'txt', 'utf-8', ?, 'me', ?, "
        "'signed_off')", (OLD, OLD),
    )  # fmt: skip
    con.execute(
        "insert into signoff (article_id, reviewer, at, digest, digest_version) values (2, 'rev', ?, ?, 1)",
        (OLD, digest("New text", [])),
    )
    con.execute("update claim set tag = 'disputed' where id = 1")
    con.commit()
    con.close()
    report = signoffs.verify(desk)
    assert report.articles == [1, 2]
    assert "legacy" in report.problems[0].reason and "forged" in report.problems[1].reason
    desk.close()


def test_processes_making_a_key_at_once_end_up_with_one() -> None:
    """Two windows signing off for the first time at the same moment: one key, not two."""
    import os
    import subprocess
    import sys
    import time

    start = time.time() + 2.0  # all four, imports done, go at the same moment
    code = (
        "import time\n"
        "from fact_gui.services import keys\n"
        f"time.sleep(max(0.0, {start} - time.time()))\n"
        "print(keys.signing_key('rev')[1].fingerprint)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
        )
        for _ in range(4)
    ]
    prints = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(prints) == 1 and prints == {keys.local_key("rev").fingerprint}  # type: ignore[union-attr]
