"""Command line: ``fact-gui [FILE ...]`` opens the window; subcommands script the same services."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

# Only the standard library here at import time: the window must paint before
# sqlmodel (~0.4 s to import) is loaded.
from fact_gui import DISPLAY_NAME, __version__
from fact_gui.cli.base import PROG, add_common, err, fail_usage
from fact_gui.cli.commands import build_subparsers, command_names


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description=f"{DISPLAY_NAME}: highlight claims in articles, tag them, export them.",
        epilog=f"commands: {PROG} {{{','.join(command_names())}}} --help for scripting",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_common(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="articles to import and show")
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG)
    build_subparsers(p)
    return p


def _first_word(argv: Sequence[str]) -> int | None:
    """Where the first positional word is, skipping global options and their values."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--db", "--user"):
            i += 2
        elif arg == "--":
            return i + 1 if i + 1 < len(argv) else None
        elif arg.startswith("-"):
            i += 1
        else:
            return i
    return None


def _looks_like_source(word: str) -> bool:
    """A word the window could import: an existing path or an http(s) link."""
    return "://" in word or Path(word).exists()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    at = _first_word(argv)
    if at is not None and argv[at] in command_names():
        args = _command_parser().parse_args([argv[at], *argv[:at], *argv[at + 1 :]])
        return int(args.run(args))
    args = _gui_parser().parse_args(argv)
    # A mistyped command must not open the window trying to import a file of that name.
    missing = [f for f in args.files if not _looks_like_source(f)]
    if missing:
        fail_usage(f"no command or file named {missing[0]!r}")
        return fail_usage(f"commands: {', '.join(command_names())}; see {PROG} --help")
    from fact_gui.ui.app import run

    return run(db=args.db, user=args.user, files=args.files)


__all__ = ["err", "main"]
