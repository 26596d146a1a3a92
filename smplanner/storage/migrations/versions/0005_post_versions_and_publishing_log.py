"""A post becomes one idea with a version per language, and keeps its publishing log.

Existing plans are carried forward: each post's text becomes its version in the post's language (ready when the post
was scheduled or published and has a text, to write otherwise); "scheduled" becomes "ready"; a post already marked
published is taken as published at its planned moment, the best that is known.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_version",
        sa.Column("post_id", sa.String(36), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name="fk_post_version_post_id_post", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "language", name="pk_post_version"),
    )
    op.execute(
        "INSERT INTO post_version (post_id, language, position, text, status)"
        " SELECT id, language, 0, text,"
        " CASE WHEN status IN ('scheduled', 'published') AND trim(text) <> '' THEN 'ready' ELSE 'to_write' END"
        " FROM post"
    )
    # Added with a default for the rows already there, which the recreated table then leaves out.
    op.add_column("post", sa.Column("published_at", sa.DateTime(), nullable=True))
    op.add_column("post", sa.Column("published_url", sa.Text(), nullable=False, server_default=""))
    op.add_column("post", sa.Column("skip_reason", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE post SET status = 'ready' WHERE status = 'scheduled'")
    op.execute("UPDATE post SET published_at = utc_instant WHERE status = 'published'")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_post_without_language_and_text()
    else:
        with op.batch_alter_table("post") as batch:
            batch.drop_column("language")
            batch.drop_column("text")
            batch.alter_column("published_url", existing_type=sa.Text(), server_default=None)
            batch.alter_column("skip_reason", existing_type=sa.Text(), server_default=None)


POST_COLUMNS = ("id", "market_id", "presence_id", "platform", "local_time", "zone", "fold", "utc_instant",
                "content_type_id", "title", "status", "rule_id", "edited", "published_at", "published_url",
                "skip_reason")


def _rebuild_post_without_language_and_text() -> None:
    """SQLite cannot drop a column that way: the table is made anew, with its links in the order they were first
    declared (Alembic's batch mode would make them in any order), filled, and renamed."""
    op.create_table(
        "post_rebuilt",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("market_id", sa.String(36), nullable=False),
        sa.Column("presence_id", sa.String(36), nullable=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("local_time", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("fold", sa.Integer(), nullable=False),
        sa.Column("utc_instant", sa.DateTime(), nullable=False),
        sa.Column("content_type_id", sa.String(36), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rule_id", sa.String(36), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_url", sa.Text(), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["market_id"], ["market.id"], name="fk_post_market_id_market", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["presence_id"], ["presence.id"], name="fk_post_presence_id_presence",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["content_type_id"], ["content_type.id"], name="fk_post_content_type_id_content_type",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["rule_id"], ["cadence_rule.id"], name="fk_post_rule_id_cadence_rule",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_post"),
    )
    columns = ", ".join(POST_COLUMNS)
    op.execute("INSERT INTO post_rebuilt ({columns}) SELECT {columns} FROM post".format(columns=columns))
    op.drop_table("post")
    op.rename_table("post_rebuilt", "post")
    op.create_index("ix_post_utc_instant", "post", ["utc_instant"])
    op.create_index("ix_post_market_id_utc_instant", "post", ["market_id", "utc_instant"])
    op.create_index("ix_post_rule_id", "post", ["rule_id"])


def downgrade() -> None:
    """Back to one language per post: the first version's language and text; statuses the old format knew."""
    op.add_column("post", sa.Column("language", sa.String(16), nullable=False, server_default="en"))
    op.add_column("post", sa.Column("text", sa.Text(), nullable=False, server_default=""))
    first = "(SELECT {column} FROM post_version v WHERE v.post_id = post.id ORDER BY v.position LIMIT 1)"
    op.execute(
        "UPDATE post SET language = coalesce({language}, language), text = coalesce({text}, text)".format(
            language=first.format(column="language"), text=first.format(column="text")
        )
    )
    op.execute("UPDATE post SET status = 'scheduled' WHERE status = 'ready'")
    op.execute("UPDATE post SET status = 'idea' WHERE status = 'skipped'")
    with op.batch_alter_table("post", recreate="always") as batch:
        batch.drop_column("published_at")
        batch.drop_column("published_url")
        batch.drop_column("skip_reason")
        batch.alter_column("language", existing_type=sa.String(16), server_default=None)
        batch.alter_column("text", existing_type=sa.Text(), server_default=None)
    op.drop_table("post_version")
