"""Dialogs; each exposes an ``ask``-style classmethod that tests replace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fact_gui.ui import look
from fact_gui.ui.alerts import Alerts

__all__ = ["Alerts"]  # where it lived before it needed to load at start-up

if TYPE_CHECKING:
    from fact_gui.services.articles import ArticleInfo


def confirm_buttons(dialog: QDialog, text: str, confirm: Callable[[], object]) -> QDialogButtonBox:
    """The dialog's buttons: ``text`` runs ``confirm`` (which accepts, if all is well); Cancel."""
    ok = QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(text)
    buttons.accepted.connect(confirm)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FilePicker:
    """File choosers; tests swap these for fixed answers."""

    @classmethod
    def open_articles(cls, parent: QWidget | None, patterns: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(parent, "Import articles", "", patterns)
        return list(files)

    @classmethod
    def open_folder(cls, parent: QWidget | None) -> str | None:
        folder = QFileDialog.getExistingDirectory(parent, "Import a folder of articles")
        return folder or None

    @classmethod
    def save_original(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save the original", suggested)
        return path or None

    @classmethod
    def ask_name(cls, parent: QWidget | None, current: str) -> str | None:
        name, ok = QInputDialog.getText(
            parent, "Your name", "Claims you make are recorded under this name:", text=current
        )
        return name.strip() if ok and name.strip() else None


class MetadataFields:
    """The article metadata both Properties and the import preview edit, with one validation."""

    def __init__(
        self,
        title: str,
        outlet: str,
        author: str,
        published: date | None,
        url: str | None = None,
    ) -> None:
        self.title_edit = QLineEdit(title)
        self.outlet_edit = QLineEdit(outlet)
        self.author_edit = QLineEdit(author)
        self.url_edit = QLineEdit(url) if url is not None else None
        if self.url_edit is not None:
            self.url_edit.setPlaceholderText("https://…")
        self.published_edit = QLineEdit(published.isoformat() if published else "")
        self.published_edit.setPlaceholderText("YYYY-MM-DD")

    def add_to(self, form: QFormLayout) -> None:
        form.addRow("&Title", self.title_edit)
        form.addRow("&Outlet", self.outlet_edit)
        form.addRow("&Author", self.author_edit)
        if self.url_edit is not None:
            form.addRow("&URL", self.url_edit)
        form.addRow("&Published", self.published_edit)

    def accept_if_valid(self, dialog: QDialog, error: QLabel) -> None:
        """Close ``dialog`` accepted, or say in ``error`` why the fields cannot be saved."""
        problem = self.problem()
        if problem:
            error.setText(problem)
        else:
            dialog.accept()

    def problem(self) -> str | None:
        """Why the fields cannot be saved as they are, or None."""
        if not self.title_edit.text().strip():
            return "The title cannot be empty."
        text = self.published_edit.text().strip()
        if text and not QDate.fromString(text, "yyyy-MM-dd").isValid():
            return "Published must be a date like 2024-12-17, or empty."
        return None

    def published(self) -> date | None:
        text = self.published_edit.text().strip()
        return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class PropertiesAnswer:
    title: str
    outlet: str
    author: str
    url: str
    published: date | None


class PropertiesDialog(QDialog):
    """Article > Properties: metadata to edit, provenance to read."""

    def __init__(self, parent: QWidget | None, info: ArticleInfo) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article properties")
        self.setMinimumWidth(560)
        p = info.properties
        self.fields = MetadataFields(p.title, p.outlet, p.author, p.published, url=p.url)
        self.title_edit, self.published_edit = self.fields.title_edit, self.fields.published_edit
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {look.ERROR_COLOUR}")
        form = QFormLayout()
        self.fields.add_to(form)
        prov = QFormLayout()
        kind = {"url": "Fetched from the web", "clipboard": "Pasted", "file": "File"}.get(
            info.source_kind, info.source_kind
        )
        kept = "all of it"
        if (
            info.kept is not None
            and info.extracted_chars is not None
            and info.kept != (0, info.extracted_chars)
        ):
            kept = (
                f"characters {info.kept[0]:,}–{info.kept[1]:,} of {info.extracted_chars:,} "
                "(the rest was trimmed as page furniture)"
            )
        rows = [
            ("Source", f"{kind}: {info.source}"),
            ("Format", f"{info.source_format} ({info.encoding})"),
            ("Original", f"{info.original_bytes:,} bytes, SHA-256 {info.original_sha256}"),
            ("Text kept", kept),
            ("Imported", f"{info.imported_at} by {info.imported_by}"),
            ("Worked on", f"{info.active_seconds / 60:.1f} minutes of active time in sessions"),
        ]
        if info.fetched_at:
            rows.insert(1, ("Fetched", info.fetched_at))
        for label, value in rows:
            v = QLabel(value)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.setWordWrap(True)
            prov.addRow(label, v)
        heading = QLabel("Provenance")
        heading.setObjectName("panelTitle")
        self.save_original_button = QPushButton("Save original…")
        self.save_original_button.setToolTip("Write the bytes this article was imported from")
        self.save_original_wanted = False
        self.save_original_button.clicked.connect(self._want_original)
        prov.addRow("", self.save_original_button)
        buttons = confirm_buttons(self, "Save", self._check)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(heading)
        lay.addLayout(prov)
        lay.addWidget(buttons)

    def _want_original(self) -> None:
        self.save_original_wanted = True
        self.done(2)  # the window saves it, then may reopen the dialog

    def _check(self) -> None:
        self.fields.accept_if_valid(self, self.error)

    def answer(self) -> PropertiesAnswer:
        f = self.fields
        assert f.url_edit is not None
        return PropertiesAnswer(
            f.title_edit.text(),
            f.outlet_edit.text(),
            f.author_edit.text(),
            f.url_edit.text(),
            f.published(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, info: ArticleInfo) -> PropertiesAnswer | str | None:
        """The edited properties, "save-original" if that button was pressed, or None."""
        dlg = cls(parent, info)
        result = dlg.exec()
        if dlg.save_original_wanted:
            return "save-original"
        return dlg.answer() if result == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class ExportAnswer:
    path: str
    article_only: bool
    bom: bool
    signed_off_only: bool = False


class ExportDialog(QDialog):
    """File > Export CSV: where, which claims, and whether Excel needs a BOM."""

    def __init__(
        self, parent: QWidget | None, default_path: str, article_title: str | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export claims as CSV")
        self.setMinimumWidth(520)
        self.path_edit = QLineEdit(default_path)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.scope = QComboBox()
        self.scope.addItem("All articles")
        if article_title:
            self.scope.addItem(f"This article: {article_title[:60]}")
        self.bom = QCheckBox("Add a byte-order mark so Excel reads UTF-8 correctly")
        self.bom.setChecked(True)
        self.signed_off_only = QCheckBox("Only articles that are signed off")
        form = QFormLayout()
        form.addRow("&File", row)
        form.addRow("&Claims", self.scope)
        form.addRow("", self.bom)
        form.addRow("", self.signed_off_only)
        buttons = confirm_buttons(self, "Export", self.accept)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export CSV", self.path_edit.text(), "CSV (*.csv)"
        )
        if path:
            self.path_edit.setText(path)

    @classmethod
    def ask(
        cls, parent: QWidget | None, default_path: str, article_title: str | None
    ) -> ExportAnswer | None:
        dlg = cls(parent, default_path, article_title)
        if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.path_edit.text().strip():
            return None
        return ExportAnswer(
            str(Path(dlg.path_edit.text().strip()).expanduser()),
            dlg.scope.currentIndex() == 1,
            dlg.bom.isChecked(),
            dlg.signed_off_only.isChecked(),
        )
