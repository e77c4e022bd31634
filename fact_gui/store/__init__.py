"""Persistence: SQLModel tables, the engine, migrations and fast read paths."""
