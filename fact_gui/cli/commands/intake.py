"""``fact-gui import``: files, folders and links into the library."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, PROG, add_common, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


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
        help="keep the whole text (default: trim navigation and lists around a copied page)",
    )
    imp.set_defaults(run=with_desk(_import))


def _import(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import intake

    def report_one(_done: int, _total: int, o: intake.Outcome) -> None:
        # As each lands, so a long batch shows progress and a kill loses nothing printed.
        if o.status == "imported" and o.new_version is not None:
            print(f"{o.article_id}\t{o.title}\t({o.new_version.describe()})", flush=True)
            for u in o.new_version.unplaced:
                err(
                    f"{o.source}: claim {u.claim_id} ({u.tag}, “{u.quote}”) not carried: {u.reason}"
                )
        elif o.status == "imported":
            print(f"{o.article_id}\t{o.title}", flush=True)
        elif o.status == "duplicate":
            print(f"{o.article_id}\t{o.title}\t(already imported: {o.source})", flush=True)
        elif o.status == "failed":
            err(f"{o.source}: {o.reason}")

    report = intake.import_sources(desk, args.files, keep_all=args.keep_all, progress=report_one)
    if len(report.outcomes) > 1:
        print(f"{PROG}: {report.summary()}", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK
