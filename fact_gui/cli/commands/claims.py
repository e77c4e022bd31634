"""``fact-gui claim add|retag|note|rm|show|list``: claims from scripts, with the window's rules."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_OK, add_common, with_desk
from fact_gui.cli.output import add_if_version, add_json, claim_line, claim_object, emit

if TYPE_CHECKING:
    from collections.abc import Callable

    from fact_gui.services.changes import ChangeSet
    from fact_gui.services.context import Desk

    Body = Callable[[Desk, argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    claim = sub.add_parser(
        "claim",
        help="add, retag, annotate, remove and show claims (same rules, locks and audit as the "
        "window)",
        description="Each command prints the claim as it is afterwards: "
        "id, row version (rN), tag, review, article, quote (or one JSON object with --json). "
        "Pass the row version you read as --if-version N so a claim someone changed meanwhile "
        "is not overwritten: the command is then refused and names who changed it and when.",
    )
    add_common(claim)
    verbs = claim.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(
        name: str, help_: str, body: Body, *, versioned: bool = True
    ) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_)
        add_common(p)
        add_json(p)
        if versioned:
            add_if_version(p, "claim")
        p.set_defaults(run=with_desk(body))
        return p

    add = verb("add", "tag text[START:END] of an article (code points)", _add, versioned=False)
    add.add_argument("article", type=int, metavar="ARTICLE")
    add.add_argument("start", type=int, metavar="START")
    add.add_argument("end", type=int, metavar="END")
    add.add_argument("tag", metavar="TAG", help="confirmed, disputed or single_source")
    add.add_argument("--note", default="", metavar="TEXT")
    retag = verb("retag", "give a claim another tag", _retag)
    retag.add_argument("id", type=int, metavar="ID")
    retag.add_argument("tag", metavar="TAG", help="confirmed, disputed or single_source")
    note = verb("note", "replace a claim's note", _note)
    note.add_argument("id", type=int, metavar="ID")
    note.add_argument("text", metavar="TEXT")
    rm = verb("rm", "remove a claim (kept in the audit trail; restorable)", _rm)
    rm.add_argument("id", type=int, metavar="ID")
    show = verb("show", "print a claim as it is now, with its row version", _show, versioned=False)
    show.add_argument("id", type=int, metavar="ID")
    listing = verb("list", "print an article's claims in text order", _list, versioned=False)
    listing.add_argument("article", type=int, metavar="ARTICLE")


def _tag(value: str) -> str:
    from fact_gui.domain.errors import FactGuiError
    from fact_gui.domain.tags import Tag

    try:
        return Tag.parse(value).value
    except ValueError as exc:
        raise FactGuiError(str(exc)) from None


def _done(desk: Desk, args: argparse.Namespace, action: str, claim_id: int, cs: ChangeSet) -> int:
    """Print the claim as the change left it (as it is now, where nothing changed)."""
    from fact_gui.services import claims

    rows = cs.upserted or cs.removed
    if rows and cs.article_id is not None:
        article_id, row, removed = cs.article_id, rows[0], bool(cs.removed)
    else:
        now = claims.current(desk, claim_id)
        article_id, row, removed = now.article_id, now.row, now.removed
    emit(
        args,
        {"action": action, "changed": not cs.empty,
         "claim": claim_object(article_id, row, removed)},
        claim_line(article_id, row, removed),
    )  # fmt: skip
    return EXIT_OK


def _add(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import claims

    cs = claims.create(desk, args.article, args.start, args.end, _tag(args.tag), note=args.note)
    return _done(desk, args, "claim.create", cs.upserted[0].id, cs)


def _retag(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import claims

    cs = claims.retag(desk, args.id, _tag(args.tag), if_version=args.if_version)
    return _done(desk, args, "claim.retag", args.id, cs)


def _note(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import claims

    cs = claims.set_note(desk, args.id, args.text, if_version=args.if_version)
    return _done(desk, args, "claim.note", args.id, cs)


def _rm(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import claims

    cs = claims.delete(desk, args.id, if_version=args.if_version)
    return _done(desk, args, "claim.delete", args.id, cs)


def _show(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import claims

    now = claims.current(desk, args.id)
    emit(args, {"claim": claim_object(now.article_id, now.row, now.removed)},
         claim_line(now.article_id, now.row, now.removed))  # fmt: skip
    return EXIT_OK


def _list(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import articles

    _text, rows = articles.text_and_claims(desk, args.article)
    for row in rows:
        emit(args, {"claim": claim_object(args.article, row)}, claim_line(args.article, row))
    return EXIT_OK
