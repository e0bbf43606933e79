"""drafts, cards and evidence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 14:17:04.917419
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('card_message_id', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_activities_source_key'), ['source_key'])
        batch_op.create_index('ix_activities_logger_reported', ['logged_by_id', 'reported_at'], unique=False)

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_path', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('added_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attachments_added_by_id_members'), 'members', ['added_by_id'], ['id'])

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_audit_entries_prev_hash'), ['prev_hash'])

    


def downgrade() -> None:
    
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_entries_prev_hash'), type_='unique')

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachments_added_by_id_members'), type_='foreignkey')
        batch_op.drop_column('added_by_id')
        batch_op.drop_column('stored_path')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_logger_reported')
        batch_op.drop_constraint(batch_op.f('uq_activities_source_key'), type_='unique')
        batch_op.drop_column('card_message_id')
        batch_op.drop_column('source_key')

    
