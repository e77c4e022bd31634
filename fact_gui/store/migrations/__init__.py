"""Alembic migration scripts for the fact_gui schema."""
