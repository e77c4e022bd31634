"""History panel: the audit trail of the open article, or of its current claim (a bottom dock)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from fact_gui.services.changes import Kind
from fact_gui.ui import tables
from fact_gui.ui.actions import Actions
from fact_gui.ui.panel import Area, Panel, Shell

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.review import Event

_WHAT = {
    "article.import": "Imported",
    "article.properties": "Properties edited",
    "article.annotate": "Annotation started",
    "article.submit": "Submitted for review",
    "article.return": "Returned to the analyst",
    "article.sign_off": "Signed off",
    "article.signoff_digest": "Sign-off digest recorded",
    "article.reopen": "Reopened",
    "claim.create": "Claim tagged",
    "claim.retag": "Claim retagged",
    "claim.note": "Note edited",
    "claim.delete": "Claim removed",
    "claim.restore": "Claim restored",
    "claim.accept": "Claim accepted",
    "claim.query": "Claim queried",
    "claim.reply": "Reply to a query",
    "claim.reset": "Review reset",
}
# Details that say nothing new in a row about a claim (or that are too long for a cell).
_QUIET = ("quote", "analyst", "start", "end", "source", "sha256", "kept", "of")


def describe(action: str) -> str:
    base, _, via = action.partition(":")
    what = _WHAT.get(base, base)
    return f"{what} ({via})" if via else what


def _show(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def details(before: str | None, after: str | None) -> str:
    """What an event changed, as "key: before → after"."""
    b = json.loads(before) if before else {}
    a = json.loads(after) if after else {}
    parts = []
    for key in sorted(set(a) | set(b)):
        if key in _QUIET:
            continue
        if key in a and key in b:
            if a[key] != b[key]:
                parts.append(f"{key}: {_show(b[key])} → {_show(a[key])}")
        elif key in a and a[key] not in ("", None):
            parts.append(f"{key}: {_show(a[key])}")
    return "; ".join(parts)


class HistoryPanel(Panel):
    """Built the first time it is shown; while hidden it only notes that it is stale."""

    name = "history"
    title = "History"
    area = Area.BOTTOM
    kinds = frozenset(
        {Kind.CLAIMS, Kind.ARTICLES, Kind.COMMENTS, Kind.REVIEWS, Kind.SIGNOFFS, Kind.VERSIONS}
    )

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.selection.articleOpened.connect(self.stale)
        self.selection.claimChanged.connect(self._claim_changed)

    def register(self, actions: Actions) -> None:
        assert self.dock is not None
        toggle = self.dock.toggleViewAction()
        toggle.setText("&History")
        actions.add("view.history", toggle, keys="Ctrl+H", menu="View", group=10,
                      tip="The article's (or the selected claim's) audit trail")  # fmt: skip

    def build(self) -> QWidget:
        # Loaded with the dock, the first time it is shown (most sessions never open it).
        from PySide6.QtWidgets import QCheckBox, QHeaderView, QTableWidget, QVBoxLayout

        self.claim_only = QCheckBox("Selected claim only")
        self.claim_only.toggled.connect(lambda _on: self.stale())
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["When (UTC)", "Who", "What", "Details"])
        tables.setup_table(self.table, lines=1)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 150), (1, 80), (2, 190)):
            self.table.setColumnWidth(c, w)
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.claim_only)
        lay.addWidget(self.table)
        return panel

    def _claim_changed(self) -> None:
        if self._widget is not None and self.claim_only.isChecked():
            self.stale()

    def refresh(self) -> None:
        article_id = self.selection.article_id
        if article_id is None or self.ops.desk is None:
            self.show_events([])
            return
        claim = self.selection.claim if self.claim_only.isChecked() else None
        claim_id = claim.id if claim is not None and claim.id >= 0 else None

        def load(desk: Desk) -> list[Event]:
            from fact_gui.services import review

            return review.history(desk, article_id, claim_id)

        def show(events: list[Event]) -> None:
            if self.selection.article_id == article_id:
                self.show_events(events)

        self.ops.read(load, "Reading the history").success(show).run()

    def show_events(self, events: list[Event]) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        self.table.setRowCount(len(events))
        for r, e in enumerate(reversed(events)):  # newest first
            cells = (e.at.replace("T", " ")[:19], e.actor, describe(e.action),
                     details(e.before, e.after))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
