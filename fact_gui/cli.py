"""Command line: ``fact-gui [FILE ...]`` opens the window; subcommands script the same services."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

# Only the standard library here at import time: the window must paint before
# sqlmodel (~0.4 s to import) is loaded.
from fact_gui import DISPLAY_NAME, __version__

COMMANDS = ("import", "list", "export", "verify", "sessions")
PROG = "fact-gui"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file or SQLAlchemy URL (default: fact_gui.sqlite3 in your data folder)",
    )
    parser.add_argument("--user", metavar="NAME", help="who is working (default: login name)")


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description=f"{DISPLAY_NAME}: highlight claims in articles, tag them, export them.",
        epilog=f"commands: {PROG} {{{','.join(COMMANDS)}}} --help for scripting",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="articles to import and show")
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG)
    sub = p.add_subparsers(dest="command", required=True)
    imp = sub.add_parser(
        "import",
        help="import files, folders (recursively) and http(s) links; prints id and title of each",
    )
    _common(imp)
    imp.add_argument("files", nargs="+", metavar="FILE|DIR|URL")
    imp.add_argument(
        "--keep-all",
        action="store_true",
        help="keep the whole text (default: trim navigation and lists around a copied page)",
    )
    lst = sub.add_parser("list", help="list articles with claim counts per tag")
    _common(lst)
    exp = sub.add_parser("export", help="export claims")
    _common(exp)
    fmt = exp.add_subparsers(dest="format", required=True)
    csv_p = fmt.add_parser("csv", help="annotated claims as CSV (RFC 4180, UTF-8)")
    _common(csv_p)
    csv_p.add_argument("out", metavar="OUT", help="the CSV file to write")
    csv_p.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    csv_p.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM (for Excel)")
    csv_p.add_argument(
        "--signed-off-only", action="store_true", help="only claims of signed-off articles"
    )
    ver = sub.add_parser(
        "verify", help="recompute every sign-off digest; exit 1 if any article changed since"
    )
    _common(ver)
    ses = sub.add_parser("sessions", help="annotation sessions: who, when, which articles, time")
    _common(ses)
    ses.add_argument("--csv", metavar="OUT", help="write them as CSV instead of a table")
    return p


def _command_index(argv: Sequence[str]) -> int | None:
    """Where the subcommand word is, skipping global options and their values."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--db", "--user"):
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            return i if arg in COMMANDS else None
    return None


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    at = _command_index(argv)
    if at is None:
        args = _gui_parser().parse_args(argv)
        from fact_gui.ui.app import run

        return run(db=args.db, user=args.user, files=args.files)
    args = _command_parser().parse_args([argv[at], *argv[:at], *argv[at + 1 :]])
    return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from fact_gui.domain.errors import FactGuiError
    from fact_gui.services.context import Desk

    try:
        desk = Desk.open(args.db, args.user)
    except FactGuiError as exc:
        _err(str(exc))
        return 1
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        _err(f"cannot open the database {args.db or '(default)'}: {reason}")
        return 1
    try:
        if args.command == "import":
            return _import(desk, args.files, args.keep_all)
        if args.command == "list":
            return _list(desk)
        if args.command == "verify":
            return _verify(desk)
        if args.command == "sessions":
            return _sessions(desk, args.csv)
        return _export(desk, args)
    except FactGuiError as exc:
        _err(str(exc))
        return 1
    finally:
        desk.close()


def _import(desk: object, sources: list[str], keep_all: bool) -> int:
    from fact_gui.services import intake
    from fact_gui.services.context import Desk

    assert isinstance(desk, Desk)

    def report_one(_done: int, _total: int, o: intake.Outcome) -> None:
        # As each lands, so a long batch shows progress and a kill loses nothing printed.
        if o.status == "imported":
            print(f"{o.article_id}\t{o.title}", flush=True)
        elif o.status == "duplicate":
            print(f"{o.article_id}\t{o.title}\t(already imported: {o.source})", flush=True)
        elif o.status == "failed":
            _err(f"{o.source}: {o.reason}")

    report = intake.import_sources(desk, sources, keep_all=keep_all, progress=report_one)
    if len(report.outcomes) > 1:
        print(f"{PROG}: {report.summary()}", file=sys.stderr)
    return 1 if report.failed else 0


def _list(desk: object) -> int:
    from fact_gui.domain.tags import Tag
    from fact_gui.services import articles
    from fact_gui.services.context import Desk

    assert isinstance(desk, Desk)
    for row in articles.library(desk):
        counts = " ".join(f"{t.value}={row.counts[t]}" for t in Tag)
        print(f"{row.id}\t{row.title}\t{counts}")
    return 0


def _export(desk: object, args: argparse.Namespace) -> int:
    from fact_gui.services import export
    from fact_gui.services.context import Desk

    assert isinstance(desk, Desk)
    if args.article is not None:
        from fact_gui.services import articles

        articles.info(desk, args.article)  # raises NotFound with a clear message
    n = export.export_csv(
        desk, args.out, article_id=args.article, bom=args.bom, signed_off_only=args.signed_off_only
    )
    print(f"wrote {n} claims to {args.out}", file=sys.stderr)
    return 0


def _verify(desk: object) -> int:
    from fact_gui.services import review
    from fact_gui.services.context import Desk

    assert isinstance(desk, Desk)
    checked, bad = review.verify(desk)
    for t in bad:
        print(
            f"TAMPERED\t{t.article_id}\t{t.title}\tsigned {t.signed[:16]}… now {t.now[:16]}…",
            flush=True,
        )
    if bad:
        _err(f"{len(bad)} of {checked} signed-off articles no longer match their sign-off")
        return 1
    print(f"verified {checked} sign-off{'s' if checked != 1 else ''}: all match")
    return 0


def _sessions(desk: object, out: str | None) -> int:
    from fact_gui.services import sessions
    from fact_gui.services.context import Desk

    assert isinstance(desk, Desk)
    if out:
        n = sessions.write_csv(desk, out)
        print(f"wrote {n} rows to {out}", file=sys.stderr)
        return 0
    for r in sessions.rows(desk):
        minutes = f"{r.active_seconds / 60:.1f} min"
        what = f"{r.article_id}\t{r.article_title}" if r.article_id else "-\t(no article)"
        print(f"{r.session_id}\t{r.user}\t{r.started_at}\t{r.ended_at or '…'}\t{what}\t"
              f"{minutes}\t+{r.claims_added}\t~{r.claims_changed}")  # fmt: skip
    return 0
