"""Clean articles in several outlets' conventions keep every paragraph; fields read one by one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.text import normalise
from fact_gui.services import intake
from fact_gui.services.context import Desk
from fact_gui.services.reading import prepare

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

# name: (title, author, outlet, published, metadata lines above the story, lines below it)
TEXT = {
    "wire_service.txt": ("Troops moved closer to the border, ministry says", "", "Regional Wire",
                         date(2025, 3, 4), 2, 0),
    "local_paper.txt": ("Le maire annonce la réouverture du pont Saint-Éloi", "Marie-Claire Dubois",
                        "", date(2024, 12, 17), 3, 0),
    "press_release.txt": ("Ministry publishes new figures on water quality", "Anna Kowalska", "",
                          date(2025, 1, 15), 1, 2),
    "german_wire.txt": ("Bundesregierung bestätigt Lieferung von Luftabwehrsystemen", "Jürgen Müller",
                        "Deutsche Beispiel-Agentur", date(2024, 11, 5), 2, 0),
    "spanish_local.txt": ("El puerto amplía su horario de carga", "", "Diario del Sur",
                          date(2025, 2, 2), 2, 0),
    "broadcaster_signed.txt": ("Flood defences to be reinforced after winter storms", "Maya Okonkwo",
                               "", None, 1, 2),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TEXT))
def test_plain_text_articles_keep_every_paragraph(name: str) -> None:
    title, author, outlet, published, above, below = TEXT[name]
    path = ARTICLES / name
    ex = prepare(str(path)).extracted
    assert (ex.title, ex.author, ex.outlet, ex.published) == (title, author, outlet, published)
    lines = normalise(path.read_bytes().decode("utf-8")).strip().split("\n")
    story = [ln for ln in lines if ln.strip()]
    story = story[above : len(story) - below]
    # Every paragraph, in order, as written: nothing of the story is trimmed.
    assert [ln for ln in ex.kept.split("\n") if ln.strip()] == story
    assert ex.left_out() == (
        above + below,
        sum(len(ln) for ln in lines if ln.strip()) - sum(map(len, story)),
    )


MARKDOWN = {
    "broadcaster.md": (
        "Vaccination rates fall in three regions", "Health Desk", "", date(2025, 2, 12),
        ["The regional health authority said on Wednesday that only 61% of children had received both doses, according to its latest report.",
         "Officials listed the areas most affected:",
         "• the northern valleys", "• the coastal towns", "• the capital's outer districts",
         '"We are worried, but the trend can be reversed," the chief medical officer said.',
         "Clinics will open on Saturdays from March, the authority added, and school nurses will contact families directly 💉"],
        [("its latest report", "https://health.example.org/report-2025.pdf")],
    ),
    "health_desk.md": (
        "Hospital waiting lists at record high", "Sofia Marquez", "Health Weekly", date(2025, 1, 3),
        ["Waiting lists for planned operations reached 7.6 million in November, the highest figure since records began, according to official statistics published on Thursday.",
         "The three longest waits were for:",
         "1. hip and knee replacements", "2. cataract surgery", "3. hernia repairs",
         "Hospital managers blamed staff shortages and winter pressures, while the health ministry said extra funding would cut the backlog by a fifth within a year 📉",
         'Patients\' groups called the promise "unrealistic" and asked for monthly updates'],
        [],
    ),
    "blog.md": (
        "What the new census numbers really say", "Tomás Ruiz", "", date(2024, 11, 30),
        ["Census figures released this week show the population grew by 1.8% since the last count, but the headline number hides big regional differences 🤔",
         "In the capital the increase was 6.4%, while two rural provinces lost more than a tenth of their residents. You can check the tables yourself in the population_by_region.csv file on the statistics office site.",
         "My reading is that migration to cities, not birth rates, explains most of it"],
        [("the statistics office site", "https://stats.example.org/census")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(MARKDOWN))
def test_markdown_articles_read_as_markdown(name: str) -> None:
    title, author, outlet, published, paragraphs, links = MARKDOWN[name]
    ex = prepare(str(ARTICLES / name)).extracted
    assert (ex.title, ex.author, ex.outlet, ex.published) == (title, author, outlet, published)
    assert [ln for ln in ex.kept.split("\n") if ln.strip()] == paragraphs
    # No Markdown marks in the readable text; links point at their words.
    assert not any(mark in ex.text for mark in ("**", "](", "> ", "# ", "`", "_official"))
    assert [(ex.text[a:b], url) for a, b, url in ex.links] == links


def test_link_targets_are_stored_with_offsets_into_the_stored_text(desk: Desk) -> None:
    out = intake.import_file(desk, ARTICLES / "broadcaster.md")
    assert out.status == "imported", out.reason
    with desk.engine.connect() as c:
        text, original = c.execute(sql("select text, original from article")).one()
        links = c.execute(sql("select start_offset, end_offset, url from article_link")).all()
    assert [(text[a:b], url) for a, b, url in links] == [
        ("its latest report", "https://health.example.org/report-2025.pdf")
    ]
    assert original == (ARTICLES / "broadcaster.md").read_bytes()  # the bytes as they were
