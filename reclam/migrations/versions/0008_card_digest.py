"""the digest of each staff card's last content, so that an unchanged card is not edited

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_digest', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_threads', schema=None) as batch_op:
        batch_op.drop_column('card_digest')
