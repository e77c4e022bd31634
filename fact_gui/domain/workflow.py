"""The article workflow: states, allowed transitions, and who may do what."""

from __future__ import annotations

from enum import StrEnum

from fact_gui.domain.errors import FactGuiError


class State(StrEnum):
    """Where an article is in its review."""

    NEW = "new"
    ANNOTATING = "annotating"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"

    @property
    def label(self) -> str:
        return {"new": "New", "annotating": "Annotating", "submitted": "Submitted",
                "signed_off": "Signed off"}[self.value]  # fmt: skip


class Action(StrEnum):
    """Things people do to an article's state."""

    ANNOTATE = "annotate"  # the first claim is made
    SUBMIT = "submit"
    RETURN = "return"  # the reviewer sends it back with comments
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"  # after a sign-off, with a reason


class WorkflowError(FactGuiError):
    """A transition or an edit the workflow does not allow; the message says why."""


# (from, action) -> to
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.NEW, Action.ANNOTATE): State.ANNOTATING,
    (State.ANNOTATING, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.RETURN): State.ANNOTATING,
    (State.SUBMITTED, Action.SIGN_OFF): State.SIGNED_OFF,
    (State.SIGNED_OFF, Action.REOPEN): State.ANNOTATING,
}

_WHY_NOT = {
    Action.SUBMIT: "only an article being annotated can be submitted",
    Action.RETURN: "only a submitted article can be returned",
    Action.SIGN_OFF: "only a submitted article can be signed off",
    Action.REOPEN: "only a signed-off article can be reopened",
    Action.ANNOTATE: "claims can be made only on a new or annotating article",
}


def transition(state: State, action: Action) -> State:
    """The state after ``action``, or WorkflowError saying why it is refused."""
    to = TRANSITIONS.get((state, action))
    if to is None:
        raise WorkflowError(f"cannot {action.value.replace('_', ' ')}: {_WHY_NOT[action]} "
                            f"(this one is {state.label.lower()})")  # fmt: skip
    return to


def check_editable(state: State) -> None:
    """Claims change only while an article is new or being annotated."""
    if state is State.SUBMITTED:
        raise WorkflowError(
            "the article is submitted for review: it cannot change until the reviewer returns it"
        )
    if state is State.SIGNED_OFF:
        raise WorkflowError(
            "the article is signed off and locked: reopen it (with a reason) to change it"
        )


class Review(StrEnum):
    """A reviewer's verdict on one claim."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    QUERIED = "queried"
