"""personal links that let a client who complained elsewhere follow the complaint in the
Telegram chat (join tokens)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.persistence.types

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('join_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('created_at', core.persistence.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_join_tokens_client_id_clients')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_join_tokens_complaint_id_complaints')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_join_tokens'))
    )
    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_tokens_client_id'), ['client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_tokens_client_id'))
    op.drop_table('join_tokens')
