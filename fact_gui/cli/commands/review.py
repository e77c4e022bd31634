"""``fact-gui review submit|accept|query|reply|return|sign-off|reopen|status``: review by script."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_OK, add_common, with_desk
from fact_gui.cli.output import (
    add_if_version,
    add_json,
    article_line,
    article_object,
    claim_line,
    claim_object,
    emit,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from fact_gui.services.changes import ChangeSet
    from fact_gui.services.context import Desk

    Body = Callable[[Desk, argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rev = sub.add_parser(
        "review",
        help="submit, review, return, sign off and reopen articles (same rules as the window)",
        description="Article commands print the article afterwards (id, row version rN, state, "
        "who, when); claim commands print the claim (id, row version rN, tag, review, article, "
        "quote); --json prints one JSON object instead. --if-version N names the row version "
        "you read (the article's, or the claim's): a change to something that moved meanwhile "
        "is refused, saying who changed it and when.",
    )
    add_common(rev)
    verbs = rev.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, help_: str, body: Body, target: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_)
        add_common(p)
        add_json(p)
        p.add_argument("id", type=int, metavar=target.upper())
        if name != "status":
            add_if_version(p, target)
        p.set_defaults(run=with_desk(body))
        return p

    verb("submit", "hand an article to review (analyst)", _submit, "article")
    verb("accept", "accept a claim of a submitted article (reviewer)", _accept, "claim")
    verb("query", "query a claim, saying what to check (reviewer)", _query, "claim").add_argument(
        "comment", metavar="COMMENT"
    )
    verb("reply", "answer a query on a claim (analyst)", _reply, "claim").add_argument(
        "text", metavar="TEXT"
    )
    verb("return", "send an article back to the analyst (reviewer)", _return, "article")\
        .add_argument("comment", metavar="COMMENT")  # fmt: skip
    sign = verb("sign-off", "sign off a submitted article (reviewer)", _sign_off, "article")
    sign.add_argument("--comment", default="", metavar="TEXT")
    sign.add_argument(
        "--allow-self-review",
        action="store_true",
        help="sign off even though you made or changed claims here (recorded as self-review)",
    )
    verb("reopen", "reopen a signed-off article, with a reason", _reopen, "article").add_argument(
        "reason", metavar="REASON"
    )
    verb("status", "print an article's state and row version", _status, "article")


def _article_done(
    desk: Desk, args: argparse.Namespace, action: str, cs: ChangeSet | None = None
) -> int:
    """Print the article as the change left it (``cs``), or as it is now."""
    from fact_gui.services import review

    status = cs.statuses[0] if cs is not None and cs.statuses else review.status(desk, args.id)
    emit(args, {"action": action, "article": article_object(status)}, article_line(status))
    return EXIT_OK


def _claim_done(desk: Desk, args: argparse.Namespace, action: str, cs: ChangeSet) -> int:
    from fact_gui.services import claims

    now = claims.current(desk, args.id)
    row = next((r for r in cs.upserted if r.id == args.id), now.row)
    emit(
        args,
        {"action": action, "changed": not cs.empty,
         "claim": claim_object(now.article_id, row, now.removed)},
        claim_line(now.article_id, row, now.removed),
    )  # fmt: skip
    return EXIT_OK


def _submit(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.submit(desk, args.id, if_version=args.if_version)
    return _article_done(desk, args, "article.submit", cs)


def _accept(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.accept(desk, args.id, if_version=args.if_version)
    return _claim_done(desk, args, "claim.accept", cs)


def _query(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.query(desk, args.id, args.comment, if_version=args.if_version)
    return _claim_done(desk, args, "claim.query", cs)


def _reply(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.reply(desk, args.id, args.text, if_version=args.if_version)
    return _claim_done(desk, args, "claim.reply", cs)


def _return(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.return_article(desk, args.id, args.comment, if_version=args.if_version)
    return _article_done(desk, args, "article.return", cs)


def _sign_off(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import signoffs

    cs = signoffs.sign_off(desk, args.id, args.comment, args.allow_self_review,
                           if_version=args.if_version)  # fmt: skip
    return _article_done(desk, args, "article.sign_off", cs)


def _reopen(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import review

    cs = review.reopen(desk, args.id, args.reason, if_version=args.if_version)
    return _article_done(desk, args, "article.reopen", cs)


def _status(desk: Desk, args: argparse.Namespace) -> int:
    return _article_done(desk, args, "article.status")
