"""``fact-gui verify``: check that signed-off articles are still what was signed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, add_common, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ver = sub.add_parser(
        "verify", help="recompute every sign-off digest; exit 1 if any article changed since"
    )
    add_common(ver)
    ver.set_defaults(run=with_desk(_verify))


def _verify(desk: Desk, _args: argparse.Namespace) -> int:
    from fact_gui.services import signoffs

    checked, bad = signoffs.verify(desk)
    for t in bad:
        print(
            f"TAMPERED\t{t.article_id}\t{t.title}\tsigned {t.signed[:16]}… now {t.now[:16]}…",
            flush=True,
        )
    if bad:
        err(f"{len(bad)} of {checked} signed-off articles no longer match their sign-off")
        return EXIT_FAILED
    print(f"verified {checked} sign-off{'s' if checked != 1 else ''}: all match")
    return EXIT_OK
