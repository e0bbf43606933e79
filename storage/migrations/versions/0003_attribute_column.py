"""attribute column

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 14:26:46.434171
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attribute', sa.String(length=40), nullable=True))
    activities = sa.table('activities', sa.column('id', sa.Integer),
                          sa.column('attributes', sa.JSON), sa.column('attribute', sa.String))
    bind = op.get_bind()
    for row in bind.execute(sa.select(activities.c.id, activities.c.attributes)).all():
        value = next((v for k, v in (row.attributes or {}).items() if not k.startswith('_')), None)
        if value is not None:
            bind.execute(activities.update().where(activities.c.id == row.id)
                         .values(attribute=str(value)))

    


def downgrade() -> None:
    
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_column('attribute')

    
