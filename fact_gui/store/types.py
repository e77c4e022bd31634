"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

ISO_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """Aware datetime -> fixed-width ISO 8601 UTC text (sorts as it reads)."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: timestamps must be timezone-aware")
    return dt.astimezone(UTC).strftime(ISO_FORMAT)


class UtcTimestamp(TypeDecorator[datetime]):
    """An aware UTC datetime stored as ISO 8601 text.

    Text keeps the value identical on every backend and lets exports stream
    the stored string without converting a million datetimes.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return iso(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, ISO_FORMAT).replace(tzinfo=UTC)
