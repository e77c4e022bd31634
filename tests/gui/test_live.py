"""Changes that happen (another person, another window) update the window in place; changes the user makes take them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat

from fact_gui.domain.tags import Tag
from fact_gui.services import claims
from fact_gui.services.changes import Origin
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.gui.helpers import import_files, open_article, press, select, settle


def where_the_user_is(window) -> tuple[object, ...]:
    view = window.panels.article.view
    cur = view.textCursor()
    row = window.panels.claims.view.selectionModel().currentIndex().row()
    # The scroll as the reader sees it: the text at the top of the pane. (The scroll bar's
    # value counts lines, and Qt re-counts those of a paragraph whose formats change.)
    top = view.cursorForPosition(QPoint(0, 0)).position()
    return (
        window.selection.article_id,
        view.selected_span(),
        (cur.anchor(), cur.position()),
        top,
        window.selection.claim.id if window.selection.claim else None,
        window.panels.claims.model.claim(row).id if row >= 0 else None,
    )


@pytest.fixture
def other(db_path: Path):
    """Another person on the same database."""
    d = Desk.open(str(db_path), "rita")
    yield d
    d.close()


@pytest.mark.parametrize("origin", [Origin.REMOTE, Origin.WINDOW])
def test_someone_elses_changes_update_in_place(window, other, origin: Origin) -> None:
    window.resize(1024, 700)  # room to scroll
    import_files(window, [str(p) for p in SEEDS])
    a = window.selection.article_id
    b = next(r.id for r in (window.panels.library.model.article(i) for i in range(2)) if r.id != a)
    view = window.panels.article.view
    text = view.text
    mine = []
    for phrase in ("John Kirby", "Pat Ryder", "Matthew Miller"):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, "1")
        mine.append(window.selection.claim)
    # The reader: a selection inside the second claim (so it is current), scrolled down a bit.
    s = text.index("Pat Ryder")
    select(window, s + 1, s + 5)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    settle(window)
    before = where_the_user_is(window)
    assert before[4] == mine[1].id and before[3] != 0  # scrolled, and on a claim

    new_at = text.index("North Korea")
    changes = [
        claims.create(other, a, new_at, new_at + len("North Korea"), Tag.DISPUTED),
        claims.retag(other, mine[1].id, Tag.SINGLE_SOURCE),  # the claim the user is on
        claims.delete(other, mine[2].id),
        claims.create(other, b, 0, 5, Tag.CONFIRMED),  # another article
    ]
    for cs in changes:
        window.bus.publish(cs.from_(origin))
    settle(window)

    assert where_the_user_is(window) == before  # nothing moved, not even the table's row
    fmt = view.format_at
    assert fmt(new_at).underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fmt(s).underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert fmt(text.index("Matthew Miller")).background().style() == Qt.BrushStyle.NoBrush
    counts = {r.id: r.counts for r in (window.panels.library.model.article(i) for i in range(2))}
    assert counts[a] == {Tag.CONFIRMED: 1, Tag.DISPUTED: 1, Tag.SINGLE_SOURCE: 1}
    assert counts[b] == {Tag.CONFIRMED: 1, Tag.DISPUTED: 0, Tag.SINGLE_SOURCE: 0}
    assert [window.panels.claims.legend[t].text() for t in Tag] == [
        "Confirmed  1", "Disputed  1", "Single source  1"]  # fmt: skip
    assert window.panels.claims.model.total() == 3


def test_a_change_of_my_own_elsewhere_takes_me_there(window) -> None:
    import_files(window, [str(p) for p in SEEDS])
    a = window.selection.article_id
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    press(window, "2")
    b = next(window.panels.library.model.article(i).id for i in range(2)
             if window.panels.library.model.article(i).id != a)  # fmt: skip
    open_article(window, b)
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the tag in a
    assert window.selection.article_id == a
    assert window.panels.claims.model.total() == 0


def test_a_remote_change_to_another_article_never_moves_the_reader(window, other) -> None:
    import_files(window, [str(p) for p in SEEDS])
    a = window.selection.article_id
    b = next(window.panels.library.model.article(i).id for i in range(2)
             if window.panels.library.model.article(i).id != a)  # fmt: skip
    for origin in Origin:
        if origin.local:
            continue
        cs = claims.create(other, b, 0, 3 + len(origin.value), Tag.CONFIRMED)
        window.bus.publish(cs.from_(origin))
        settle(window)
        assert window.selection.article_id == a


def test_a_listener_thread_hands_changes_to_the_gui_thread(window, other) -> None:
    """What a team desk's listener will do: publish from its own thread."""
    import threading

    import_files(window, [str(SEEDS[1])])
    a = window.selection.article_id
    cs = claims.create(other, a, 0, 3, Tag.CONFIRMED)
    seen: list[str] = []
    window.bus.changed.connect(lambda _cs: seen.append(threading.current_thread().name))
    listener = threading.Thread(
        target=lambda: window.bus.publish_from_thread(cs.from_(Origin.REMOTE)), name="listener"
    )
    listener.start()
    listener.join()
    settle(window)
    assert seen == [threading.main_thread().name]
    assert window.panels.claims.model.total() == 1
