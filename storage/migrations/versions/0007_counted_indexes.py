"""partial indexes on the records that count

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = sa.text("status = 'confirmed' AND deleted_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_activities_counted_kind", "activities",
                    ["kind", "happened_on", "attribute"],
                    sqlite_where=COUNTED, postgresql_where=COUNTED)
    op.create_index("ix_activities_counted_member", "activities", ["member_id", "happened_on"],
                    sqlite_where=COUNTED, postgresql_where=COUNTED)


def downgrade() -> None:
    op.drop_index("ix_activities_counted_member", table_name="activities")
    op.drop_index("ix_activities_counted_kind", table_name="activities")
