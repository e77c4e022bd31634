"""Is a decoded text something a person can read, or bytes that merely happened to decode?"""

from __future__ import annotations

import re

# Letters (any script); invisible and control characters other than tab and line breaks.
_NOT_LETTER = re.compile(r"[\W\d_]+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Scripts written without spaces between words (CJK, Thai, Lao, Khmer, Myanmar, Tibetan).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff]"
)
# Invisible: format characters (zero-width spaces and joiners, direction marks, soft
# hyphens, tags), private-use and surrogate code points, non-characters.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\uf8ff\ufeff\ufff0-\uffff\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)
_CASE_FLIP = re.compile(r"[a-z][A-Z]")
# Thresholds, measured on news text in a dozen languages (letters are 75-85% of the
# non-space characters; words average 4-8 letters) and on random bytes decoded as
# windows-1252 (few spaces: "words" of hundreds of characters; case flipping inside words).
MIN_LETTERS = 10
MIN_LETTER_SHARE = 0.5
MAX_INVISIBLE_SHARE = 0.05
MAX_CONTROL_SHARE = 0.01
MAX_MEAN_TOKEN = 30
MAX_CASE_FLIPS = 0.08
# Long texts are judged on a sample (start, middle and end): the checks cost time per character.
SAMPLE = 3_000
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sample(text: str) -> str:
    if len(text) <= SAMPLE:
        return text
    third = SAMPLE // 3
    middle = len(text) // 2 - third // 2
    return f"{text[:third]}\n{text[middle : middle + third]}\n{text[-third:]}"


def _letters(visible: str) -> int:
    if visible.isascii():
        raw = visible.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    return len(_NOT_LETTER.sub("", visible))


# The sample's UTF-8 bytes as classes, for counting in C: ASCII lowercase "a", capitals "A",
# spaces and line breaks " ", everything else "."; and as gaps (" ") between words ("x").
_CLASSES = bytes.maketrans(
    bytes(range(256)),
    bytes(ord("a") if 97 <= b <= 122 else ord("A") if 65 <= b <= 90 else ord(" ")
          if b in b" \n" else ord(".") for b in range(256)),
)  # fmt: skip
_GAPS = bytes.maketrans(bytes(range(256)), bytes(32 if b in b" \n" else 120 for b in range(256)))
# Characters _CONTROL or _INVISIBLE count that str.isprintable() accepts.
_PRINTABLE_INVISIBLE = ("\ufffc", "\ufffd")


def _surely_readable(sample: str) -> bool:
    """A cheap proof that ``why_unreadable`` finds nothing wrong; False when there is none.

    Every article goes through this check, so it must cost little: counts made in C
    stand in for the regex counts where they settle the verdict. Printable lines hold
    no control or invisible characters (but for two symbols) and no whitespace but
    spaces, so with line breaks those give the visible characters and the words; ASCII
    letters are a lower bound on the letters; ``_CASE_FLIP`` counts an ASCII lowercase
    letter followed by a capital. Whatever they do not settle, and every refusal, is
    left to the full count.
    """
    if not all(map(str.isprintable, sample.split("\n"))):
        return False
    if any(ch in sample for ch in _PRINTABLE_INVISIBLE):
        return False
    raw = sample.encode("utf-8", "surrogatepass")
    classes = raw.translate(_CLASSES)
    visible = len(sample) - classes.count(b" ")
    gaps = raw.translate(_GAPS)
    words = gaps.count(b" x") + (gaps[:1] == b"x")
    letters = classes.count(b"a") + classes.count(b"A")  # at least this many
    if not visible or letters < MIN_LETTERS or letters < MIN_LETTER_SHARE * visible:
        return False
    # Whether or not the text is of an unspaced script (which skips these two checks),
    # it passes them. Every case flip ends in a capital: few capitals, few flips.
    if visible / words > MAX_MEAN_TOKEN:
        return False
    limit = MAX_CASE_FLIPS * letters
    return classes.count(b"A") <= limit or classes.count(b"aA") <= limit


def why_unreadable(text: str) -> str | None:
    """None for language-like text; otherwise why it is not (in words, for the user)."""
    sample = _sample(text)
    return None if _surely_readable(sample) else _judge(text, sample)


def _judge(text: str, sample: str) -> str | None:
    """``why_unreadable`` counted character by character (what ``_surely_readable`` spares)."""
    visible = "".join(sample.split())
    if not visible:
        return "contains no text (only whitespace)"
    controls = len(_CONTROL.findall(visible))
    if controls > MAX_CONTROL_SHARE * len(visible):
        return f"{controls / len(visible):.0%} of its characters are control codes: binary data"
    if not visible.isascii():
        invisible = len(_INVISIBLE.findall(visible))
        if invisible > MAX_INVISIBLE_SHARE * len(visible):
            return f"{invisible / len(visible):.0%} of its characters are invisible"
    letters = _letters(visible)
    if letters < MIN_LETTERS and len(text) == len(sample):
        return f"has only {letters} letter{'s' if letters != 1 else ''}: too few to be an article"
    if letters < MIN_LETTER_SHARE * len(visible):
        return f"only {letters / len(visible):.0%} of its characters are letters"
    unspaced = 0 if visible.isascii() else len(_UNSPACED.findall(visible))
    if unspaced < 0.3 * letters:
        tokens = len(sample.split())
        if len(visible) / tokens > MAX_MEAN_TOKEN:
            return "its 'words' run to hundreds of characters without a space"
        # camelCase and iPhone happen; every few letters does not.
        if len(_CASE_FLIP.findall(sample)) > MAX_CASE_FLIPS * letters:
            return "its letters switch case at random inside words"
    return None
