"""The founder's own platform catalogue entries, stored in the plan as the catalogue's JSON form."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "own_platform",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_own_platform"),
    )


def downgrade() -> None:
    op.drop_table("own_platform")
