"""Tampering with a signed-off article behind the app's back: every kind is detected and named.

The attacker has full write access to the database (the SQLite file, or a PostgreSQL
superuser who switches the desk's triggers off) but not the reviewer's private key.
Two articles are signed off; only the tampered one may be named.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fact_gui.domain.signing import fingerprint
from fact_gui.services import claims, intake, keys, review, signoffs
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.pg import Cluster
from tests.fixtures.team import url_as

T0 = "2020-01-01T00:00:00.000000Z"


@dataclass(frozen=True)
class Signed:
    """The scenario: ``aid`` signed off by rev (last), ``other`` by mal; mal's private key."""

    aid: int
    other: int
    ids: tuple[int, int, int, int]  # aid's claims; the last one removed before submitting
    signoff: int
    mal_key: bytes


def build(ana: Desk, rev: Desk, mal: Desk) -> Signed:
    other = intake.import_file(ana, SEEDS[0]).article_id
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid and other
    oc = claims.create(ana, other, 0, 5, "confirmed").upserted[0].id
    ids = tuple(
        claims.create(ana, aid, s, s + 10, t).upserted[0].id
        for s, t in ((0, "confirmed"), (40, "disputed"), (80, "single_source"), (120, "confirmed"))
    )
    claims.set_note(ana, ids[0], "Two agencies, independently")
    claims.delete(ana, ids[3])
    review.submit(ana, other)
    review.accept(mal, oc)
    signoffs.sign_off(mal, other, "Fine")
    review.submit(ana, aid)
    review.query(rev, ids[1], "Second source?")
    review.return_article(rev, aid, "See the query")
    review.reply(ana, ids[1], "The ministry and the agency")
    review.submit(ana, aid)
    for cid in ids[:3]:
        review.accept(rev, cid)
    signoffs.sign_off(rev, aid, "All claims checked")
    so = signoffs.current_signoff(rev, aid)
    assert so is not None and so.matches
    with rev.engine.connect() as c:
        so_id = c.exec_driver_sql("select max(id) from signoff").scalar()
    mal_key = keys.key_path("mal").read_bytes()
    report = signoffs.verify(rev)
    assert report.ok and report.signoffs == 2, report
    return Signed(aid, other, ids, int(so_id), mal_key)  # type: ignore[arg-type]


@dataclass
class Desks:
    """Where the scenario lives, how to tamper with it, and a desk to verify it from."""

    engine: str
    signed: Signed
    url: str  # as the reviewer
    tamper_sql: Callable[[str, dict[str, object]], None]

    def tamper(self, sql: str, **params: object) -> None:
        for statement in filter(str.strip, sql.split(";")):
            self.tamper_sql(statement, params)

    def verify(self) -> signoffs.Report:
        desk = Desk.open(self.url, "rev")
        try:
            return signoffs.verify(desk)
        finally:
            desk.close()


@pytest.fixture(scope="session")
def sqlite_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Signed]:
    root = tmp_path_factory.mktemp("signed")
    with pytest.MonkeyPatch.context() as mp:  # keys made here stay out of the user's folders
        mp.setenv("XDG_DATA_HOME", str(root / "data"))
        db = str(root / "signed.sqlite3")
        desks = [Desk.open(db, n) for n in ("ana", "rev", "mal")]
        signed = build(*desks)
        for d in desks:
            d.close()
    return root / "signed.sqlite3", signed


@pytest.fixture(scope="session")
def pg_signed(pg_cluster: Cluster, pg_template: str, tmp_path_factory) -> tuple[str, Signed]:
    name = pg_cluster.create_database("signed", template=pg_template)
    url = pg_cluster.url(name)
    root = tmp_path_factory.mktemp("pgsigned")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", str(root / "data"))
        desks = [
            Desk.open(url_as(pg_cluster, url, "ana", "analyst"), "ana"),
            Desk.open(url_as(pg_cluster, url, "rev", "reviewer"), "rev"),
            Desk.open(url_as(pg_cluster, url, "mal", "reviewer"), "mal"),
        ]
        signed = build(*desks)
        for d in desks:
            d.close()
    return name, signed


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(params=["sqlite", "postgresql"])
def desks(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desks]:
    if request.param == "sqlite":
        src, signed = request.getfixturevalue("sqlite_signed")
        db = tmp_path / "signed.sqlite3"
        shutil.copy(src, db)

        def on_sqlite(sql: str, params: dict[str, object]) -> None:
            con = sqlite3.connect(db)
            con.execute(sql, params)
            con.commit()
            con.close()

        yield Desks("sqlite", signed, str(db), on_sqlite)
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    template, signed = request.getfixturevalue("pg_signed")
    name = cluster.create_database(template=template)
    superuser = _psycopg_url(cluster.url(name))

    def on_pg(sql: str, params: dict[str, object]) -> None:
        with psycopg.connect(superuser, autocommit=True) as con:
            # A superuser can switch the desk's triggers (and foreign keys) off.
            con.execute("SET session_replication_role = replica")
            con.execute(re.sub(r":(\w+)", r"%(\1)s", sql).encode(), params)

    yield Desks("postgresql", signed, url_as(cluster, cluster.url(name), "rev", "reviewer"), on_pg)
    cluster.drop_database(name)


