"""Per-market holiday corrections (add, remove, rename) and the founder's own dated events."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holiday_override",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("market_id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["market_id"], ["market.id"], name="fk_holiday_override_market_id_market", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_holiday_override"),
    )
    op.create_index("ix_holiday_override_market_id", "holiday_override", ["market_id"])
    op.create_table(
        "market_event",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("market_id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["market_id"], ["market.id"], name="fk_market_event_market_id_market",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_market_event"),
    )
    op.create_index("ix_market_event_market_id", "market_event", ["market_id"])


def downgrade() -> None:
    op.drop_table("market_event")
    op.drop_table("holiday_override")
