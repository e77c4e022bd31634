"""What the window reads about versions: the heading's version line, the claims not carried."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.errors import NotFound
from fact_gui.domain.workflow import Role, WorkflowError
from fact_gui.services import articles, claims, intake, versions
from fact_gui.services.context import Desk
from tests.fixtures.documents import STORY
from tests.fixtures.team import behind_the_app

TITLE = "Ministry says 12,000 troops moved to border"
FIGURE = "about 12,000 soldiers had been moved to the border region"
KEPT = "A spokesperson for the ministry told reporters that the deployment was defensive"
GONE = "asked not to be named because of the sensitivity of the matter"
REWORDED = "perhaps closer to 8,000 troops"


def write(path: Path, paragraphs: list[str]) -> None:
    path.write_text(TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def corrected() -> list[str]:
    """A figure changed, a clause cut, a paragraph reworded, the rest as it was."""
    return [
        STORY[0].replace("about 12,000 soldiers", "about 11,000 soldiers"),
        STORY[1],
        STORY[2].replace("perhaps closer to 8,000 troops", "perhaps nearer 9,000 troops"),
        STORY[3].replace(
            ", who asked not to be named because of the sensitivity of the matter", ""
        ),
    ]


def tag(desk: Desk, article_id: int, quote: str, tag_: str) -> int:
    text = articles.text_and_claims(desk, article_id)[0]
    s = text.index(quote)
    return claims.create(desk, article_id, s, s + len(quote), tag_).upserted[0].id


def import_(desk: Desk, path: Path) -> int:
    out = intake.import_file(desk, path)
    assert out.status == "imported" and out.article_id, out.reason
    return out.article_id


@pytest.fixture
def two_versions(desk: Desk, tmp_path: Path) -> tuple[Desk, int, int, dict[str, int]]:
    story = tmp_path / "story.txt"
    write(story, STORY)
    a1 = import_(desk, story)
    ids = {
        "kept": tag(desk, a1, KEPT, "confirmed"),
        "figure": tag(desk, a1, FIGURE, "disputed"),
        "gone": tag(desk, a1, GONE, "single_source"),
        "reworded": tag(desk, a1, REWORDED, "confirmed"),
    }
    write(story, corrected())
    a2 = import_(desk, story)
    return desk, a1, a2, ids


def test_claims_not_carried_are_listed_as_the_import_told_them(two_versions) -> None:
    desk, a1, a2, ids = two_versions
    listed = versions.not_carried(desk, a2)
    # In the old text's order, each with its tag, old words and reason.
    assert [n.claim_id for n in listed] == [ids["figure"], ids["reworded"], ids["gone"]]
    assert {n.previous_id for n in listed} == {a1}
    figure, reworded, gone = listed
    assert (figure.tag, figure.quote, figure.figure_changed) == ("disputed", FIGURE, True)
    assert figure.reason == "a figure changed: “12,000” → “11,000”"
    text2 = articles.text_and_claims(desk, a2)[0]
    # The candidate is the passage of the new text that now stands there.
    assert figure.candidate is not None
    assert text2[figure.candidate[0] : figure.candidate[1]] == figure.candidate_quote
    assert figure.candidate_quote == FIGURE.replace("12,000", "11,000")
    assert figure.near == figure.candidate[0]
    assert reworded.figure_changed and "8,000” → “nearer 9,000”" in reworded.reason
    assert gone.tag == "single_source" and gone.quote == GONE
    assert gone.reason == "the quoted text is no longer in this version"
    # Nothing resembles it: where to look is where the cut clause was.
    assert gone.candidate is None and gone.candidate_quote == ""
    assert text2[: gone.near].endswith("said one analyst")
    assert versions.count_not_carried(desk, a2) == 3
    # A first version has nothing carried to it; a missing article is an error in words.
    assert versions.not_carried(desk, a1) == [] and versions.count_not_carried(desk, a1) == 0
    with pytest.raises(NotFound, match="article 999 does not exist"):
        versions.not_carried(desk, 999)


def test_later_edits_of_the_old_claims_do_not_rewrite_what_was_told(two_versions) -> None:
    desk, _a1, a2, ids = two_versions
    before = versions.not_carried(desk, a2)
    claims.retag(desk, ids["figure"], "confirmed")
    claims.delete(desk, ids["gone"])
    assert versions.not_carried(desk, a2) == before


def test_events_written_before_the_details_were_kept_are_completed(two_versions) -> None:
    desk, _a1, a2, _ids = two_versions
    told = versions.not_carried(desk, a2)
    # An event as an older fact_gui wrote it: rewritten behind the app (audit rows are
    # append-only for every login on a team desk).
    with behind_the_app(desk) as c:
        (after,) = c.execute(
            sql("select after from audit_event where action = 'article.version'")
        ).one()
        bare = json.loads(after)
        bare["unplaced"] = [{"claim": u["claim"], "reason": u["reason"]} for u in bare["unplaced"]]
        c.execute(
            sql("update audit_event set after = :a where action = 'article.version'"),
            {"a": json.dumps(bare)},
        )
    assert versions.not_carried(desk, a2) == told


def test_a_version_with_every_claim_carried_lists_none(desk: Desk, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    write(story, STORY)
    a1 = import_(desk, story)
    tag(desk, a1, KEPT, "confirmed")
    write(story, [*STORY, "Correction: an earlier version misspelt the ministry's name."])
    a2 = import_(desk, story)
    assert versions.not_carried(desk, a2) == [] and versions.count_not_carried(desk, a2) == 0


def test_a_reviewer_cannot_import_a_new_version_over_an_analysts_claims(
    db_path: Path, tmp_path: Path
) -> None:
    """Importing is an analyst's action: a reviewer's re-import is refused in words, nothing stored."""
    story = tmp_path / "story.txt"
    write(story, STORY)
    ana = Desk.open(str(db_path), "ana")
    a1 = import_(ana, story)
    tag(ana, a1, KEPT, "confirmed")
    rev = Desk.open(str(db_path), "rev")
    rev.roles = frozenset({Role.REVIEWER})
    write(story, corrected())
    with pytest.raises(WorkflowError, match=r"cannot import articles: your role \(reviewer\)"):
        intake.import_file(rev, story)
    assert [r.version for r in versions.versions(ana, a1)] == [1]
    ana.close()
    rev.close()


def test_the_heading_says_which_version_of_how_many(desk: Desk, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    write(story, STORY)
    a1 = import_(desk, story)
    h1 = articles.heading(desk, a1)
    assert (h1.lineage_id, h1.version, h1.versions) == (a1, 1, 1)
    assert h1.imported_at is not None
    assert abs((datetime.now(UTC) - h1.imported_at).total_seconds()) < 60
    write(story, corrected())
    a2 = import_(desk, story)
    write(story, [*corrected(), "Correction: the figure was 11,000."])
    a3 = import_(desk, story)
    for article_id, number in ((a1, 1), (a2, 2), (a3, 3)):
        h = articles.heading(desk, article_id)
        assert (h.id, h.lineage_id, h.version, h.versions) == (article_id, a1, number, 3)
        text, opened = articles.opening(desk, article_id)
        assert opened == h and text == articles.text_and_claims(desk, article_id)[0]
