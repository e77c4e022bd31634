"""Import dialogs: the preview of what is kept and trimmed, the batch summary, a link to fetch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fact_gui.domain.text import OffsetMap
from fact_gui.ui import look
from fact_gui.ui.dialogs import MetadataFields, confirm_buttons
from fact_gui.ui.tables import setup_table

if TYPE_CHECKING:
    from fact_gui.services.intake import ImportReport, Overrides, Prepared


class ImportPreview(QDialog):
    """Shows the extracted text with the suggested article range; the analyst adjusts it.

    Trimmed text is greyed and struck through; the kept part reads normally.
    Keys: Ctrl+[ starts the article at the caret, Ctrl+] ends it there, Ctrl+K
    keeps the selection, Ctrl+Shift+A keeps everything.
    """

    def __init__(self, parent: QWidget | None, prepared: Prepared) -> None:
        super().__init__(parent)
        ex = prepared.extracted
        self._extracted = ex
        self._text = ex.text
        self._map = OffsetMap(ex.text)
        self._suggested = ex.body or (0, len(ex.text))
        self._body = self._suggested
        self.setWindowTitle(f"Import preview — {Path(prepared.source).name or prepared.source}")
        self.resize(980, 760)

        self.view = QPlainTextEdit()
        self.view.setObjectName("previewText")
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.view.setFont(look.reading_font())
        self.view.document().setUndoRedoEnabled(False)
        self.view.setPlainText(ex.text)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # What the user must know before importing: bytes replaced while decoding.
        self.warnings = QLabel("\n".join(f"⚠ {w}" for w in ex.warnings))
        self.warnings.setObjectName("previewWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b3261e")
        self.warnings.setVisible(bool(ex.warnings))

        buttons_row = QHBoxLayout()
        for text, key, slot in (
            ("Start here", "Ctrl+[", self.start_at_caret),
            ("End here", "Ctrl+]", self.end_at_caret),
            ("Keep selection", "Ctrl+K", self.keep_selection),
            ("Keep everything", "Ctrl+Shift+A", self.keep_all),
            ("Use suggestion", "Ctrl+R", self.use_suggestion),
        ):
            b = QPushButton(f"{text}  [{key}]")
            b.setToolTip(f"{text} ({key})")
            b.clicked.connect(slot)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)

        self.fields = MetadataFields(ex.title, ex.outlet, ex.author, ex.published)
        self.title_edit, self.author_edit = self.fields.title_edit, self.fields.author_edit
        self.published_edit = self.fields.published_edit
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {look.ERROR_COLOUR}")
        form = QFormLayout()
        self.fields.add_to(form)

        box = confirm_buttons(self, "Import", self._check)

        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.warnings)
        lay.addLayout(buttons_row)
        lay.addWidget(self.view, 1)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(box)
        self._show_range()
        self._scroll_to_start()

    # -- range ---------------------------------------------------------------------
    @property
    def body(self) -> tuple[int, int]:
        return self._body

    def set_body(self, start: int, end: int) -> None:
        start, end = max(0, min(start, len(self._text))), max(0, min(end, len(self._text)))
        if start >= end:
            self.error.setText("The article would be empty: its start must come before its end.")
            return
        self.error.setText("")
        self._body = (start, end)
        self._show_range()

    def _caret(self) -> int:
        return self._map.from_qt(self.view.textCursor().position())

    def start_at_caret(self) -> None:
        # From the start of the caret's line: nobody wants half a paragraph.
        pos = self._text.rfind("\n", 0, self._caret()) + 1
        self.set_body(pos, self._body[1])

    def end_at_caret(self) -> None:
        nl = self._text.find("\n", self._caret())
        self.set_body(self._body[0], len(self._text) if nl < 0 else nl)

    def keep_selection(self) -> None:
        c = self.view.textCursor()
        if c.hasSelection():
            self.set_body(
                self._map.from_qt(c.selectionStart()), self._map.from_qt(c.selectionEnd())
            )

    def keep_all(self) -> None:
        self.set_body(0, len(self._text))

    def use_suggestion(self) -> None:
        self.set_body(*self._suggested)

    def _show_range(self) -> None:
        start, end = self._body
        doc = self.view.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        trimmed = QTextCharFormat()
        trimmed.setForeground(QColor("#8a8f96"))
        trimmed.setFontStrikeOut(True)
        trimmed.setBackground(QColor(127, 127, 127, 28))
        for a, b in ((0, start), (end, len(self._text))):
            if a < b:
                cursor.setPosition(self._map.to_qt(a))
                cursor.setPosition(self._map.to_qt(b), QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(trimmed)
        cursor.endEditBlock()
        kept = self._text[start:end]
        paragraphs = len([p for p in kept.split("\n") if p.strip()])
        lines, chars = self._extracted.left_out((start, end))
        if lines:
            trim = (
                f"Leaving out {lines:,} line{'s' if lines != 1 else ''} ({chars:,} characters, "
                "struck through): title, date and byline lines become the fields below; "
                "menus, counters and link lists are page furniture."
            )
        else:
            trim = "Nothing is left out."
        self.summary.setText(
            f"<b>The article:</b> {paragraphs} paragraph{'s' if paragraphs != 1 else ''}, "
            f"{len(kept):,} characters. {trim} Adjust with the buttons or keys below; "
            "the original file is kept either way."
        )

    def _scroll_to_start(self) -> None:
        c = self.view.textCursor()
        c.setPosition(self._map.to_qt(self._body[0]))
        self.view.setTextCursor(c)
        self.view.centerCursor()

    # -- answer --------------------------------------------------------------------
    def _check(self) -> None:
        self.fields.accept_if_valid(self, self.error)

    def answer(self) -> Overrides:
        from fact_gui.services.intake import Overrides

        f = self.fields
        return Overrides(
            body=self._body,
            title=f.title_edit.text(),
            outlet=f.outlet_edit.text(),
            author=f.author_edit.text(),
            published=f.published(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, prepared: Prepared) -> Overrides | None:
        dlg = cls(parent, prepared)
        return dlg.answer() if dlg.exec() == QDialog.DialogCode.Accepted else None


class BatchSummary(QDialog):
    """What a batch did: imported, already in the library, failed (with reasons), skipped."""

    _COLOURS: ClassVar[dict[str, str]] = {
        "imported": "#1b7f4b",
        "duplicate": "#6b7178",
        "failed": look.ERROR_COLOUR,
    }
    _LABELS: ClassVar[dict[str, str]] = {
        "imported": "Imported",
        "duplicate": "Already in library",
        "failed": "Failed",
        "skipped": "Skipped",
    }

    def __init__(self, parent: QWidget | None, report: ImportReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        self.resize(900, 520)
        head = QLabel(f"<b>{report.summary().capitalize()}.</b>")
        head.setWordWrap(True)
        order = {"failed": 0, "imported": 1, "duplicate": 2, "skipped": 3}
        rows = sorted(report.outcomes, key=lambda o: order[o.status])
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Result", "Source", "Article or reason"])
        setup_table(self.table, lines=1)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 300)
        for r, o in enumerate(rows):
            status = QTableWidgetItem(self._LABELS[o.status])
            if o.status in self._COLOURS:
                status.setForeground(QColor(self._COLOURS[o.status]))
            source = QTableWidgetItem(Path(o.source).name if "://" not in o.source else o.source)
            source.setToolTip(o.source)
            detail = QTableWidgetItem(o.title if o.status == "imported" else (o.reason or o.title))
            detail.setToolTip(o.reason or o.title)
            for c, item in enumerate((status, source, detail)):
                self.table.setItem(r, c, item)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        box.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(box)

    @classmethod
    def show_report(cls, parent: QWidget | None, report: ImportReport) -> None:
        cls(parent, report).exec()


def ask_url(parent: QWidget | None) -> str | None:
    """File > Import from link: the address to fetch."""
    url, ok = QInputDialog.getText(
        parent, "Import from link", "Address of the article (http:// or https://):"
    )
    url = url.strip()
    return url if ok and url else None
