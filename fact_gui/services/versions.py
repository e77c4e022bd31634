"""Article versions: a new text of a known URL or file, claims carried to it, listing and diffs.

The same URL (or the same file path) imported with a different text is a new
version of that article: a new ``article`` row in the same lineage, so every
claim offset, sign-off and export stays tied to the exact text it was made on.
The claims of the newest version are carried to the new text where their quote
is still there (``domain.anchoring``); the others are reported, never dropped
silently (the old version keeps them all).
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from fact_gui.domain.anchoring import Placed, Unplaced, relocate
from fact_gui.domain.diff import Diff, Hunk, diff, hunks, same_words
from fact_gui.domain.errors import FactGuiError, NotFound
from fact_gui.domain.workflow import Action, Do, Situation, State, transition, why_not
from fact_gui.services.audit import event
from fact_gui.services.context import Desk
from fact_gui.store import reads
from fact_gui.store.models import AuditEvent
from fact_gui.store.reads import ARTICLE, CLAIM, A, C
from fact_gui.store.types import utcnow

# SQLModel's classes do not declare __table__ to type checkers; it is there at run time.
_AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]
_E = _AUDIT.c


@dataclass(frozen=True)
class Predecessor:
    """The newest version of the article a new text follows, and why it is the same article."""

    id: int
    lineage_id: int
    version: int
    title: str
    why: str  # "same URL" or "same file"


@dataclass(frozen=True)
class CarriedClaim:
    """A claim of the previous version placed on the new text."""

    from_id: int
    to_id: int
    method: str  # exact, context, words, fuzzy (see domain.anchoring.Method)
    quote: str  # the new text's slice
    changed: bool  # the quote differs from the old one (spacing, case, spelling)


@dataclass(frozen=True)
class UnplacedClaim:
    """A claim of the previous version that could not be placed, and why."""

    claim_id: int
    tag: str
    quote: str
    reason: str
    # The passage that now stands where it was, when one resembles it.
    candidate: tuple[int, int] | None = None
    candidate_quote: str = ""
    figure_changed: bool = False


@dataclass(frozen=True)
class NewVersion:
    """What importing a new version did (what the person importing must be told)."""

    lineage_id: int
    version: int
    previous_id: int
    why: str
    carried: tuple[CarriedClaim, ...] = ()
    unplaced: tuple[UnplacedClaim, ...] = ()

    def describe(self) -> str:
        """``version 2 of article 1, same URL: 3 claims carried, 1 could not be placed``."""
        n = len(self.carried)
        text = f"version {self.version} of article {self.lineage_id}, {self.why}: "
        text += f"{n} claim{'' if n == 1 else 's'} carried"
        changed = sum(c.changed for c in self.carried)
        if changed:
            text += f" ({changed} with a changed quote)"
        if self.unplaced:
            text += f", {len(self.unplaced)} could not be placed"
        return text


@dataclass(frozen=True)
class VersionRow:
    """One version of an article, as the versions list shows it."""

    id: int
    version: int
    lineage_id: int
    imported_at: str
    imported_by: str
    title: str
    state: str
    claims: int
    text_sha256: str
    url: str
    source: str


@dataclass(frozen=True)
class Comparison:
    """Two versions of an article and the word diff between them."""

    old: VersionRow
    new: VersionRow
    old_text: str
    new_text: str
    diff: Diff

    def hunks(self, context: int = 8) -> list[Hunk]:
        return hunks(self.diff, self.old_text, self.new_text, context)


def file_key(kind: str, source: str, folders: dict[str, str | None] | None = None) -> str:
    """How a file source is stored and recognised again: its absolute, resolved path.

    ``Path.resolve()``, spelled as it works (every import asks, and pathlib's objects
    cost more than the look-ups): the real path, unless it is a symlink loop. A batch
    passes ``folders`` (its folders' real paths, filled here): a file that is not a
    link is its folder's real path and its name, so each folder is resolved once.
    """
    if kind != "file":
        return source
    if folders is not None:
        folder, name = os.path.split(source)
        if folder not in folders:
            real = _real_path(folder)
            folders[folder] = real if real == os.path.realpath(folder) else None
        real_folder = folders[folder]
        if real_folder is not None and name not in ("", ".", ".."):
            key = os.path.join(real_folder, name)
            if not os.path.islink(key):
                return key
    return _real_path(source)


def _real_path(path: str) -> str:
    key = os.path.realpath(path)
    try:
        os.stat(key)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symlink loop: the path as written, made absolute
            return os.path.abspath(path)
    return key


def predecessor(s: Connection, url: str, source: str) -> Predecessor | None:
    """The newest version of the article with this URL, else of the one from this file path.

    ``source`` is a ``file_key`` ("" for links and pastes, which only match by URL).
    """
    for why, cond in (
        ("same URL", A.url == url if url else None),
        ("same file", (A.source == source) & (A.source_kind == "file") if source else None),
    ):
        if cond is None:
            continue
        hit = s.execute(
            select(A.id, A.lineage_id).where(cond).order_by(A.id.desc()).limit(1)
        ).first()
        if hit is None:
            continue
        lineage = hit.lineage_id if hit.lineage_id is not None else hit.id
        newest = s.execute(
            select(A.id, A.version, A.title)
            .where(A.lineage_id == lineage)
            .order_by(A.version.desc())
            .limit(1)
        ).first()
        if newest is None:  # a row without a lineage (never written by fact_gui)
            return Predecessor(hit.id, lineage, 1, "", why)
        return Predecessor(newest.id, lineage, newest.version, newest.title, why)
    return None


def unchanged_words(s: Connection, previous: Predecessor, text: str) -> bool:
    """The new text has the previous version's words; only spacing or line breaks differ."""
    old = s.execute(select(A.text).where(A.id == previous.id)).scalar_one()
    return same_words(old, text)


def attach(
    s: Connection,
    desk: Desk,
    article_id: int,
    text: str,
    previous: Predecessor | None,
    events: list[dict[str, Any]],
) -> NewVersion | None:
    """Give a just-inserted article its place in a lineage; carry claims to a new version.

    A first version starts its own lineage. A new version follows ``previous`` (the
    newest): the claims that can be placed are copied onto it (same tag and note, made
    by the importer; review pending), each with a ``claim.carry`` audit event appended to
    ``events`` (the import writes them with its own), and it starts as annotating if
    any were. Runs inside the import's transaction; the unique (lineage, version)
    index refuses a concurrent second "version n".
    """
    if previous is None:
        s.execute(
            update(ARTICLE).where(A.id == article_id).values(lineage_id=article_id, version=1)
        )
        return None
    version = previous.version + 1
    carried, unplaced = _carry(s, desk, article_id, text, previous, events)
    values: dict[str, Any] = {"lineage_id": previous.lineage_id, "version": version}
    if carried:
        values["state"] = transition(State.NEW, Action.ANNOTATE).value
    s.execute(update(ARTICLE).where(A.id == article_id).values(**values))
    events.append(
        event(
            desk.user, "article.version", article_id=article_id,
            before={"article": previous.id, "version": previous.version},
            after={"lineage": previous.lineage_id, "version": version, "why": previous.why,
                   "carried": len(carried), "unplaced": [_unplaced_entry(u) for u in unplaced]},
        )
    )  # fmt: skip
    return NewVersion(previous.lineage_id, version, previous.id, previous.why, carried, unplaced)


def _unplaced_entry(u: UnplacedClaim) -> dict[str, Any]:
    """What the audit keeps of a claim not carried: enough to list it later as it was told."""
    return {"claim": u.claim_id, "reason": u.reason, "tag": u.tag, "quote": u.quote,
            "candidate": list(u.candidate) if u.candidate else None,
            "candidate_quote": u.candidate_quote, "figure_changed": u.figure_changed}  # fmt: skip


def _carry(
    s: Connection,
    desk: Desk,
    article_id: int,
    text: str,
    previous: Predecessor,
    events: list[dict[str, Any]],
) -> tuple[tuple[CarriedClaim, ...], tuple[UnplacedClaim, ...]]:
    old_text = s.execute(select(A.text).where(A.id == previous.id)).scalar_one()
    rows = s.execute(
        select(C.id, C.start_offset, C.end_offset, C.tag, C.note, C.analyst)
        .where(C.article_id == previous.id, C.deleted_at.is_(None))
        .order_by(C.start_offset, C.end_offset, C.id)
    ).all()
    if not rows:
        return (), ()
    # Carrying is making claims on the new version: the policy decides who may.
    refused = why_not(Do.EDIT_CLAIMS, Situation(State.NEW, roles=desk.roles))
    if refused is not None:
        return (), tuple(
            UnplacedClaim(r.id, r.tag, old_text[r.start_offset : r.end_offset], refused)
            for r in rows
        )
    placements = relocate(old_text, text, [(r.start_offset, r.end_offset) for r in rows])
    now = utcnow()
    made: list[tuple[Any, Placed]] = []
    unplaced = []
    for r, p in zip(rows, placements, strict=True):
        if isinstance(p, Placed):
            made.append((r, p))
        else:
            why = UnplacedClaim(r.id, r.tag, old_text[r.start_offset : r.end_offset], p.reason,
                                p.candidate, p.candidate_quote, p.figure_changed)  # fmt: skip
            unplaced.append(why)
    if not made:
        return (), tuple(unplaced)
    # Core, not one ORM object per claim: an article can have ten thousand claims. The
    # carried claims are made by whoever imports the new version (on a team desk the
    # database records its login as their analyst); the carry event names the original's.
    new_ids = s.execute(
        insert(CLAIM).returning(C.id, sort_by_parameter_order=True),
        [{"article_id": article_id, "start_offset": p.start, "end_offset": p.end, "tag": r.tag,
          "quote": p.quote, "note": r.note, "analyst": desk.user, "created_at": now,
          "updated_at": now, "updated_by": desk.user} for r, p in made],
    ).scalars().all()  # fmt: skip
    carried = []
    for (r, p), new_id in zip(made, new_ids, strict=True):
        old_quote = old_text[r.start_offset : r.end_offset]
        before = {"claim": r.id, "article": previous.id, "start": r.start_offset,
                  "end": r.end_offset, "quote": old_quote, "analyst": r.analyst}  # fmt: skip
        # The new claim as claim events record it (services.claims.snapshot), and how it
        # was placed.
        after = {"start": p.start, "end": p.end, "tag": r.tag, "quote": p.quote, "note": r.note,
                 "analyst": desk.user, "review": "pending", "reviewed_by": None,
                 "removed": False, "row_version": 1, "method": p.method.value,
                 "score": p.score}  # fmt: skip
        events.append(
            event(desk.user, "claim.carry", article_id=article_id, claim_id=new_id,
                  before=before, after=after)
        )  # fmt: skip
        carried.append(CarriedClaim(r.id, new_id, p.method.value, p.quote, p.quote != old_quote))
    return tuple(carried), tuple(unplaced)


def _lineage(conn: Any, article_id: int) -> int:
    lineage = reads.lineage_of(conn, article_id)
    if lineage is None:
        raise NotFound(f"article {article_id} does not exist")
    return int(lineage)


def versions(desk: Desk, article_id: int) -> list[VersionRow]:
    """Every version of the article ``article_id`` is one of, oldest first."""
    with desk.engine.connect() as conn:
        rows = reads.version_rows(conn, _lineage(conn, article_id))
    return [VersionRow(**{**r._asdict(), "claims": int(r.claims)}) for r in rows]


def compare(
    desk: Desk, article_id: int, old: int | None = None, new: int | None = None
) -> Comparison:
    """The word diff between two versions (numbers) of an article; by default the two newest."""
    rows = versions(desk, article_id)
    by_number = {r.version: r for r in rows}
    if (old is None) != (new is None):
        raise FactGuiError("name both versions to compare, or neither (the two newest)")
    if old is None or new is None:
        if len(rows) < 2:
            raise FactGuiError(
                f"article {article_id} has only one version: there is nothing to compare"
            )
        a, b = rows[-2], rows[-1]
    else:
        for n in (old, new):
            if n not in by_number:
                raise NotFound(
                    f"article {article_id} has no version {n} (it has {_numbers(list(by_number))})"
                )
        a, b = by_number[old], by_number[new]
    with desk.engine.connect() as conn:
        old_text = reads.article_text(conn, a.id) or ""
        new_text = reads.article_text(conn, b.id) or ""
    return Comparison(a, b, old_text, new_text, diff(old_text, new_text))


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"version {numbers[0]} only"
    return f"versions {min(numbers)}-{max(numbers)}"


@dataclass(frozen=True)
class NotCarried:
    """A claim of the previous version that is not on this one: what it was, why, where to look."""

    claim_id: int  # the claim, on the previous version
    previous_id: int  # the previous version's article id
    tag: str
    quote: str  # the previous version's words
    reason: str
    # The passage of this version that resembles it, if one does.
    candidate: tuple[int, int] | None
    candidate_quote: str
    figure_changed: bool
    # Where to look in this version: the candidate, else where the claim's place went.
    near: int


def _version_event(conn: Connection, article_id: int) -> Any:
    """The ``article.version`` event of a version (None for a first version)."""
    return conn.execute(
        select(_E.before, _E.after)
        .where(_E.article_id == article_id, _E.action == "article.version")
        .order_by(_E.id.desc())
        .limit(1)
    ).first()


def count_not_carried(desk: Desk, article_id: int) -> int:
    """How many claims of the previous version could not be carried to this one (no texts read)."""
    with desk.engine.connect() as conn:
        found = _version_event(conn, article_id)
    return len(json.loads(found.after or "{}").get("unplaced") or []) if found else 0


def _candidate(
    entry: dict[str, Any], again: Placed | Unplaced | None
) -> tuple[tuple[int, int] | None, str, bool]:
    """The candidate passage, its words and whether a figure changed: recorded, or found again."""
    if "candidate" in entry:
        span = entry["candidate"]
        candidate = (int(span[0]), int(span[1])) if span else None
        return candidate, str(entry.get("candidate_quote", "")), bool(entry.get("figure_changed"))
    if isinstance(again, Unplaced):
        return again.candidate, again.candidate_quote, again.figure_changed
    return None, "", False


def not_carried(desk: Desk, article_id: int) -> list[NotCarried]:
    """The claims of the previous version that could not be carried to version ``article_id``.

    As its import told them (the ``article.version`` audit event), in the previous
    text's order; none for a first version. Events written before the details were
    recorded (claim and reason only) are completed from the claims and both texts.
    """
    with desk.engine.connect() as conn:
        _lineage(conn, article_id)
        found = _version_event(conn, article_id)
        if found is None:
            return []
        entries = json.loads(found.after or "{}").get("unplaced") or []
        if not entries:
            return []
        previous = int(json.loads(found.before or "{}")["article"])
        ids = [int(e["claim"]) for e in entries]
        claim_rows = conn.execute(
            select(C.id, C.start_offset, C.end_offset, C.tag).where(C.id.in_(ids))
        ).all()
        old_text = reads.article_text(conn, previous) or ""
        new_text = reads.article_text(conn, article_id) or ""
    spans = {r.id: (r.start_offset, r.end_offset) for r in claim_rows}
    tags = {r.id: r.tag for r in claim_rows}
    # Events of before the details were recorded: find the candidates again (same texts).
    older = [i for i, e in zip(ids, entries, strict=True) if "candidate" not in e and i in spans]
    again = (
        dict(zip(older, relocate(old_text, new_text, [spans[i] for i in older]), strict=True))
        if older
        else {}
    )
    changes: Diff | None = None
    out = []
    for i, e in zip(ids, entries, strict=True):
        start, end = spans.get(i, (0, 0))
        candidate, candidate_quote, figure = _candidate(e, again.get(i))
        if candidate is not None:
            near = candidate[0]
        else:
            changes = changes or diff(old_text, new_text)
            near = changes.map_offset(start)
        out.append(
            NotCarried(i, previous, str(e.get("tag") or tags.get(i, "")),
                       str(e.get("quote") or old_text[start:end]), str(e.get("reason", "")),
                       candidate, candidate_quote, figure, near)
        )  # fmt: skip
    return sorted(out, key=lambda n: (spans.get(n.claim_id, (0, 0)), n.claim_id))
