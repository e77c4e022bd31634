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
            err(str(exc))
            return EXIT_FAILED
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            err(f"cannot open the database {args.db or '(default)'}: {reason}")
            return EXIT_FAILED
        try:
            return body(desk, args)
        except FactGuiError as exc:
            err(str(exc))
            return EXIT_FAILED
        except SQLAlchemyError as exc:
            # On a team desk the server itself refuses what a role may not do.
            said = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            err(f"the database refused: {said}")
            return EXIT_FAILED
        finally:
            desk.close()

    return run