def recompute_digest(d: Desks) -> None:
    s = d.signed
    d.tamper("UPDATE claim SET tag = 'single_source' WHERE id = :c", c=s.ids[1])
    desk = Desk.open(d.url, "rev")
    new = signoffs.payload_now(desk, s.signoff).digest()
    desk.close()
    d.tamper("UPDATE signoff SET digest = :d WHERE id = :i", d=new, i=s.signoff)


def _resign(d: Desks, key: Ed25519PrivateKey, reviewer: str | None = None) -> str:
    """Sign the article as it is now with ``key``, as the stored sign-off names it."""
    s = d.signed
    fp = fingerprint(keys.raw_public(key))
    if reviewer is not None:
        d.tamper("UPDATE signoff SET reviewer = :r WHERE id = :i", r=reviewer, i=s.signoff)
    d.tamper("UPDATE signoff SET key_fingerprint = :f WHERE id = :i", f=fp, i=s.signoff)
    desk = Desk.open(d.url, "rev")
    payload = signoffs.payload_now(desk, s.signoff)
    desk.close()
    d.tamper(
        "UPDATE signoff SET digest = :d, signature = :g WHERE id = :i",
        d=payload.digest(), g=key.sign(payload.to_sign()).hex(), i=s.signoff,
    )  # fmt: skip
    return fp


def forge_unregistered(d: Desks) -> None:
    d.tamper("UPDATE claim SET tag = 'confirmed' WHERE id = :c", c=d.signed.ids[1])
    _resign(d, Ed25519PrivateKey.generate())


def forge_and_smuggle_key(d: Desks) -> None:
    """A forged key, and its public half slipped into the key registry with SQL."""
    key = Ed25519PrivateKey.generate()
    d.tamper("UPDATE claim SET tag = 'confirmed' WHERE id = :c", c=d.signed.ids[1])
    fp = _resign(d, key)
    d.tamper(
        "INSERT INTO reviewer_key (reviewer, public_key, fingerprint, registered_at, "
        "registered_by) VALUES ('rev', :k, :f, :t, 'admin')",
        k=keys.raw_public(key).hex(), f=fp, t=T0,
    )  # fmt: skip


def resign_with_other_reviewers_key(d: Desks) -> None:
    """Mal, another reviewer whose key is registered, changes a tag and re-signs rev's sign-off."""
    mal = serialization.load_pem_private_key(d.signed.mal_key, None)
    assert isinstance(mal, Ed25519PrivateKey)
    d.tamper("UPDATE claim SET tag = 'confirmed' WHERE id = :c", c=d.signed.ids[1])
    _resign(d, mal)


def resign_as_other_reviewer(d: Desks) -> None:
    """...or takes the sign-off over in their own name, with their own registered key."""
    mal = serialization.load_pem_private_key(d.signed.mal_key, None)
    assert isinstance(mal, Ed25519PrivateKey)
    d.tamper("UPDATE claim SET tag = 'confirmed' WHERE id = :c", c=d.signed.ids[1])
    _resign(d, mal, reviewer="mal")


def truncate_chain(d: Desks) -> None:
    """Cut the last events (rev's sign-off of ``aid``) off the chain and fix the head row."""
    d.tamper("DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 2 FROM audit_event)")
    d.tamper(
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_event), "
        "hash = (SELECT hash FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event))"
    )


def truncate_chain_only(d: Desks) -> None:
    d.tamper("DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 2 FROM audit_event)")


_CREATE_EVENT = (
    "(SELECT min(seq) FROM audit_event WHERE article_id = :a AND action = 'claim.create')"
)

