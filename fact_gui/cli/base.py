"""What every subcommand shares: common options, messages, opening the desk, exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fact_gui.services.context import Desk

PROG = "fact-gui"
# Exit codes: 0 done, 1 the work failed (bad input, refused, tampered), 2 wrong usage.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file or SQLAlchemy URL (default: fact_gui.sqlite3 in your data folder)",
    )
    parser.add_argument("--user", metavar="NAME", help="who is working (default: login name)")


def err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def fail_usage(message: str) -> int:
    err(message)
    return EXIT_USAGE


def fail(args: argparse.Namespace, message: str, exc: BaseException | None = None) -> int:
    """Report a failed command: in words on stderr, or as a JSON object where --json asked."""
    if getattr(args, "json", False):
        from fact_gui.cli.output import print_failure

        print_failure(message, exc)
    else:
        err(message)
    return EXIT_FAILED


def refused_by_database(exc: BaseException) -> bool:
    """Did the database refuse the change (a privilege, a rule, a constraint), not fail?"""
    from sqlalchemy.exc import IntegrityError

    if isinstance(exc, IntegrityError):
        return True
    # SQLSTATE class 42: access rule violations (a missing privilege, row-level security,
    # our triggers' refusals, which raise insufficient_privilege).
    return str(getattr(getattr(exc, "orig", None), "sqlstate", "") or "").startswith("42")


def database_message(exc: BaseException) -> str:
    """A database error in words: what the database refused, or why it did not complete."""
    # The first line only: the server's next lines are where in its own code it happened.
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    said = lines[0] if lines else type(exc).__name__
    if refused_by_database(exc):
        return f"the database refused: {said}"
    return f"the database did not complete the command: {said}"


def with_desk(
    body: Callable[[Desk, argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Wrap a command body: open the desk named by --db, report errors in words, close it."""

    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from fact_gui.domain.errors import FactGuiError
        from fact_gui.services.context import Desk

        try:
            desk = Desk.open(args.db, args.user)
        except FactGuiError as exc:
            return fail(args, str(exc), exc)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            return fail(args, f"cannot open the database {args.db or '(default)'}: {reason}", exc)
        try:
            return body(desk, args)
        except FactGuiError as exc:
            return fail(args, str(exc), exc)
        except SQLAlchemyError as exc:
            # The server refused (on a team desk it enforces what a role may do, and a
            # constraint may refuse a write) or went away mid-command.
            return fail(args, database_message(exc), exc)
        finally:
            desk.close()

    return run
