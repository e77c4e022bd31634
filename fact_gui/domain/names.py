"""File and link names as people can read them, whatever bytes a name is made of."""

from __future__ import annotations

import os
import re

# Control characters (a newline or an escape sequence in a file name) would break a
# summary line or the terminal; lone surrogates are undecodable name bytes.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(name: str) -> str:
    r"""``name`` with undecodable bytes as ``\\xNN`` and control characters escaped.

    File names come from the operating system as str with surrogate escapes for bytes
    that are not UTF-8; such a str cannot be printed, stored or shown. A valid name
    comes back unchanged.
    """
    if not _UNPRINTABLE.search(name):
        return name
    raw = os.fsencode(name) if any("\udc80" <= ch <= "\udcff" for ch in name) else None
    text = name if raw is None else raw.decode("utf-8", errors="backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
