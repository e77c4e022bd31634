"""The article header: title, outlet and date, claim count, and the workflow badge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fact_gui import DISPLAY_NAME
from fact_gui.domain.workflow import State
from fact_gui.ui import look
from fact_gui.ui.versions.bar import VersionBar

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.signoffs import SignOffInfo
    from fact_gui.ui.panel import Shell

_NONE_OPEN = (
    "Pick one in the library, import files (Ctrl+O), a link (Ctrl+Shift+L), "
    "or paste a page (Ctrl+Shift+V)."
)


class ArticleHeader(QWidget):
    """Shows the open article's row.

    A signed-off article is checked against its digest off the GUI thread (the
    badge says "Signed off" until the check answers).
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.title = QLabel()
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("articleMeta")
        self.meta.setWordWrap(True)  # hints must not widen the reading column
        self.badge = QLabel()
        self.badge.setObjectName("stateBadge")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.meta, 1)
        row.addWidget(self.badge)
        row.setContentsMargins(0, 0, 24, 0)
        lay.addLayout(row)
        self.versions = VersionBar(shell)  # "Version 2 of 3": only for several versions
        lay.addWidget(self.versions)
        self.show_article()

    def show_article(self, check: bool = True) -> None:
        """Fill in from the open article; ``check``: ask again whether a sign-off still holds."""
        doc = self._shell.selection.article
        a, state = doc.heading, doc.state
        self.versions.show_article()
        if doc.id is None or state is None:
            self.title.setText("No article open")
            self.meta.setText(_NONE_OPEN)
            self._badge("", look.STATE_COLOURS["new"])
            self._shell.window.setWindowTitle(DISPLAY_NAME)
            return
        if a is not None:
            self.title.setText(a.title)
            self._shell.window.setWindowTitle(f"{a.title} — {DISPLAY_NAME}")
        self.show_counts()
        if state is State.SIGNED_OFF:
            if check:
                self._badge(f"✔ {state.label}", look.STATE_COLOURS[state.value])
                self._check_signoff(doc.id)
        elif state is State.SUBMITTED:
            self._badge("● Submitted — waiting for review", look.STATE_COLOURS[state.value])
        else:
            self._badge(f"● {state.label}", look.STATE_COLOURS[state.value])

    def show_counts(self) -> None:
        """The meta line: outlet, date and how many claims (the claims shown, pending too)."""
        doc = self._shell.selection.article
        a = doc.heading
        if a is None:
            return
        meta = [x for x in (a.outlet, a.published.isoformat() if a.published else "") if x]
        n = len(doc.claims)
        meta.append(f"{n} claim{'s' if n != 1 else ''}")
        self.meta.setText("  ·  ".join(meta))

    def _badge(self, text: str, colour: str, tip: str = "") -> None:
        self.badge.setText(text)
        self.badge.setToolTip(tip)
        self.badge.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _check_signoff(self, article_id: int) -> None:
        def load(desk: Desk) -> SignOffInfo | None:
            from fact_gui.services import signoffs

            return signoffs.current_signoff(desk, article_id)

        def show(info: SignOffInfo | None) -> None:
            doc = self._shell.selection.article
            if info is None or doc.id != article_id or doc.state is not State.SIGNED_OFF:
                return
            tip = f"Digest {info.digest}" + (" — self-review" if info.self_review else "")
            if info.matches:
                self._badge(f"✔ Signed off by {info.reviewer}, {info.at[:10]}",
                            look.STATE_COLOURS[State.SIGNED_OFF.value], tip)  # fmt: skip
            else:
                why = "The text or claims no longer match the signed digest. "
                self._badge("⚠ TAMPERED: changed since its sign-off", look.ERROR_COLOUR, why + tip)

        self._shell.ops.read(load, "Checking the sign-off").success(show).run()
