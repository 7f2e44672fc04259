"""staff groups: the group a manager bound with /setup (RECLAM_STAFF_CHAT_ID becomes an
override), whether the bot may create topics there, and whether the managers were told
it lost its rights

Revision ID: 0017
Revises: 0018
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.persistence.types

revision = '0017'
down_revision = '0018'  # after main's 0018 (journal seal), which landed first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_groups',
    sa.Column('chat_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('bound_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('bound_by', sa.BigInteger(), nullable=True),
    sa.Column('topics', sa.Boolean(), nullable=False),
    sa.Column('rights_lost_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('chat_id', name=op.f('pk_staff_groups'))
    )


def downgrade() -> None:
    op.drop_table('staff_groups')
