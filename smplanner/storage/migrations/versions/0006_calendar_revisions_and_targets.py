"""Calendar programs follow a plan's changes: each post keeps a revision and the moment of its last change, and the
plan remembers what it last wrote to each calendar file (to update and cancel events there next time).

Posts already in a plan start at revision 0, changed at the moment of the upgrade: nothing older is known.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgraded = datetime.now(UTC).replace(tzinfo=None, microsecond=0).strftime("%Y-%m-%d %H:%M:%S.%f")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_post_with_revisions(upgraded)
    else:  # added with defaults for the rows already there; the defaults then go, as the models have none
        op.add_column("post", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        op.add_column("post", sa.Column("modified_at", sa.DateTime(), nullable=False, server_default=upgraded))
        op.alter_column("post", "revision", existing_type=sa.Integer(), server_default=None)
        op.alter_column("post", "modified_at", existing_type=sa.DateTime(), server_default=None)
    op.create_table(
        "calendar_target",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_target"),
    )
    op.create_table(
        "exported_event",
        sa.Column("target_id", sa.String(36), nullable=False),
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.DateTime(), nullable=True),
        sa.Column("ends", sa.DateTime(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("stamped_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["calendar_target.id"],
                                name="fk_exported_event_target_id_calendar_target", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("target_id", "uid", name="pk_exported_event"),
    )


POST_COLUMNS = ("id", "market_id", "presence_id", "platform", "local_time", "zone", "fold", "utc_instant",
                "content_type_id", "title", "status", "rule_id", "edited", "published_at", "published_url",
                "skip_reason")


def _rebuild_post_with_revisions(upgraded: str) -> None:
    """SQLite cannot drop a default once added: the table is made anew with the two columns, its links in the order
    they were first declared (Alembic's batch mode would make them in any order), filled, and renamed."""
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
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
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
    op.execute(sa.text(
        "INSERT INTO post_rebuilt ({columns}, revision, modified_at) SELECT {columns}, 0, :upgraded FROM post".format(
            columns=columns)).bindparams(upgraded=upgraded))
    # post_version links to post: it is kept aside while post is replaced (foreign keys are off while migrating)
    op.drop_table("post")
    op.rename_table("post_rebuilt", "post")
    op.create_index("ix_post_utc_instant", "post", ["utc_instant"])
    op.create_index("ix_post_market_id_utc_instant", "post", ["market_id", "utc_instant"])
    op.create_index("ix_post_rule_id", "post", ["rule_id"])


def downgrade() -> None:
    op.drop_table("exported_event")
    op.drop_table("calendar_target")
    with op.batch_alter_table("post") as batch:
        batch.drop_column("modified_at")
        batch.drop_column("revision")
