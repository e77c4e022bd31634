"""Per-user settings (QSettings, INI file in the user's config folder)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from PySide6.QtCore import QByteArray, QSettings


def settings_path() -> Path:
    return user_config_path("fact_gui", appauthor=False) / "fact_gui.ini"


class Settings:
    """Typed access to what the window remembers, keyed per database where it matters."""

    def __init__(self, path: Path | None = None) -> None:
        self._q = QSettings(str(path or settings_path()), QSettings.Format.IniFormat)

    def _get(self, key: str, default: object = None) -> Any:
        return self._q.value(key, default)

    def _set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()

    @property
    def user(self) -> str:
        return str(self._get("user", "") or "")

    @user.setter
    def user(self, name: str) -> None:
        self._set("user", name)

    @property
    def allow_self_review(self) -> bool:
        """One-person desks: a reviewer may sign off claims they made (the sign-off says so)."""
        return str(self._get("review/allow_self_review", "0")) == "1"

    @allow_self_review.setter
    def allow_self_review(self, allowed: bool) -> None:
        self._set("review/allow_self_review", "1" if allowed else "0")

    @property
    def theme(self) -> str:
        return str(self._get("theme", "light"))

    @theme.setter
    def theme(self, name: str) -> None:
        self._set("theme", name)

    def window_state(self) -> tuple[object, object, object]:
        """Geometry, dock and toolbar state, splitter sizes (QByteArray each, if saved)."""
        return self._get("window/geometry"), self._get("window/state"), self._get("window/splitter")

    def set_window_state(
        self, geometry: QByteArray, state: QByteArray, splitter: QByteArray
    ) -> None:
        self._set("window/geometry", geometry)
        self._set("window/state", state)
        self._set("window/splitter", splitter)

    @staticmethod
    def _db_key(url: str) -> str:
        return "db_" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]

    def last_position(self, url: str) -> tuple[int | None, int]:
        """The article open when the user left this database, and its scroll position."""
        k = self._db_key(url)
        article = self._get(f"{k}/article")
        scroll = self._get(f"{k}/scroll", 0)
        return (int(article) if article not in (None, "") else None), int(scroll or 0)

    def set_last_position(self, url: str, article_id: int | None, scroll: int) -> None:
        k = self._db_key(url)
        self._set(f"{k}/article", "" if article_id is None else article_id)
        self._set(f"{k}/scroll", scroll)
        self._set(f"{k}/url", url)
