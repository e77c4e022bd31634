"""Article ▸ Properties and Save original: metadata to edit, provenance to read, bytes to keep."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fact_gui.ui.alerts import Alerts

if TYPE_CHECKING:
    from fact_gui.services.articles import ArticleInfo
    from fact_gui.services.changes import ChangeSet
    from fact_gui.services.context import Desk
    from fact_gui.ui.dialogs import PropertiesAnswer
    from fact_gui.ui.panel import Shell


def edit_properties(shell: Shell) -> None:
    """Read the article's metadata and provenance, ask, save what was edited."""
    article_id = shell.selection.article_id
    if article_id is None:
        return

    def load(desk: Desk) -> ArticleInfo:
        from fact_gui.services import articles

        return articles.info(desk, article_id)

    def ask(info: ArticleInfo) -> None:
        from fact_gui.ui.dialogs import PropertiesAnswer, PropertiesDialog

        answer = PropertiesDialog.ask(shell.window, info)
        if answer == "save-original":
            save_original(shell)
        elif isinstance(answer, PropertiesAnswer):
            _save(shell, article_id, answer)

    shell.ops.read(load, "Reading the article's properties").success(ask).run()


def _save(shell: Shell, article_id: int, answer: PropertiesAnswer) -> None:
    def save(desk: Desk) -> ChangeSet:
        from fact_gui.services import articles

        props = articles.Properties(
            answer.title, answer.outlet, answer.author, answer.url, answer.published
        )
        return articles.update_properties(desk, article_id, props)

    shell.ops.write(save, "Saving the properties").success(shell.bus.publish).run()


def save_original(shell: Shell) -> None:
    """Write the bytes the open article was imported from (provenance)."""
    article_id = shell.selection.article_id
    if article_id is None:
        return

    def load(desk: Desk) -> tuple[bytes, str]:
        from fact_gui.services import articles

        return articles.original(desk, article_id)

    def ask(original: tuple[bytes, str]) -> None:
        from fact_gui.ui.dialogs import FilePicker

        data, name = original
        path = FilePicker.save_original(shell.window, str(Path.home() / name))
        if not path:
            return
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            Alerts.show(shell.window, "Original not saved", f"{path}: {exc.strerror or exc}")
            return
        shell.message(f"Saved the original ({len(data):,} bytes) to {path}", 8000)

    shell.ops.read(load, "Reading the original").success(ask).run()
