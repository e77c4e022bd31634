"""Bulk audit appends (batch imports, new versions) enter the hash chain like every other event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.services import articles, claims, intake, signoffs
from fact_gui.services.context import Desk
from tests.fixtures.team import behind_the_app

STORY = "Story {n}\n\nThe agency counted {boats} boats in the harbour on Monday.\n"


def scenario(desk: Desk, folder: Path) -> int:
    """A batch of five files, then a new text of one of them with its claim carried."""
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(STORY.format(n=n, boats=n + 10))
    report = intake.import_sources(desk, [folder], workers=1)
    assert len(report.of("imported")) == 5
    first = report.of("imported")[0].article_id
    assert first is not None
    text = articles.text_and_claims(desk, first)[0]
    start = text.index("in the harbour")
    claims.create(desk, first, start, start + len("in the harbour"), "confirmed")
    (folder / "0.txt").write_text(STORY.format(n=0, boats=99))
    again = intake.import_file(desk, folder / "0.txt")
    assert again.new_version is not None and len(again.new_version.carried) == 1
    assert again.article_id is not None
    return again.article_id


@pytest.fixture
def ana(as_user) -> Iterator[Desk]:
    desk = Desk.open(as_user("ana", "analyst"), "ana")
    yield desk
    desk.close()


def events(desk: Desk) -> list[tuple[int, str]]:
    with desk.engine.connect() as c:
        return [
            (int(q), a)
            for q, a in c.execute(sql("select seq, action from audit_event order by seq"))
        ]


def test_a_batch_and_a_new_version_keep_the_chain_whole(ana: Desk, tmp_path: Path) -> None:
    scenario(ana, tmp_path / "batch")
    chain = events(ana)
    assert [q for q, _ in chain] == list(range(chain[0][0], chain[0][0] + len(chain)))
    actions = [a for _, a in chain]
    assert actions.count("article.import") == 6 and "claim.carry" in actions
    assert "article.version" in actions
    report = signoffs.verify(ana)
    assert report.ok and report.chain is None
    assert report.events == chain[-1][0]  # every event up to the head, links checked


@pytest.mark.parametrize("action", ["article.import", "claim.carry", "article.version"])
def test_tampering_with_a_bulk_event_is_detected(ana: Desk, tmp_path: Path, action: str) -> None:
    scenario(ana, tmp_path / "batch")
    seq = max(q for q, a in events(ana) if a == action)
    with behind_the_app(ana) as c:
        c.execute(
            sql("update audit_event set after = replace(after, '\"', '''') where seq = :q"),
            {"q": seq},
        )
    report = signoffs.verify(ana)
    assert not report.ok and report.chain is not None
    assert (report.chain.seq, report.chain.reason) == (seq, "was changed after it was written")


def test_deleting_a_bulk_event_is_detected(ana: Desk, tmp_path: Path) -> None:
    scenario(ana, tmp_path / "batch")
    seq = min(q for q, a in events(ana) if a == "claim.carry")
    with behind_the_app(ana) as c:
        c.execute(sql("delete from audit_event where seq = :q"), {"q": seq})
    report = signoffs.verify(ana)
    assert report.chain is not None and report.chain.seq == seq
    assert report.chain.reason.startswith("is missing")
