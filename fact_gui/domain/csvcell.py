"""Spreadsheet formula-injection neutralisation for exported cells (OWASP)."""

from __future__ import annotations

# A spreadsheet treats a cell starting with one of these as a formula (or, for
# tab/CR/LF, may shift it into one); OWASP's advice is a leading apostrophe.
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")
NEUTRALISER = "'"


def neutralise(cell: str) -> str:
    """Prefix a dangerous cell with an apostrophe so it is read as text."""
    return NEUTRALISER + cell if cell.startswith(DANGEROUS_FIRST) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise`` (for readers that want the exact stored text back)."""
    if cell.startswith(NEUTRALISER) and cell[1:].startswith(DANGEROUS_FIRST):
        return cell[1:]
    return cell
