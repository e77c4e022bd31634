"""``fact-gui export csv``: annotated claims for spreadsheets and pipelines."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_OK, add_common, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exp = sub.add_parser("export", help="export claims")
    add_common(exp)
    fmt = exp.add_subparsers(dest="format", required=True)
    csv_p = fmt.add_parser("csv", help="annotated claims as CSV (RFC 4180, UTF-8)")
    add_common(csv_p)
    csv_p.add_argument("out", metavar="OUT", help="the CSV file to write")
    csv_p.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    csv_p.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM (for Excel)")
    csv_p.add_argument(
        "--signed-off-only", action="store_true", help="only claims of signed-off articles"
    )
    csv_p.set_defaults(run=with_desk(_export_csv))


def _export_csv(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import export

    if args.article is not None:
        from fact_gui.services import articles

        articles.info(desk, args.article)  # raises NotFound with a clear message
    n = export.export_csv(
        desk, args.out, article_id=args.article, bom=args.bom, signed_off_only=args.signed_off_only
    )
    print(f"wrote {n} claims to {args.out}", file=sys.stderr)
    return EXIT_OK
