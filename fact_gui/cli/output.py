"""What script commands print: a tab-separated line per result, or one JSON object per result."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fact_gui.domain.claims import ClaimRow
    from fact_gui.domain.status import ArticleStatus


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per result (failures too, with a non-zero exit) for pipelines",
    )


def add_if_version(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--if-version",
        type=int,
        metavar="N",
        dest="if_version",
        help=f"change only if the {what} is still at row version N (as shown: rN, or row_version "
        "in JSON; else refused, nothing changed)",
    )


def claim_object(article_id: int | None, row: ClaimRow, removed: bool = False) -> dict[str, Any]:
    """A claim for JSON output (``article_id`` None: left out, not known here)."""
    obj: dict[str, Any] = (
        {"id": row.id} if article_id is None else {"id": row.id, "article_id": article_id}
    )
    return obj | {
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "tag": row.tag,
        "note": row.note,
        "analyst": row.analyst,
        "review": row.review,
        "removed": removed,
        "row_version": row.row_version,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at,
    }


def article_object(status: ArticleStatus) -> dict[str, Any]:
    return {
        "id": status.id,
        "state": status.state,
        "row_version": status.row_version,
        "updated_by": status.updated_by,
        "updated_at": status.updated_at,
    }


def claim_line(article_id: int, row: ClaimRow, removed: bool = False) -> str:
    """id, row version (rN), tag, review, article, quote (its tabs and line breaks as spaces)."""
    quote = " ".join(row.quote.split())
    state = "removed" if removed else row.review
    return f"{row.id}\tr{row.row_version}\t{row.tag}\t{state}\tarticle {article_id}\t{quote}"


def article_line(status: ArticleStatus) -> str:
    s = status
    return f"{s.id}\tr{s.row_version}\t{s.state}\t{s.updated_by}\t{s.updated_at}"


def emit(args: argparse.Namespace, obj: dict[str, Any], line: str) -> None:
    print(json.dumps({"ok": True, **obj}, ensure_ascii=False) if args.json else line, flush=True)


def _kind(exc: BaseException | None) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    from fact_gui.cli.base import refused_by_database

    if exc is not None and refused_by_database(exc):
        return "refused"  # by the database itself: a privilege or rule, like the window's

    from fact_gui.domain.errors import Conflict, InvalidSpan, NotFound
    from fact_gui.domain.workflow import WorkflowError

    kinds: tuple[tuple[type[BaseException], str], ...] = (
        (Conflict, "conflict"),
        (NotFound, "not_found"),
        (WorkflowError, "refused"),
        (InvalidSpan, "invalid_span"),
        (SQLAlchemyError, "database"),
    )
    return next((name for cls, name in kinds if isinstance(exc, cls)), "error")


def print_failure(message: str, exc: BaseException | None) -> None:
    """One JSON object on stdout: ok false, the kind of failure, the message, the current row."""
    from fact_gui.domain.claims import ClaimRow
    from fact_gui.domain.errors import Conflict

    obj: dict[str, Any] = {"ok": False, "error": _kind(exc), "message": message}
    if isinstance(exc, Conflict):
        obj["expected_row_version"] = exc.expected
        current = exc.current
        if isinstance(current, ClaimRow):
            obj["claim"] = claim_object(None, current, exc.removed)
        else:
            obj["article"] = article_object(current)
    print(json.dumps(obj, ensure_ascii=False), flush=True)
