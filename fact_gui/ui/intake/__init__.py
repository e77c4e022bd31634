"""Intake panel: import files, folders, links, the clipboard, dropped items, the samples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.alerts import Alerts
from fact_gui.ui.jobs import Jobs
from fact_gui.ui.panel import Panel, Shell

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.intake import ImportReport, Outcome, Prepared
    from fact_gui.ui.operations import Op
    from fact_gui.ui.worker import Progress


class IntakePanel(Panel):
    """Brings articles in; the first one imported is opened.

    Reading and extracting happen in a worker thread (a batch in worker processes);
    storing goes through the desk's worker.
    """

    name = "intake"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.jobs = Jobs(shell.window)
        # Files, folders and links dropped anywhere on the window are imported.
        shell.window.setAcceptDrops(True)
        shell.window.installEventFilter(self)

    def register(self, actions: Actions) -> None:
        style = self.shell.window.style()
        actions.add("file.import", "&Import…", self.import_dialog, keys="Ctrl+O",
                    tip="Import article files", menu="File", group=10, toolbar="main",
                    icon=style.standardIcon(style.StandardPixmap.SP_DialogOpenButton),
                    needs=Need.DESK)  # fmt: skip
        actions.add("file.import_folder", "Import &folder…", self.import_folder_dialog,
                    keys="Ctrl+Shift+O", tip="Import every article in a folder and its subfolders",
                    menu="File", group=10, needs=Need.DESK)  # fmt: skip
        actions.add("file.import_link", "Import from &link…", self.import_url_dialog,
                    keys="Ctrl+Shift+L", tip="Fetch an article from a web address", menu="File",
                    group=10, needs=Need.DESK)  # fmt: skip
        actions.add("file.import_samples", "Add the &sample articles", self.import_samples,
                    tip="Two real articles about one event, for practice", menu="File",
                    group=10, needs=Need.DESK)  # fmt: skip
        actions.add("edit.paste_article", "&Paste as new article", self.paste_as_article,
                    keys="Ctrl+Shift+V", menu="Edit", group=20, needs=Need.DESK,
                    tip="Import the text or web page on the clipboard, with a preview")  # fmt: skip

    # -- asking what to import --------------------------------------------------------
    def import_dialog(self) -> None:
        """One file gets a preview when a trim is suggested; several, a batch."""
        from fact_gui.services.formats import supported_extensions
        from fact_gui.ui.dialogs import FilePicker

        patterns = "Articles ({});;All files (*)".format(
            " ".join(f"*{e}" for e in supported_extensions())
        )
        files = FilePicker.open_articles(self.shell.window, patterns)
        if len(files) == 1:
            self.import_one(files[0])
        elif files:
            self.import_batch(files)

    def import_folder_dialog(self) -> None:
        from fact_gui.ui.dialogs import FilePicker

        folder = FilePicker.open_folder(self.shell.window)
        if folder:
            self.import_batch([folder])

    def import_url_dialog(self) -> None:
        from fact_gui.ui.intake import dialogs

        url = dialogs.ask_url(self.shell.window)
        if url:
            self.import_one(url)

    def paste_as_article(self) -> None:
        """The clipboard's HTML or text, through the preview."""
        from fact_gui.domain.errors import BadInput
        from fact_gui.services import intake

        mime = QApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        text = mime.text() if mime is not None and mime.hasText() else ""
        try:
            prepared = intake.prepare_clipboard(text=text, html=html)
        except BadInput as exc:
            Alerts.show(self.shell.window, "Nothing to paste", f"{exc.source}: {exc.reason}")
            return
        self._preview_and_save(prepared, always=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.shell.window:
            if isinstance(event, QDragEnterEvent) and event.mimeData().hasUrls():
                if self.ops.desk is not None:
                    event.acceptProposedAction()
                return True
            if isinstance(event, QDropEvent):
                self.drop(event)
                return True
        return False

    def drop(self, e: QDropEvent) -> None:
        sources = []
        for url in e.mimeData().urls():
            if url.isLocalFile():
                sources.append(url.toLocalFile())
            elif url.scheme() in ("http", "https"):
                sources.append(url.toString())
        if not sources:
            return
        e.acceptProposedAction()
        if len(sources) == 1 and not Path(sources[0]).is_dir():
            self.import_one(sources[0])
        else:
            self.import_batch(sources)

    # -- importing --------------------------------------------------------------------------
    def import_one(self, source: str) -> None:
        """One file or link: read it in a worker, then preview (if trimmed) and save."""
        from fact_gui.services import intake

        if self.ops.desk is None:
            return

        def job(progress: Progress, _cancelled: Callable[[], bool]) -> Prepared | str:
            progress(0, 0, f"Reading {source}…")
            return intake.prepare_safely(source)

        def done(prepared: Prepared | str) -> None:
            if isinstance(prepared, str):
                Alerts.show(self.shell.window, "Not imported", f"{source}: {prepared}")
            else:
                self._preview_and_save(prepared)

        self.jobs.run("Importing", job, done, self._job_failed("Importing"))

    def _preview_and_save(self, prepared: Prepared, always: bool = False) -> None:
        from fact_gui.services import intake
        from fact_gui.ui.intake import dialogs

        overrides = None
        if always or prepared.extracted.trims:
            overrides = dialogs.ImportPreview.ask(self.shell.window, prepared)
            if overrides is None:
                self.shell.message("Import cancelled; nothing was saved.", 5000)
                return

        def save(desk: Desk) -> Outcome:
            return intake.save(desk, prepared, overrides=overrides)

        self.ops.write(save, "Importing").success(
            lambda outcome: self._after_import(intake.ImportReport([outcome]))
        ).failure(lambda exc: self.ops.report(exc, "Not imported")).run()

    def import_batch(self, sources: list[str]) -> None:
        """Many files, folders or links: a worker with a cancellable progress dialog."""
        from fact_gui.services import intake

        desk = self.ops.desk
        if desk is None:
            return

        def job(progress: Progress, cancelled: Callable[[], bool]) -> ImportReport:
            def step(done: int, total: int, o: Outcome) -> None:
                progress(done, total, f"{done:,} of {total:,}: {Path(o.source).name}")

            return intake.import_sources(desk, sources, progress=step, cancelled=cancelled)

        self.jobs.run("Importing articles", job, self._after_import,
                      self._job_failed("Importing articles"))  # fmt: skip

    def import_files(self, files: list[str]) -> Op[ImportReport] | None:
        """Import a few files at once (the samples, files named at start-up)."""
        if self.ops.desk is None:
            return None

        def save(desk: Desk) -> ImportReport:
            from fact_gui.services import intake

            return intake.import_paths(desk, files)

        return (
            self.ops.write(save, "Importing")
            .success(lambda report: self._after_import(report, summarise_success=False))
            .run()
        )

    def import_samples(self) -> None:
        from fact_gui import resources

        self.import_files([str(p) for p in resources.seed_paths()])

    def _after_import(self, report: ImportReport, summarise_success: bool = True) -> None:
        """Show what an import did: open the first article; list outcomes when it matters."""
        from fact_gui.ui.intake import dialogs

        self.bus.publish(report.changes)
        self.ops.saved_elsewhere()
        first = next((o for o in report.outcomes if o.article_id is not None), None)
        if first is not None and first.article_id is not None:
            self.selection.open(first.article_id, focus=True)
        self.shell.message("Import: " + report.summary(), 8000)
        if (summarise_success and len(report.outcomes) > 1) or report.failed or report.cancelled:
            dialogs.BatchSummary.show_report(self.shell.window, report)

    def _job_failed(self, title: str) -> Callable[[BaseException], None]:
        return lambda exc: self.ops.report(exc, f"{title} failed")

    def closing(self) -> None:
        self.jobs.stop()
