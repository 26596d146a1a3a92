"""Alembic migrations of the plan file format, run from the application (never from a command line)."""
