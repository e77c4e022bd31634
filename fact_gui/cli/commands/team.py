"""``fact-gui team init|upgrade|add-user|users|self-review``: set up and run a team desk."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from fact_gui.cli.base import EXIT_FAILED, EXIT_OK, add_common, database_message, err, with_desk

if TYPE_CHECKING:
    from fact_gui.services.context import Desk

ROLES = ("analyst", "reviewer", "admin")
T = TypeVar("T")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("team", help="set up a team desk on PostgreSQL and add people to it")
    words = p.add_subparsers(dest="team_command", required=True, metavar="WHAT")

    init = words.add_parser(
        "init", help="create the schema, the group roles and the rules in an empty database"
    )
    init.add_argument("url", metavar="URL", help="postgresql+psycopg://OWNER@HOST/DB")
    init.add_argument("--admin", metavar="NAME", help="also create this admin login")
    init.add_argument("--password-stdin", action="store_true",
                      help="the admin's password: first line of standard input")  # fmt: skip
    init.set_defaults(run=_init)

    up = words.add_parser("upgrade", help="migrate a team desk to this fact_gui's schema and rules")
    up.add_argument("url", metavar="URL")
    up.set_defaults(run=_upgrade)

    add = words.add_parser("add-user", help="(admins) add a person as a login in a role")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true",
                     help="the password from the first line of standard input")  # fmt: skip
    add_common(add)
    add.set_defaults(run=with_desk(_add_user))

    us = words.add_parser("users", help="everyone on the desk and their roles")
    add_common(us)
    us.set_defaults(run=with_desk(_users))

    sr = words.add_parser(
        "self-review", help="(admins) whether a reviewer may sign off claims they made"
    )
    sr.add_argument("value", choices=("on", "off"))
    add_common(sr)
    sr.set_defaults(run=with_desk(_self_review))


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    return password or None


def _guarded(body: Callable[[], T]) -> T | None:
    """Run a set-up step, reporting refusals (ours or the server's) in words."""
    from sqlalchemy.exc import SQLAlchemyError

    from fact_gui.domain.errors import FactGuiError

    try:
        return body()
    except FactGuiError as exc:
        err(str(exc))
    except SQLAlchemyError as exc:
        err(database_message(exc))
    return None


def _init(args: argparse.Namespace) -> int:
    from fact_gui.services import team

    if args.password_stdin and not args.admin:
        err("--password-stdin is for the admin named with --admin")
        return EXIT_FAILED
    done = _guarded(lambda: team.init(args.url, args.admin, _password(args)))
    if done is None:
        return EXIT_FAILED
    what = "set up" if done.before is None else "already set up; rules re-applied"
    print(f"{done.url}: team desk {what} (schema {done.after}); roles factgui_analyst, "
          "factgui_reviewer, factgui_admin")  # fmt: skip
    if done.admin:
        print(f"admin login: {done.admin}")
    return EXIT_OK


def _upgrade(args: argparse.Namespace) -> int:
    from fact_gui.services import team

    done = _guarded(lambda: team.upgrade(args.url))
    if done is None:
        return EXIT_FAILED
    print(f"{done.url}: upgraded from schema {done.before} to {done.after}; rules re-applied")
    return EXIT_OK


def _add_user(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.domain.workflow import Role
    from fact_gui.services import team

    created = team.add_user(desk, args.name, Role(args.role), _password(args))
    said = "added" if created else "already a login; now also"
    print(f"{args.name}: {said} in role {args.role}")
    return EXIT_OK


def _users(desk: Desk, _args: argparse.Namespace) -> int:
    from fact_gui.services import team

    for m in team.users(desk):
        print(f"{m.name}\t{','.join(m.roles)}" + ("" if m.can_login else "\t(cannot log in)"))
    return EXIT_OK


def _self_review(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import team

    team.set_self_review(desk, args.value == "on")
    print(f"self-review is {args.value} on this desk")
    return EXIT_OK
