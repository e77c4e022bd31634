"""The three claim tags, their labels, keys and visual cues."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tag(StrEnum):
    """A claim's verdict; the value is what the database and exports store."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    SINGLE_SOURCE = "single_source"

    @property
    def label(self) -> str:
        return _STYLE[self].label

    @property
    def key(self) -> str:
        return _STYLE[self].key

    @property
    def style(self) -> TagStyle:
        return _STYLE[self]

    @classmethod
    def parse(cls, value: str) -> Tag:
        """Accept the stored value, the label, or a dash/space variant."""
        v = value.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(v)
        except ValueError:
            raise ValueError(
                f"unknown tag {value!r} (expected one of: {', '.join(t.value for t in cls)})"
            ) from None


@dataclass(frozen=True)
class TagStyle:
    """How a tag looks: colour plus a second cue (underline style) for colour-blind users."""

    label: str
    key: str
    # Okabe-Ito colours: distinguishable under the common colour-vision deficiencies.
    colour: str
    # Names match QTextCharFormat.UnderlineStyle; the UI maps them.
    underline: str
    description: str


_STYLE = {
    Tag.CONFIRMED: TagStyle(
        "Confirmed", "1", "#009E73", "solid", "backed by two or more independent sources"
    ),
    Tag.DISPUTED: TagStyle("Disputed", "2", "#D55E00", "wave", "credible sources conflict"),
    Tag.SINGLE_SOURCE: TagStyle(
        "Single source", "3", "#0072B2", "dash", "one originating source, however often repeated"
    ),
}

TAGS: tuple[Tag, ...] = tuple(Tag)
