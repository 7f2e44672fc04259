"""every channel in the one register: a complaint's channel, clients without Telegram
(telegram_id optional) and their postal address

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.alter_column('telegram_id', existing_type=sa.BigInteger(), nullable=True)
        batch_op.add_column(sa.Column('postal_address', sa.String(length=300), nullable=True))
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=16), server_default='telegram', nullable=False)
        )
    # erased clients kept a negative placeholder id: they have no Telegram chat any more
    op.execute("UPDATE clients SET telegram_id = NULL WHERE telegram_id < 0")


def downgrade() -> None:
    op.execute("UPDATE clients SET telegram_id = -id WHERE telegram_id IS NULL")
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('channel')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('postal_address')
        batch_op.alter_column('telegram_id', existing_type=sa.BigInteger(), nullable=False)
