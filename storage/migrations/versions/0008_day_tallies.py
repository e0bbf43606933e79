"""day tallies of counted records

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "day_tallies",
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("attribute", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "attribute", "day", name=op.f("pk_day_tallies")),
    )
    op.execute(
        "INSERT INTO day_tallies (kind, attribute, day, count) "
        "SELECT kind, COALESCE(attribute, ''), happened_on, COUNT(*) FROM activities "
        "WHERE status = 'confirmed' AND deleted_at IS NULL "
        "GROUP BY kind, COALESCE(attribute, ''), happened_on"
    )


def downgrade() -> None:
    op.drop_table("day_tallies")
