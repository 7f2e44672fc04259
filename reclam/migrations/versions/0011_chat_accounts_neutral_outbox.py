"""chat accounts instead of Telegram ids for clients and staff; an outbox addressed by
channel and recipient (an email is no longer a pseudo chat)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

EMAIL_LANE = 0  # before 0011, emails were queued under this pseudo chat id


def _people_up(table: str, nullable: bool) -> None:
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column('chat_network', sa.String(length=16), nullable=True))
        batch.alter_column('telegram_id', new_column_name='chat_user_id',
                           existing_type=sa.BigInteger(), existing_nullable=nullable)
        batch.drop_constraint(f'uq_{table}_telegram_id', type_='unique')
    with op.batch_alter_table(table) as batch:
        batch.create_unique_constraint(f'uq_{table}_chat', ['chat_network', 'chat_user_id'])
    rows = sa.table(table, sa.column('chat_network'), sa.column('chat_user_id'))
    op.execute(rows.update().where(rows.c.chat_user_id.is_not(None)).values(chat_network='telegram'))
    if not nullable:
        with op.batch_alter_table(table) as batch:
            batch.alter_column('chat_network', existing_type=sa.String(length=16), nullable=False)


def _people_down(table: str, nullable: bool) -> None:
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(f'uq_{table}_chat', type_='unique')
        batch.alter_column('chat_user_id', new_column_name='telegram_id',
                           existing_type=sa.BigInteger(), existing_nullable=nullable)
        batch.drop_column('chat_network')
    with op.batch_alter_table(table) as batch:
        batch.create_unique_constraint(f'uq_{table}_telegram_id', ['telegram_id'])


def upgrade() -> None:
    _people_up('clients', nullable=True)
    _people_up('staff_members', nullable=False)
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('channel', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('recipient', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('sent_ref', sa.String(length=64), nullable=True))
    outbox = sa.table('outbox', sa.column('id'), sa.column('chat_id'), sa.column('method'),
                      sa.column('payload', sa.JSON), sa.column('channel'), sa.column('recipient'),
                      sa.column('telegram_message_id'), sa.column('sent_ref'))
    connection = op.get_bind()
    for row in connection.execute(sa.select(outbox)).all():
        email = row.method == 'send_email'
        connection.execute(outbox.update().where(outbox.c.id == row.id).values(
            channel='email' if email else 'telegram',
            recipient=str(row.payload.get('to', '')) if email else str(row.chat_id),
            sent_ref=None if row.telegram_message_id is None else str(row.telegram_message_id),
        ))
    with op.batch_alter_table('outbox') as batch:
        batch.alter_column('channel', existing_type=sa.String(length=16), nullable=False)
        batch.alter_column('recipient', existing_type=sa.String(length=254), nullable=False)
        batch.drop_column('chat_id')
        batch.drop_column('telegram_message_id')


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('chat_id', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('telegram_message_id', sa.BigInteger(), nullable=True))
    outbox = sa.table('outbox', sa.column('id'), sa.column('chat_id'), sa.column('channel'),
                      sa.column('recipient'), sa.column('telegram_message_id'),
                      sa.column('sent_ref'))
    connection = op.get_bind()
    for row in connection.execute(sa.select(outbox)).all():
        telegram = row.channel == 'telegram'
        connection.execute(outbox.update().where(outbox.c.id == row.id).values(
            chat_id=int(row.recipient) if telegram else EMAIL_LANE,
            telegram_message_id=int(row.sent_ref) if telegram and row.sent_ref else None,
        ))
    with op.batch_alter_table('outbox') as batch:
        batch.alter_column('chat_id', existing_type=sa.BigInteger(), nullable=False)
        batch.drop_column('channel')
        batch.drop_column('recipient')
        batch.drop_column('sent_ref')
    _people_down('staff_members', nullable=False)
    _people_down('clients', nullable=True)
