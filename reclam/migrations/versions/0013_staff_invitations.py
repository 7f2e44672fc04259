"""staff invitations: a personal link that registers the person who opens it as a staff
member, with the role and name a manager chose (single-use, expiring, stored hashed)

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.persistence.types

revision = '0013'
down_revision = '0014'  # after main's 0014 (evidence files), which landed first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', core.persistence.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.persistence.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.persistence.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_staff_invitations_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_invitations_token_hash'))
    )


def downgrade() -> None:
    op.drop_table('staff_invitations')
