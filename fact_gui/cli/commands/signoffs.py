"""``fact-gui verify``: check sign-off signatures, signed-off articles and the audit chain."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, add_common, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ver = sub.add_parser(
        "verify",
        help="check every sign-off's signature against registered keys, every signed-off "
        "article and the audit chain; exit 1 if anything is wrong",
    )
    ver.add_argument(
        "--list", action="store_true", help="also list every valid sign-off: who, when, how"
    )
    add_common(ver)
    ver.set_defaults(run=with_desk(_verify))


def _verify(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import signoffs

    report = signoffs.verify(desk)
    if args.list:
        for aid, title, how in report.signed:
            print(f"SIGNED\t{aid}\t{title}\t{how}", flush=True)
    for p in report.problems:
        where = f"{p.article_id}\t{p.title}" if p.article_id is not None else "-\t(the desk)"
        print(f"TAMPERED\t{where}\t{p.reason}", flush=True)
    if report.chain is not None:
        print(
            f"BROKEN CHAIN\tfirst broken link: audit event {report.chain.seq} "
            f"{report.chain.reason}",
            flush=True,
        )
    n = report.signoffs
    legacy = f" ({report.legacy} legacy, unsigned)" if report.legacy else ""
    if not report.ok:
        named = len(report.articles)
        if 0 < named <= n:
            err(f"{named} of {n} signed-off articles no longer match their sign-off")
        elif named:
            err(f"{named} articles fail verification ({n} valid sign-offs)")
        else:
            err("the audit trail or the key registry was tampered with")
        return EXIT_FAILED
    print(
        f"verified {n} sign-off{'s' if n != 1 else ''}{legacy}: all match; "
        f"audit chain of {report.events} events intact"
    )
    return EXIT_OK
