"""``fact-gui import``: files, folders and links into the library."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, PROG, add_common, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.intake import Outcome


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(
        "import",
        help="import files, folders (recursively) and http(s) links; prints id and title of each",
    )
    add_common(imp)
    imp.add_argument("files", nargs="+", metavar="FILE|DIR|URL")
    imp.add_argument(
        "--keep-all",
        action="store_true",
        help="keep the whole text (default: leave out the title, date and byline lines, "
        "and the menus, counters and link lists around a copied page; each import says "
        "what it left out)",
    )
    imp.set_defaults(run=with_desk(_import))


def trim_note(o: Outcome, keep_all: bool) -> str:
    """One line saying what was left out of an imported article, or "" if nothing was."""
    lines, chars = o.left_out
    if keep_all or not lines:
        return ""
    return (
        f"{o.source}: left out {lines:,} line{'s' if lines != 1 else ''} "
        f"({chars:,} characters) around the story (title, date and byline lines are kept "
        "as the article's fields); --keep-all keeps them"
    )


def _import(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import intake

    # Titles and names come from files: print them whatever the terminal's encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def report_one(_done: int, _total: int, o: intake.Outcome) -> None:
        # As each is committed, so a long batch shows progress and a kill loses nothing printed.
        if o.status == "imported":
            version = f"\t({o.new_version.describe()})" if o.new_version is not None else ""
            print(f"{o.article_id}\t{o.title}{version}", flush=True)
            for u in o.new_version.unplaced if o.new_version is not None else ():
                err(
                    f"{o.source}: claim {u.claim_id} ({u.tag}, “{u.quote}”) not carried: {u.reason}"
                )
            for warning in o.warnings:
                err(f"{o.source}: {warning}")
            if note := trim_note(o, args.keep_all):
                err(note)
        elif o.status == "duplicate":
            print(f"{o.article_id}\t{o.title}\t(already imported: {o.source})", flush=True)
        elif o.status == "failed":
            err(f"{o.source}: {o.reason}")

    report = intake.import_sources(desk, args.files, keep_all=args.keep_all, progress=report_one)
    if len(report.outcomes) > 1:
        print(f"{PROG}: {report.summary()}", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK
