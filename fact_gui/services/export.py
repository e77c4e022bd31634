"""CSV export of claims: RFC 4180, UTF-8, formula-safe, streamed from the database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import String, case, cast, func, literal

from fact_gui.domain.csvcell import DANGEROUS_FIRST, NEUTRALISER
from fact_gui.domain.errors import FactGuiError
from fact_gui.services.context import Desk
from fact_gui.store import reads

CRLF = "\r\n"  # RFC 4180 record separator


class Cancelled(FactGuiError):
    """The user cancelled a long export; nothing was written."""


def neutralised(col: Any) -> Any:
    """SQL for OWASP neutralisation, so the database does it while rows stream."""
    return case(
        (func.substr(col, 1, 1).in_(DANGEROUS_FIRST), literal(NEUTRALISER, String).concat(col)),
        else_=col,
    )


def csv_field(col: Any, text: bool) -> Any:
    """SQL rendering one RFC 4180 field.

    Free text is always quoted (quotes doubled), which RFC 4180 allows and
    which keeps commas, quotes and line breaks inside the cell; other columns
    (ids, offsets, tag names, dates, timestamps) never need quoting.
    """
    if not text:
        return func.coalesce(cast(col, String), "")
    inner = func.replace(func.coalesce(neutralised(col), ""), '"', '""', type_=String)
    return literal('"', String).concat(inner).concat(literal('"', String))


def csv_line() -> Any:
    """SQL for a whole CSV record of one claim, in EXPORT_HEADER order."""
    fields = [csv_field(col, text) for col, text in reads.export_columns()]
    line = fields[0]
    for field in fields[1:]:
        line = line.concat(literal(",", String)).concat(field)
    return line


def export_csv(
    desk: Desk,
    out: str | os.PathLike[str],
    article_id: int | None = None,
    bom: bool = False,
    signed_off_only: bool = False,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write claims to ``out`` and return how many rows were written.

    The file appears only when complete (written beside it, then renamed), so a
    failed or cancelled export never leaves half a CSV behind.
    """
    target = Path(out)
    if target.is_dir():
        raise FactGuiError(f"{target}: is a folder; give a file name for the CSV")
    if not target.parent.is_dir():
        raise FactGuiError(f"{target}: the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".fact_gui-", suffix=".csv.part", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(",".join(reads.EXPORT_HEADER) + CRLF)
            with desk.engine.connect() as conn:
                for lines in reads.export_lines(conn, csv_line(), article_id, signed_off_only):
                    f.write(CRLF.join(lines))
                    f.write(CRLF)
                    count += len(lines)
                    if progress is not None:
                        progress(count)
                    if cancelled is not None and cancelled():
                        raise Cancelled("export cancelled; no file was written")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
