"""Export panel: File ▸ Export CSV, written in a worker thread with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.jobs import Jobs
from fact_gui.ui.panel import Panel, Shell

if TYPE_CHECKING:
    from fact_gui.ui.worker import Progress


class ExportPanel(Panel):
    name = "export"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.jobs = Jobs(shell.window)

    def register(self, actions: Actions) -> None:
        style = self.shell.window.style()
        actions.add("file.export", "&Export CSV…", self.export_dialog, keys="Ctrl+E",
                    tip="Export claims as CSV", menu="File", group=20, toolbar="main",
                    toolbar_group=10, needs=Need.DESK,
                    icon=style.standardIcon(style.StandardPixmap.SP_DialogSaveButton))  # fmt: skip

    def export_dialog(self) -> None:
        from fact_gui.services import export
        from fact_gui.ui.dialogs import ExportDialog

        desk = self.ops.desk
        if desk is None:
            return
        doc = self.selection.article
        title = doc.heading.title if doc.heading is not None else None
        answer = ExportDialog.ask(self.shell.window, str(Path.home() / "claims.csv"), title)
        if answer is None:
            return
        article = doc.id if answer.article_only else None

        def job(progress: Progress, cancelled: Callable[[], bool]) -> int:
            return export.export_csv(
                desk,
                answer.path,
                article_id=article,
                bom=answer.bom,
                signed_off_only=answer.signed_off_only,
                progress=lambda n: progress(n, 0, f"Exported {n:,} claims…"),
                cancelled=cancelled,
            )

        self.jobs.run(
            "Exporting claims",
            job,
            lambda n: self.shell.message(f"Exported {n:,} claims to {answer.path}", 8000),
            lambda exc: self.ops.report(exc, "Exporting claims failed"),
        )

    def closing(self) -> None:
        self.jobs.stop()
