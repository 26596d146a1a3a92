"""The founder's night on their own clock (22:00 to 07:00 until they say otherwise): no post should need them then."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A column that may not be empty needs a value for the rows already there; the default then goes, as the
    # models have none (the app always writes both).
    with op.batch_alter_table("firm") as batch:
        batch.add_column(sa.Column("night_start", sa.String(5), nullable=False, server_default="22:00"))
        batch.add_column(sa.Column("night_end", sa.String(5), nullable=False, server_default="07:00"))
    with op.batch_alter_table("firm") as batch:
        batch.alter_column("night_start", server_default=None)
        batch.alter_column("night_end", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("firm") as batch:
        batch.drop_column("night_end")
        batch.drop_column("night_start")
