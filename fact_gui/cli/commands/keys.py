"""``fact-gui keys list|register|export|import``: reviewers' signing keys, and moving them."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, add_common, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("keys", help="reviewers' signing keys: list, register, export, import")
    words = p.add_subparsers(dest="keys_command", required=True, metavar="WHAT")

    ls = words.add_parser("list", help="keys registered on the desk, and yours on this machine")
    add_common(ls)
    ls.set_defaults(run=with_desk(_list))

    reg = words.add_parser(
        "register",
        help="register your key on the desk (made if needed); an admin can register "
        "NAME's public key instead",
    )
    reg.add_argument("name", nargs="?", metavar="NAME", help="whose key (admins only)")
    reg.add_argument("public_key", nargs="?", metavar="PUBLIC_KEY", help="64 hex digits")
    add_common(reg)
    reg.set_defaults(run=with_desk(_register))

    for word, what, run, helps in (
        ("export", "out", _export, "write your private key, encrypted with a passphrase"),
        ("import", "file", _import, "install an exported key as yours on this machine"),
    ):
        moving = words.add_parser(word, help=helps)
        moving.add_argument(what, metavar="FILE")
        moving.add_argument("--passphrase-stdin", action="store_true",
                            help="the passphrase: first line of standard input")  # fmt: skip
        if word == "import":
            moving.add_argument("--replace", action="store_true",
                                help="overwrite a different key of yours")  # fmt: skip
        add_common(moving)
        moving.set_defaults(run=with_desk(run))


def _passphrase(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    if args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        from fact_gui.services.keys import KeyProblem

        raise KeyProblem("the two passphrases differ")
    return first


def _list(desk: Desk, _args: argparse.Namespace) -> int:
    from fact_gui.domain.signing import short_fingerprint
    from fact_gui.services import keys

    for k in keys.registered(desk):
        state = "revoked" if k.revoked else "active"
        print(f"{k.reviewer}\t{short_fingerprint(k.fingerprint)}\t{state}\t"
              f"registered {k.registered_at} by {k.registered_by}\t{k.public_key}")  # fmt: skip
    mine = keys.local_key(desk.user)
    if mine is None:
        print(f"# {desk.user} has no signing key on this machine yet (made at the first sign-off)")
    else:
        print(f"# {desk.user}'s key here: {short_fingerprint(mine.fingerprint)} at {mine.path} "
              f"({mine.protection})")  # fmt: skip
    return EXIT_OK


def _register(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.domain.signing import short_fingerprint
    from fact_gui.services import keys

    if args.name and not args.public_key:
        err("give both NAME and PUBLIC_KEY (or neither, to register your own key)")
        return EXIT_FAILED
    if args.name:
        fp = keys.register(desk, args.name, args.public_key)
        print(f"registered {args.name}'s key {short_fingerprint(fp)}")
        return EXIT_OK
    local, new = keys.register_own(desk)
    said = "registered" if new else "already registered"
    print(f"{said}: {desk.user}'s key {short_fingerprint(local.fingerprint)} "
          f"({local.protection})")  # fmt: skip
    return EXIT_OK


def _export(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import keys

    data = keys.export_key(desk.user, _passphrase(args, "Passphrase for the export: ", True))
    out = Path(args.out)
    try:
        with out.open("xb") as f:  # never overwrite: it may be another key
            f.write(data)
        out.chmod(0o600)
    except OSError as exc:
        err(f"{out}: cannot write the key: {exc.strerror}")
        return EXIT_FAILED
    print(f"wrote {desk.user}'s signing key to {out} (encrypted with your passphrase)")
    return EXIT_OK


def _import(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.domain.signing import short_fingerprint
    from fact_gui.services import keys

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        err(f"{args.file}: cannot read it: {exc.strerror}")
        return EXIT_FAILED
    local = keys.import_key(desk.user, args.file, data, _passphrase(args, "Passphrase: "),
                            args.replace)  # fmt: skip
    print(
        f"installed {desk.user}'s key {short_fingerprint(local.fingerprint)} ({local.protection})"
    )
    return EXIT_OK
