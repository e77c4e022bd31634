"""Claim use cases: offsets, retag, notes, removal and restore, audit events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.errors import InvalidSpan, NotFound
from fact_gui.domain.tags import Tag
from fact_gui.services import claims, intake
from fact_gui.services.context import Desk


def import_text(desk: Desk, tmp_path: Path, data: bytes, name: str = "a.txt") -> int:
    p = tmp_path / name
    p.write_bytes(data)
    out = intake.import_file(desk, p)
    assert out.article_id is not None, out.reason
    return out.article_id


def audit(desk: Desk) -> list[tuple[str, int | None, str | None, str | None]]:
    with desk.engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                sql("select action, claim_id, before, after from audit_event order by id")
            )
        ]


def test_offsets_are_code_points_with_emoji_and_crlf(desk: Desk, tmp_path: Path) -> None:
    raw = "Head 😀 line\r\nThe 🇺🇦 flag and “quotes” 12,000\r\nEnd".encode()
    aid = import_text(desk, tmp_path, raw)
    with desk.engine.connect() as c:
        text: str = c.execute(sql("select text from article")).scalar_one()
    assert "\r" not in text
    start = text.index("flag")
    cs = claims.create(desk, aid, start, start + len("flag and “quotes” 12,000"), Tag.DISPUTED)
    row = cs.upserted[0]
    assert text[row.start : row.end] == row.quote == "flag and “quotes” 12,000"


def test_create_retag_note_delete_restore(desk: Desk, tmp_path: Path) -> None:
    aid = import_text(desk, tmp_path, b"Officials confirmed the troop numbers today.")
    cid = claims.create(desk, aid, 10, 19, "confirmed").upserted[0].id
    assert claims.retag(desk, cid, Tag.SINGLE_SOURCE).upserted[0].tag == "single_source"
    assert (
        claims.set_note(desk, cid, "Only the ministry says so").upserted[0].note
        == "Only the ministry says so"
    )
    removed = claims.delete(desk, cid).removed[0]
    assert removed.id == cid
    with pytest.raises(NotFound):
        claims.retag(desk, cid, Tag.CONFIRMED)
    back = claims.restore(desk, cid).upserted[0]
    assert (back.id, back.tag, back.note) == (cid, "single_source", "Only the ministry says so")
    actions = [a[0] for a in audit(desk)]
    assert actions == [
        "article.import",
        "claim.create",
        "claim.retag",
        "claim.note",
        "claim.delete",
        "claim.restore",
    ]
    retag = audit(desk)[2]
    assert json.loads(retag[2] or "")["tag"] == "confirmed"
    assert json.loads(retag[3] or "")["tag"] == "single_source"


def test_no_op_changes_write_nothing(desk: Desk, tmp_path: Path) -> None:
    aid = import_text(desk, tmp_path, b"Officials confirmed the troop numbers today.")
    cid = claims.create(desk, aid, 0, 9, "confirmed").upserted[0].id
    n = len(audit(desk))
    assert claims.retag(desk, cid, "confirmed").upserted == ()
    assert len(audit(desk)) == n


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (0, 10_000), (8, 3)])
def test_invalid_spans_are_refused(desk: Desk, tmp_path: Path, start: int, end: int) -> None:
    aid = import_text(desk, tmp_path, b"Officials confirmed the troop numbers today.")
    with pytest.raises(InvalidSpan):
        claims.create(desk, aid, start, end, "confirmed")
    with desk.engine.connect() as c:
        assert c.execute(sql("select count(*) from claim")).scalar() == 0


def test_unknown_article_and_tag(desk: Desk) -> None:
    with pytest.raises(NotFound):
        claims.create(desk, 99, 0, 1, "confirmed")
    with pytest.raises(ValueError, match="unknown tag"):
        Tag.parse("maybe")
    assert Tag.parse("Single source") is Tag.SINGLE_SOURCE


def test_database_rejects_bad_rows_directly(desk: Desk, tmp_path: Path) -> None:
    """Constraints hold even for writes that bypass the services."""
    import sqlalchemy.exc

    aid = import_text(desk, tmp_path, b"Officials confirmed the troop numbers today.")
    with pytest.raises(sqlalchemy.exc.IntegrityError), desk.engine.begin() as c:
        c.execute(sql(
            "insert into claim (article_id, start_offset, end_offset, tag, quote, note, analyst, created_at, updated_at)"
            " values (:a, 0, 5, 'maybe', 'x', '', 'x', '', '')"
        ), {"a": aid})  # fmt: skip
    with pytest.raises(sqlalchemy.exc.IntegrityError), desk.engine.begin() as c:
        c.execute(sql(
            "insert into claim (article_id, start_offset, end_offset, tag, quote, note, analyst, created_at, updated_at)"
            " values (999, 0, 5, 'confirmed', 'x', '', 'x', '', '')"
        ))  # fmt: skip
