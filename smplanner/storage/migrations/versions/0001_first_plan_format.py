"""The first plan format: firm, strategy, markets, actors, presences, content types, cadence rules, posts."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_plan_meta"),
    )
    op.create_table(
        "firm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("home_country", sa.String(2), nullable=False),
        sa.Column("home_subdivision", sa.String(16), nullable=True),
        sa.Column("home_zone", sa.String(64), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(8), nullable=False),
        sa.Column("team_size", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(16), nullable=False),
        sa.Column("working_start", sa.String(5), nullable=False),
        sa.Column("working_end", sa.String(5), nullable=False),
        sa.Column("working_days", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_firm"),
    )
    op.create_table(
        "strategy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("budget_organic_month", sa.String(32), nullable=False),
        sa.Column("budget_paid_month", sa.String(32), nullable=False),
        sa.Column("language_mode", sa.String(16), nullable=False),
        sa.Column("main_language", sa.String(16), nullable=False),
        sa.Column("editorial_line", sa.Text(), nullable=False),
        sa.Column("silence_threshold_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_strategy"),
    )
    op.create_table(
        "market",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("subdivision", sa.String(16), nullable=True),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("entry_order", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=True),
        sa.Column("content_adapted", sa.Boolean(), nullable=False),
        sa.Column("adaptation_notes", sa.Text(), nullable=False),
        sa.Column("personal_share", sa.Integer(), nullable=False),
        sa.Column("paid_ads", sa.Boolean(), nullable=False),
        sa.Column("ads_budget_month", sa.String(32), nullable=False),
        sa.Column("translator", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_market"),
    )
    op.create_table(
        "actor",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actor"),
    )
    op.create_table(
        "content_type",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("share_percent", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("personal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_content_type"),
    )
    op.create_table(
        "presence",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("market_id", sa.String(36), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("goal", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(["market_id"], ["market.id"], name="fk_presence_market_id_market", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], name="fk_presence_actor_id_actor", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_presence"),
    )
    op.create_index("ix_presence_market_id", "presence", ["market_id"])
    op.create_table(
        "cadence_rule",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("presence_id", sa.String(36), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("times", sa.JSON(), nullable=False),
        sa.Column("interval_weeks", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("content_type_id", sa.String(36), nullable=True),
        sa.Column("holiday_policy", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["presence_id"], ["presence.id"], name="fk_cadence_rule_presence_id_presence", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["content_type_id"], ["content_type.id"], name="fk_cadence_rule_content_type_id_content_type",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cadence_rule"),
    )
    op.create_index("ix_cadence_rule_presence_id", "cadence_rule", ["presence_id"])
    op.create_table(
        "post",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("market_id", sa.String(36), nullable=False),
        sa.Column("presence_id", sa.String(36), nullable=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("local_time", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("fold", sa.Integer(), nullable=False),
        sa.Column("utc_instant", sa.DateTime(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("content_type_id", sa.String(36), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rule_id", sa.String(36), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["market_id"], ["market.id"], name="fk_post_market_id_market", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["presence_id"], ["presence.id"], name="fk_post_presence_id_presence",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["content_type_id"], ["content_type.id"], name="fk_post_content_type_id_content_type", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["rule_id"], ["cadence_rule.id"], name="fk_post_rule_id_cadence_rule",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_post"),
    )
    op.create_index("ix_post_utc_instant", "post", ["utc_instant"])
    op.create_index("ix_post_market_id_utc_instant", "post", ["market_id", "utc_instant"])
    op.create_index("ix_post_rule_id", "post", ["rule_id"])


def downgrade() -> None:
    for table in ("post", "cadence_rule", "presence", "content_type", "actor", "market", "strategy", "firm",
                  "plan_meta"):
        op.drop_table(table)
