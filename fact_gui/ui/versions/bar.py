"""The article header's version line: which version of how many, a switch, what was not carried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCursor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QWidget

from fact_gui.ui.versions.labels import plural, version_line, when

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.versions import VersionRow
    from fact_gui.ui.panel import Shell

# The older-version strip: an amber wash with an edge, readable on both themes.
_OLDER = (
    "QWidget#versionBar { background: rgba(230, 159, 0, 0.16); border-left: 3px solid #e69f00; }"
)


# The newest version: a quiet line, like the outlet and date above it.
_NEWEST = "QLabel#versionLine { color: palette(placeholder-text); }"


def _link(href: str, text: str, colour: str) -> str:
    return f'<a href="{href}" style="color: {colour}; text-decoration: none;">{text}</a>'


class VersionBar(QWidget):
    """Shown under the title of an article that has more than one version.

    The newest version gets a quiet line ("Version 3 of 3 · imported 21 Nov 14:02");
    an older one a tinted strip that says so in words ("You are looking at version 1
    of 3 (not the newest)") with a way to the newest. "Switch version" lists them all.
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.setObjectName("versionBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # One wrapping line of words and links: it holds in a narrow reading column.
        self.line = QLabel()
        self.line.setObjectName("versionLine")
        self.line.setAccessibleName("Article version")
        self.line.setWordWrap(True)
        self.line.setTextFormat(Qt.TextFormat.RichText)
        self.line.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.line.linkActivated.connect(self._link)
        self.menu = QMenu(self)  # the switch: every version, newest first
        lay = QHBoxLayout(self)
        lay.setContentsMargins(24, 5, 24, 5)
        lay.addWidget(self.line, 1)
        self.rows: list[VersionRow] = []
        self.not_carried = 0
        self._loaded: tuple[int, int] | None = None  # (article, versions) the rows are of
        self.hide()

    # -- following the open article ----------------------------------------------------
    def show_article(self) -> None:
        """Fill in from the open article's heading; hidden unless it has several versions."""
        heading = self._shell.selection.article.heading
        if heading is None or heading.versions < 2 or self._shell.selection.article_id is None:
            self.hide()
            return
        older = heading.version < heading.versions
        self.setStyleSheet(_OLDER if older else _NEWEST)
        self._render()
        self.show()
        key = (heading.id, heading.versions)
        if key != self._loaded:
            self._loaded = key
            self._load(heading.id)

    def _load(self, article_id: int) -> None:
        def load(desk: Desk) -> tuple[list[VersionRow], int]:
            from fact_gui.services import versions

            return versions.versions(desk, article_id), versions.count_not_carried(desk, article_id)

        def show(found: tuple[list[VersionRow], int]) -> None:
            if self._shell.selection.article_id == article_id:
                self.rows, self.not_carried = found
                self._fill_menu()
                self._render()

        self.rows, self.not_carried = [], 0
        self._fill_menu()
        self._shell.ops.read(load, "Reading the versions").success(show).run()

    def _render(self) -> None:
        heading = self._shell.selection.article.heading
        if heading is None:
            return
        # The text's lightness, not the window's: the older-version strip tints the window.
        dark = self.palette().color(QPalette.ColorRole.WindowText).lightness() > 128
        colour = "#8ab4f8" if dark else "#1a5fb4"
        older = heading.version < heading.versions
        sentence = version_line(heading.version, heading.versions)
        parts = [f"<b>{sentence}</b>" if older else sentence]
        if heading.imported_at is not None:
            parts.append(f"imported {when(heading.imported_at)}")
        if older:
            parts.append(_link("newest", "Open the newest", colour))
        if self.not_carried:
            lost = plural(self.not_carried, "claim") + " not carried"
            parts.append(_link("not-carried", lost, colour))
        parts.append(_link("switch", "Switch version&nbsp;▾", colour))
        parts.append(_link("compare", "Compare", colour))
        self.line.setText(" · ".join(parts))
        tip = "Compare versions, and the claims not carried: Article ▸ Versions… (Ctrl+Shift+D)"
        if older:
            tip = "Claims made on this version stay with it.\n" + tip
        self.line.setToolTip(tip)

    def _fill_menu(self) -> None:
        self.menu.clear()
        group = QActionGroup(self.menu)
        current = self._shell.selection.article_id
        for r in reversed(self.rows):  # newest first
            label = f"Version {r.version} · imported {when(r.imported_at)} · "
            label += plural(r.claims, "claim")
            act = QAction(label, self.menu)
            act.setCheckable(True)
            act.setChecked(r.id == current)
            act.setData(r.id)
            group.addAction(act)
            act.triggered.connect(lambda _c=False, i=r.id: self._open(i))
            self.menu.addAction(act)

    # -- the user ------------------------------------------------------------------------
    def _open(self, article_id: int) -> None:
        if article_id != self._shell.selection.article_id:
            self._shell.selection.open(article_id, focus=True)

    def newest(self) -> int | None:
        """The newest version's article id, once the versions are read."""
        return self.rows[-1].id if self.rows else None

    def _link(self, href: str) -> None:
        if href == "newest" and (newest := self.newest()) is not None:
            self._open(newest)
        elif href == "switch":
            under = self.line.underMouse()
            self.menu.popup(
                QCursor.pos() if under else self.line.mapToGlobal(self.line.rect().bottomLeft())
            )
        elif href == "compare":
            self._shell.actions.trigger("article.versions")
        elif href == "not-carried":
            self._shell.actions.trigger("article.not_carried")

    def changeEvent(self, e: QEvent) -> None:
        if e.type() == QEvent.Type.PaletteChange and self.isVisible():
            self._render()  # the links' colour follows the theme
        super().changeEvent(e)
