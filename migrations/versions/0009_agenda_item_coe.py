"""agenda items name the COE they review

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coe_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agenda_item_coe_id'), ['coe_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_agenda_item_coe_id_coe'), 'coe', ['coe_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agenda_item_coe_id_coe'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agenda_item_coe_id'))
        batch_op.drop_column('coe_id')
