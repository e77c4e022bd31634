"""CSV export of claims: RFC 4180, UTF-8, formula-safe, streamed from the database."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, literal

from fact_gui.domain.csvcell import DANGEROUS_FIRST, NEUTRALISER
from fact_gui.domain.errors import FactGuiError
from fact_gui.services.context import Desk
from fact_gui.store import reads


class Cancelled(FactGuiError):
    """The user cancelled a long export; nothing was written."""


def neutralised(col: Any) -> Any:
    """SQL for OWASP neutralisation, so the database does it while rows stream."""
    return case(
        (func.substr(col, 1, 1).in_(DANGEROUS_FIRST), literal(NEUTRALISER) + col), else_=col
    )


def export_csv(
    desk: Desk,
    out: str | os.PathLike[str],
    article_id: int | None = None,
    bom: bool = False,
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
            writer = csv.writer(f, lineterminator="\r\n")  # RFC 4180 line ends
            writer.writerow(reads.EXPORT_HEADER)
            with desk.engine.connect() as conn:
                for batch in reads.export_rows(conn, article_id, text_column=neutralised):
                    writer.writerows(batch)
                    count += len(batch)
                    if progress is not None:
                        progress(count)
                    if cancelled is not None and cancelled():
                        raise Cancelled("export cancelled; no file was written")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
