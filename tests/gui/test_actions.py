"""Actions by id, enabled from the workflow policy in every state and mode, saying why when not."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Do, Mode, Review, State, why_not
from fact_gui.services import claims, review, signoffs
from tests.conftest import SEEDS
from tests.gui.helpers import import_files, press, select, settle


def to_state(window, state: State) -> None:
    desk, aid = window.desk, window.selection.article_id
    made = []
    if state is not State.NEW:
        for start, tag in ((0, Tag.CONFIRMED), (10, Tag.DISPUTED)):
            made.append(claims.create(desk, aid, start, start + 4, tag).upserted[0].id)
    if state in (State.SUBMITTED, State.SIGNED_OFF):
        review.submit(desk, aid)
        review.query(desk, made[0], "Which source?")
    if state is State.SIGNED_OFF:
        for cid in made:
            review.accept(desk, cid)
        signoffs.sign_off(desk, aid, "", allow_self_review=True)
    window.selection.open(aid)
    settle(window)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("on_queried_claim", [False, True])
def test_every_action_is_enabled_exactly_when_the_policy_allows(
    window, state: State, mode: Mode, on_queried_claim: bool
) -> None:
    import_files(window, [str(SEEDS[1])])
    to_state(window, state)
    assert window.selection.article.state is state
    window.registry["review.mode"].setChecked(mode is Mode.REVIEW)
    rows = window.selection.article.claims.rows()
    if rows:
        queried = [c for c in rows if c.review == Review.QUERIED.value]
        window.selection.set_claim((queried or rows)[0] if on_queried_claim else rows[-1])
    settle(window)
    situation = window.registry.situation()
    assert situation is not None and situation.mode is mode
    checked = 0
    for action_id in window.registry.ids():
        do = window.registry.policy(action_id)
        if do is None:
            continue
        act = window.registry[action_id]
        # Sign-off readiness (every claim accepted) is said when it is pressed.
        reason = why_not(do, replace(situation, unaccepted=0))
        assert act.isEnabled() == (reason is None), (action_id, reason)
        if reason is not None:
            assert reason[0].upper() + reason[1:] in act.toolTip() and act.statusTip()
        checked += 1
    assert checked >= 12


def test_reply_is_not_offered_on_a_new_article(window) -> None:
    """The old window enabled Reply in state New; the services refuse it there."""
    import_files(window, [str(SEEDS[1])])
    assert window.selection.article.state is State.NEW
    act = window.registry["article.reply"]
    assert not act.isEnabled() and "query" in act.toolTip()


def test_undo_and_redo_follow_the_stack(window) -> None:
    import_files(window, [str(SEEDS[1])])
    undo, redo = window.registry["edit.undo"], window.registry["edit.redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    press(window, "1")
    assert undo.isEnabled() and not redo.isEnabled()
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not undo.isEnabled() and redo.isEnabled()


def test_ids_menus_and_keys(window) -> None:
    registry = window.registry
    ids = registry.ids()
    assert len(ids) == len(set(ids)) >= 30
    assert all("." in i for i in ids)
    placed = {
        a for m in ("File", "Edit", "Claim", "Article", "Review", "View") for a in registry.menu(m)
    }
    # Every action is reachable from a menu (the toolbar and keys are shortcuts to them).
    assert {registry[i] for i in ids} <= placed | {None}
    keys = [s.toString() for i in ids for s in registry[i].shortcuts()]
    clashes = {k for k in keys if keys.count(k) > 1}
    assert not clashes, clashes
    assert registry["claim.remove"].shortcuts()[0] == QKeySequence("Del")
    assert registry.policy("claim.tag.confirmed") is Do.EDIT_CLAIMS
