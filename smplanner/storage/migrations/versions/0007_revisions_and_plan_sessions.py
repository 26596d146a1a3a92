"""A plan several people share: a revision on every row the founder edits, who has the plan open, what changed.

Every editable row gets `revision` (SQLAlchemy's version counter, 0 for the rows already there): an edit made on
a row someone else has changed since is refused, not stored over theirs. Posts have theirs since 0006 (it drives
their calendar events' SEQUENCE): it keeps its values and becomes the posts' version counter. `plan_session` lists who
has a server plan open, `plan_change` what each change touched; a plan file keeps both empty.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VERSIONED = ("plan_meta", "firm", "strategy", "market", "actor", "presence", "content_type", "cadence_rule",
             "holiday_override", "market_event")
"""The editable tables given a revision here (post has one already)."""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in VERSIONED:
        if sqlite:
            _rebuild_with_revision(table)
        else:  # added with a default for the rows already there; the default then goes, as the models have none
            op.add_column(table, sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
            op.alter_column(table, "revision", existing_type=sa.Integer(), server_default=None)
    op.create_table(
        "plan_session",
        sa.Column("session", sa.String(36), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session", name="pk_plan_session"),
    )
    op.create_table(
        "plan_change",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("session", sa.String(36), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("post_ids", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_plan_change"),
    )


def _rebuild_with_revision(table: str) -> None:
    """SQLite adds a column after a table's constraints and keeps its default: the table is made anew from its own
    statement with the column as the last one before the constraints, as the models lay it out, then filled, and
    renamed; its indexes are made again."""
    bind = op.get_bind()
    statement = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
    ).scalars().all()
    columns = [row[1] for row in bind.exec_driver_sql("PRAGMA table_info({table})".format(table=table))]
    constraints = statement.index("CONSTRAINT pk_")
    rebuilt = statement[:constraints] + "revision INTEGER NOT NULL, \n\t" + statement[constraints:]
    rebuilt = re.sub(r'^CREATE TABLE\s+"?{table}"?'.format(table=table),
                     "CREATE TABLE {table}_rebuilt".format(table=table), rebuilt)
    bind.exec_driver_sql(rebuilt)
    names = ", ".join(columns)
    bind.exec_driver_sql("INSERT INTO {table}_rebuilt ({names}, revision) SELECT {names}, 0 FROM {table}".format(
        table=table, names=names))
    bind.exec_driver_sql("DROP TABLE {table}".format(table=table))
    bind.exec_driver_sql("ALTER TABLE {table}_rebuilt RENAME TO {table}".format(table=table))
    for index in indexes:
        bind.exec_driver_sql(index)


def downgrade() -> None:
    op.drop_table("plan_change")
    op.drop_table("plan_session")
    for table in VERSIONED:
        op.drop_column(table, "revision")
