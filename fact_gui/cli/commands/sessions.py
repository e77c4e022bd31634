"""``fact-gui sessions``: who worked when, on what, for how long."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_OK, add_common, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ses = sub.add_parser("sessions", help="annotation sessions: who, when, which articles, time")
    add_common(ses)
    ses.add_argument("--csv", metavar="OUT", help="write them as CSV instead of a table")
    ses.set_defaults(run=with_desk(_sessions))


def _sessions(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import sessions

    if args.csv:
        n = sessions.write_csv(desk, args.csv)
        print(f"wrote {n} rows to {args.csv}", file=sys.stderr)
        return EXIT_OK
    for r in sessions.rows(desk):
        minutes = f"{r.active_seconds / 60:.1f} min"
        what = f"{r.article_id}\t{r.article_title}" if r.article_id else "-\t(no article)"
        print(f"{r.session_id}\t{r.user}\t{r.started_at}\t{r.ended_at or '…'}\t{what}\t"
              f"{minutes}\t+{r.claims_added}\t~{r.claims_changed}")  # fmt: skip
    return EXIT_OK
