"""Change sets carry what changed (kinds) and where it came from (origin)."""

from __future__ import annotations

from fact_gui.domain.claims import ClaimRow
from fact_gui.services.changes import ChangeSet, Kind, Origin


def test_kinds_are_derived_from_rows() -> None:
    row = ClaimRow(1, 0, 4, "confirmed", "text", "", "a", "2026-01-01T00:00:00.000000Z")
    assert ChangeSet(article_id=1, upserted=(row,)).kinds == {Kind.CLAIMS}
    assert ChangeSet(articles=(3,)).kinds == {Kind.ARTICLES}
    assert ChangeSet(article_id=1, kinds=frozenset({Kind.COMMENTS})).touches(Kind.COMMENTS)
    assert ChangeSet(article_id=1).empty


def test_origin_tells_local_from_elsewhere() -> None:
    cs = ChangeSet(articles=(1,))
    assert cs.origin is Origin.ACTION and cs.origin.local
    remote = cs.from_(Origin.REMOTE)
    assert remote.origin is Origin.REMOTE and not remote.origin.local
    assert remote.kinds == cs.kinds
    assert Origin.UNDO.local and not Origin.WINDOW.local
