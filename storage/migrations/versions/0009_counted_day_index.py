"""an index for reading a year's counted records in order (the ledger)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = sa.text("status = 'confirmed' AND deleted_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_activities_counted_day", "activities", ["happened_on", "id"],
                    sqlite_where=COUNTED, postgresql_where=COUNTED)


def downgrade() -> None:
    op.drop_index("ix_activities_counted_day", table_name="activities")
