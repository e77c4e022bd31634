"""The workflow policy: one table of who may do what, in which state and mode."""

from __future__ import annotations

import pytest

from fact_gui.domain.workflow import (
    EVERY_ROLE,
    Do,
    Mode,
    Review,
    Role,
    Situation,
    State,
    WorkflowError,
    allowed,
    check,
    why_not,
)

ANALYST = frozenset({Role.ANALYST})
REVIEWER = frozenset({Role.REVIEWER})


@pytest.mark.parametrize(
    ("do", "situation", "ok"),
    [
        (Do.EDIT_CLAIMS, Situation(State.NEW), True),
        (Do.EDIT_CLAIMS, Situation(State.ANNOTATING), True),
        (Do.EDIT_CLAIMS, Situation(State.SUBMITTED), False),
        (Do.EDIT_CLAIMS, Situation(State.SIGNED_OFF), False),
        (Do.EDIT_CLAIMS, Situation(State.ANNOTATING, roles=REVIEWER), False),
        (Do.EDIT_CLAIMS, Situation(State.ANNOTATING, mode=Mode.REVIEW), False),
        (Do.EDIT_PROPERTIES, Situation(State.SIGNED_OFF), False),
        (Do.SUBMIT, Situation(State.ANNOTATING, claims=2), True),
        (Do.SUBMIT, Situation(State.ANNOTATING, claims=0), False),
        (Do.SUBMIT, Situation(State.NEW), False),
        (Do.SUBMIT, Situation(State.SUBMITTED, claims=2), False),
        (Do.ACCEPT, Situation(State.SUBMITTED, mode=Mode.REVIEW), True),
        (Do.ACCEPT, Situation(State.SUBMITTED, mode=Mode.ANNOTATE), False),
        (Do.ACCEPT, Situation(State.SUBMITTED, roles=ANALYST), False),
        (Do.ACCEPT, Situation(State.ANNOTATING), False),
        (Do.QUERY, Situation(State.SUBMITTED, roles=REVIEWER), True),
        # Reply only where there is a query, never on a new or locked article.
        (Do.REPLY, Situation(State.ANNOTATING, claim_review=Review.QUERIED), True),
        (Do.REPLY, Situation(State.SUBMITTED, claim_review=Review.QUERIED), True),
        (Do.REPLY, Situation(State.ANNOTATING, claim_review=Review.PENDING), False),
        (Do.REPLY, Situation(State.NEW, claim_review=Review.QUERIED), False),
        (Do.REPLY, Situation(State.SIGNED_OFF, claim_review=Review.QUERIED), False),
        (Do.RETURN, Situation(State.SUBMITTED), True),
        (Do.RETURN, Situation(State.ANNOTATING), False),
        (Do.SIGN_OFF, Situation(State.SUBMITTED, claims=3, unaccepted=0), True),
        (Do.SIGN_OFF, Situation(State.SUBMITTED, claims=3, unaccepted=1), False),
        (Do.SIGN_OFF, Situation(State.SUBMITTED, roles=ANALYST), False),
        (Do.REOPEN, Situation(State.SIGNED_OFF), True),
        (Do.REOPEN, Situation(State.SUBMITTED), False),
        (Do.REOPEN, Situation(State.SIGNED_OFF, roles=ANALYST), False),
    ],
)
def test_policy_table(do: Do, situation: Situation, ok: bool) -> None:
    assert allowed(do, situation) is ok
    reason = why_not(do, situation)
    assert (reason is None) is ok
    if not ok:
        assert reason and reason[0].islower() and len(reason) > 20  # words, not a code
        with pytest.raises(WorkflowError, match=reason[:20]):
            check(do, situation)


def test_every_action_has_a_rule_for_every_state() -> None:
    for do in Do:
        for state in State:
            for mode in (None, *Mode):
                why_not(do, Situation(state, roles=EVERY_ROLE, mode=mode))


def test_reasons_name_what_to_do() -> None:
    assert "reopen" in (why_not(Do.EDIT_CLAIMS, Situation(State.SIGNED_OFF)) or "")
    assert "2 of 5" in (
        why_not(Do.SIGN_OFF, Situation(State.SUBMITTED, claims=5, unaccepted=2)) or ""
    )
    assert "review mode" in (
        why_not(Do.ACCEPT, Situation(State.SUBMITTED, mode=Mode.ANNOTATE)) or ""
    )
