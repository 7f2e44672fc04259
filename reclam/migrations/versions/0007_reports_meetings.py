"""documents without a complaint (reports, data exports); quality meetings, their actions and reads

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.persistence.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.alter_column('complaint_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('client_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_client_id'), ['client_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_documents_client_id_clients'), 'clients', ['client_id'], ['id'])
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('conclusions', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', core.persistence.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_members.id'], name=op.f('fk_meetings_recorded_by_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    op.create_table('meeting_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_actions_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['owner_id'], ['staff_members.id'], name=op.f('fk_meeting_actions_owner_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_actions')),
    sa.UniqueConstraint('meeting_id', 'number', name='uq_meeting_actions_number')
    )
    with op.batch_alter_table('meeting_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_actions_meeting_id'), ['meeting_id'], unique=False)
    op.create_table('meeting_reads',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', core.persistence.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_reads_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_meeting_reads_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('meeting_id', 'staff_id', name=op.f('pk_meeting_reads'))
    )


def downgrade() -> None:
    op.drop_table('meeting_reads')
    with op.batch_alter_table('meeting_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_actions_meeting_id'))
    op.drop_table('meeting_actions')
    op.drop_table('meetings')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_client_id_clients'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_documents_client_id'))
        batch_op.drop_column('client_id')
        batch_op.alter_column('complaint_id', existing_type=sa.Integer(), nullable=False)
