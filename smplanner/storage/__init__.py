"""Plan files: SQLite through the SQLAlchemy typed ORM, migrated by Alembic, returning domain objects."""
