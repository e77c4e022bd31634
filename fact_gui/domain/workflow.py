"""The article workflow: states, transitions, and the one answer to "may this be done now?"."""

from __future__ import annotations

from dataclasses import dataclass
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


class Review(StrEnum):
    """A reviewer's verdict on one claim."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    QUERIED = "queried"


class Role(StrEnum):
    """What a person may do on a desk; on a team database, a database group role."""

    ANALYST = "analyst"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# A local (SQLite) desk has one person wearing every hat.
EVERY_ROLE: frozenset[Role] = frozenset(Role)


class Mode(StrEnum):
    """What the window is set up for; scripts have no mode."""

    ANNOTATE = "annotate"
    REVIEW = "review"


class Do(StrEnum):
    """Everything a person can do to an article or its claims, as the policy knows it."""

    EDIT_CLAIMS = "edit_claims"  # tag, retag, note, remove, restore (and their undo/redo)
    EDIT_PROPERTIES = "edit_properties"  # title, outlet, author, URL, date
    SUBMIT = "submit"
    ACCEPT = "accept"
    QUERY = "query"
    REPLY = "reply"
    RETURN = "return"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"
    MANAGE_DESK = "manage_desk"  # add people, register others' signing keys, set desk rules
    IMPORT = "import"  # add articles (and new versions, with their claims carried)


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


@dataclass(frozen=True)
class Situation:
    """The facts a decision depends on.

    ``mode`` None means a script (the command line, a service called directly): no
    window mode applies. ``claim_review`` is the verdict on the claim an action is
    about, where it is about one. ``unaccepted`` counts live claims without an
    accepted verdict.
    """

    state: State
    roles: frozenset[Role] = EVERY_ROLE
    mode: Mode | None = None
    claims: int = 0
    unaccepted: int = 0
    claim_review: Review | None = None


_LOCKED = {
    State.SUBMITTED: "the article is submitted for review: it cannot change until the "
    "reviewer returns it",
    State.SIGNED_OFF: "the article is signed off and locked: reopen it (with a reason) to "
    "change it",
}

# Who may do what (any one of the roles suffices).
_ROLES: dict[Do, frozenset[Role]] = {
    Do.EDIT_CLAIMS: frozenset({Role.ANALYST, Role.ADMIN}),
    Do.EDIT_PROPERTIES: frozenset({Role.ANALYST, Role.ADMIN}),
    Do.SUBMIT: frozenset({Role.ANALYST, Role.ADMIN}),
    Do.REPLY: frozenset({Role.ANALYST, Role.ADMIN}),
    Do.ACCEPT: frozenset({Role.REVIEWER}),
    Do.QUERY: frozenset({Role.REVIEWER}),
    Do.RETURN: frozenset({Role.REVIEWER}),
    Do.SIGN_OFF: frozenset({Role.REVIEWER}),
    Do.REOPEN: frozenset({Role.REVIEWER, Role.ADMIN}),
    Do.MANAGE_DESK: frozenset({Role.ADMIN}),
    Do.IMPORT: frozenset({Role.ANALYST, Role.ADMIN}),
}

# The window mode an action belongs to (the other mode hides or disables it).
_MODE: dict[Do, Mode] = {
    Do.EDIT_CLAIMS: Mode.ANNOTATE,
    Do.SUBMIT: Mode.ANNOTATE,
    Do.REPLY: Mode.ANNOTATE,
    Do.ACCEPT: Mode.REVIEW,
    Do.QUERY: Mode.REVIEW,
    Do.RETURN: Mode.REVIEW,
    Do.SIGN_OFF: Mode.REVIEW,
}

_WHAT = {
    Do.EDIT_CLAIMS: "change claims",
    Do.EDIT_PROPERTIES: "edit the article's properties",
    Do.SUBMIT: "submit",
    Do.ACCEPT: "accept claims",
    Do.QUERY: "query claims",
    Do.REPLY: "reply to queries",
    Do.RETURN: "return articles",
    Do.SIGN_OFF: "sign off",
    Do.REOPEN: "reopen",
    Do.MANAGE_DESK: "manage the desk (people, keys, rules)",
    Do.IMPORT: "import articles",
}


def why_not(do: Do, s: Situation) -> str | None:
    """None if ``do`` is allowed in situation ``s``, else the reason in words.

    The one place these rules live: services enforce them (``check``), the window
    enables its actions from them and shows the reason as a tooltip.
    """
    if not s.roles & _ROLES[do]:
        held = ", ".join(sorted(r.value for r in s.roles)) or "no role"
        return f"you cannot {_WHAT[do]}: your role ({held}) does not allow it"
    wanted = _MODE.get(do)
    if s.mode is not None and wanted is not None and s.mode is not wanted:
        return f"switch to {wanted.value} mode to {_WHAT[do]}"
    if do in (Do.MANAGE_DESK, Do.IMPORT):
        return None  # not about an existing article: the role is the whole rule
    st = s.state
    if do in (Do.EDIT_CLAIMS, Do.EDIT_PROPERTIES):
        return _LOCKED.get(st)
    if do is Do.SUBMIT:
        if st is State.NEW:
            return "cannot submit: the article has no claims yet"
        if st is not State.ANNOTATING:
            return (
                "cannot submit: only an article being annotated can be submitted "
                f"(this one is {st.label.lower()})"
            )
        if s.claims == 0:
            return "cannot submit: the article has no claims"
        return None
    if do in (Do.ACCEPT, Do.QUERY):
        if st is not State.SUBMITTED:
            return "claims are reviewed only while their article is submitted"
        return None
    if do is Do.REPLY:
        if st not in (State.ANNOTATING, State.SUBMITTED):
            return _LOCKED.get(st) or "there is no query to reply to on a new article"
        if s.claim_review is not Review.QUERIED:
            return "there is no open query on this claim to reply to"
        return None
    if do is Do.RETURN:
        return None if st is State.SUBMITTED else "only a submitted article can be returned"
    if do is Do.SIGN_OFF:
        if st is not State.SUBMITTED:
            return "only a submitted article can be signed off"
        if s.unaccepted:
            return (
                f"cannot sign off: {s.unaccepted} of {s.claims} claims are not accepted "
                "(accept them, or return the article)"
            )
        return None
    if do is Do.REOPEN:
        return None if st is State.SIGNED_OFF else "only a signed-off article can be reopened"
    raise AssertionError(f"no rule for {do}")  # pragma: no cover - every Do has a rule


def allowed(do: Do, s: Situation) -> bool:
    return why_not(do, s) is None


def check(do: Do, s: Situation) -> None:
    """Raise WorkflowError with the reason unless ``do`` is allowed."""
    reason = why_not(do, s)
    if reason is not None:
        raise WorkflowError(reason)
