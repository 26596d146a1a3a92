"""An index the Workload tab counts every post from: by status and kind of post (market, presence, platform, content
type), in date order. Counted from it alone, a ten-year plan's 220,000 posts need no sorting and no table row."""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = ["status", "market_id", "presence_id", "platform", "content_type_id", "local_time"]


def upgrade() -> None:
    op.create_index("ix_post_tally", "post", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_post_tally", "post")
