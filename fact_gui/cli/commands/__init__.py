"""Subcommands: each module here registers its own (``register``) beside its implementation."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from functools import cache
from types import ModuleType


@cache
def _modules() -> tuple[ModuleType, ...]:
    # Every module of this package is a command group; adding one needs no edit here.
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{n}") for n in names)


def build_subparsers(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _modules():
        module.register(sub)


@cache
def command_names() -> tuple[str, ...]:
    parser = argparse.ArgumentParser()
    build_subparsers(parser)
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return tuple(action.choices)