# name -> SQL (with :a the article, :o the other, :c0..:c3 its claims, :s its sign-off, :t a time)
# or a function doing it.
TAMPERINGS: dict[str, str | Callable[[Desks], None]] = {
    "change a tag": "UPDATE claim SET tag = 'confirmed' WHERE id = :c1",
    "change a tag and recompute the digest": recompute_digest,
    "invalidate the sign-off, then change a tag": (
        "UPDATE signoff SET invalidated_at = :t, invalidated_by = 'rev', "
        "invalidated_reason = 'x' WHERE id = :s; UPDATE claim SET tag = 'confirmed' WHERE id = :c1"
    ),
    "delete the sign-off, then change a tag": (
        "DELETE FROM signoff WHERE id = :s; UPDATE claim SET tag = 'confirmed' WHERE id = :c1"
    ),
    "flip the article's state back": "UPDATE article SET state = 'annotating' WHERE id = :a",
    "edit an audit event": f"UPDATE audit_event SET actor = 'someone' WHERE seq = {_CREATE_EVENT}",
    "delete an audit event": f"DELETE FROM audit_event WHERE seq = {_CREATE_EVENT}",
    "change the reviewer's name": "UPDATE signoff SET reviewer = 'mal' WHERE id = :s",
    "change the analyst": "UPDATE claim SET analyst = 'someone' WHERE id = :c0",
    "change a review status": "UPDATE claim SET review = 'queried' WHERE id = :c2",
    "change who reviewed a claim": "UPDATE claim SET reviewed_by = 'mal' WHERE id = :c2",
    "change the title": "UPDATE article SET title = title || ' (corrected)' WHERE id = :a",
    "change the outlet": "UPDATE article SET outlet = 'Another Outlet' WHERE id = :a",
    "change the author": "UPDATE article SET author = 'Someone Else' WHERE id = :a",
    "change the URL": "UPDATE article SET url = 'https://example.org/x' WHERE id = :a",
    "change the published date": "UPDATE article SET published = '2001-01-01' WHERE id = :a",
    "change the original bytes": (
        "UPDATE article SET original = :b, original_sha256 = :h WHERE id = :a"
    ),
    "change the text": "UPDATE article SET text = text || ' (edited)' WHERE id = :a",
    "move a claim's offsets": (
        "UPDATE claim SET start_offset = start_offset + 1, end_offset = end_offset + 1 "
        "WHERE id = :c0"
    ),
    "change a quote": "UPDATE claim SET quote = 'something else' WHERE id = :c0",
    "change a note": "UPDATE claim SET note = 'one agency' WHERE id = :c0",
    "delete a claim row": "DELETE FROM claim WHERE id = :c2",
    "un-delete a removed claim": "UPDATE claim SET deleted_at = NULL WHERE id = :c3",
    "mark a live claim removed": "UPDATE claim SET deleted_at = :t WHERE id = :c2",
    "insert a claim": (
        "INSERT INTO claim (article_id, start_offset, end_offset, tag, quote, note, analyst, "
        "created_at, updated_at, review, reviewed_by) VALUES "
        "(:a, 0, 2, 'confirmed', 'xx', '', 'ana', :t, :t, 'accepted', 'rev')"
    ),
    "change a comment": "UPDATE comment SET text = 'Looks fine' WHERE article_id = :a",
    "delete a comment": "DELETE FROM comment WHERE article_id = :a AND kind = 'reply'",
    "change the sign-off time": "UPDATE signoff SET at = :t WHERE id = :s",
    "flip the self-review flag": "UPDATE signoff SET self_review = NOT self_review WHERE id = :s",
    "change the sign-off comment": "UPDATE signoff SET comment = 'Rubber stamp' WHERE id = :s",
    # forging and re-signing
    "forge a sign-off with a key that is not registered": forge_unregistered,
    "forge a sign-off with a key slipped into the registry": forge_and_smuggle_key,
    "re-sign with another reviewer's key and a recomputed digest": resign_with_other_reviewers_key,
    "re-sign in another reviewer's name": resign_as_other_reviewer,
    "truncate the audit chain (and fix its head)": truncate_chain,
    "truncate the audit chain": truncate_chain_only,
}


@pytest.mark.parametrize("how", list(TAMPERINGS))
def test_tampering_is_detected_and_names_the_article(desks: Desks, how: str) -> None:
    s = desks.signed
    change = TAMPERINGS[how]
    if callable(change):
        change(desks)
    else:
        desks.tamper(
            change, a=s.aid, o=s.other, s=s.signoff, t=T0, b=b"forged bytes",
            h="0" * 64, **{f"c{i}": c for i, c in enumerate(s.ids)},
        )  # fmt: skip
    report = desks.verify()
    assert not report.ok, how
    assert report.articles == [s.aid], (how, report.problems)
    assert all(p.title for p in report.problems if p.article_id is not None)


def test_there_are_at_least_28_tamperings_and_3_forgeries() -> None:
    assert len(TAMPERINGS) >= 28 + 3


def test_an_untouched_desk_verifies(desks: Desks) -> None:
    report = desks.verify()
    assert report.ok and report.signoffs == 2 and report.events > 20
