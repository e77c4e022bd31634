"""``fact-gui list``: the library with claim counts per tag and the number of versions."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_OK, add_common, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lst = sub.add_parser(
        "list", help="list articles (their newest version) with claim counts per tag and versions"
    )
    add_common(lst)
    lst.set_defaults(run=with_desk(_list))


def _list(desk: Desk, _args: argparse.Namespace) -> int:
    from fact_gui.domain.tags import Tag
    from fact_gui.services import articles

    for row in articles.library(desk):
        counts = " ".join(f"{t.value}={row.counts[t]}" for t in Tag)
        print(f"{row.id}\t{row.title}\t{counts}\tversions={row.versions}")
    return EXIT_OK
