"""the chat of each stored update (inbound_updates.chat_id): replicas on one PostgreSQL
database process a chat's updates oldest first, under the chat's lock

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0017'  # after main's 0017 (staff groups), which landed first
branch_labels = None
depends_on = None


def _chat(raw: Any) -> int | None:
    """The chat an update belongs to (as bots.telegram.dialogue.engine.chat_of reads it,
    copied: a migration keeps its own logic)."""
    try:
        for key in ("message", "edited_message", "my_chat_member"):
            if key in raw:
                return int(raw[key]["chat"]["id"])
        query = raw.get("callback_query")
        if query:
            message = query.get("message") or {}
            return int((message.get("chat") or {}).get("id") or query["from"]["id"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return None


def upgrade() -> None:
    op.add_column('inbound_updates', sa.Column('chat_id', sa.BigInteger(), nullable=True))
    op.create_index(
        'ix_inbound_updates_chat', 'inbound_updates', ['chat_id', 'update_id'], unique=False
    )
    updates = sa.table(
        'inbound_updates',
        sa.column('update_id', sa.BigInteger()),
        sa.column('payload', sa.JSON()),
        sa.column('processed_at'),
        sa.column('chat_id', sa.BigInteger()),
    )
    bind = op.get_bind()
    waiting = bind.execute(
        sa.select(updates.c.update_id, updates.c.payload).where(updates.c.processed_at.is_(None))
    ).all()
    for update_id, payload in waiting:  # only the updates still to process need their chat
        bind.execute(
            sa.update(updates)
            .where(updates.c.update_id == update_id)
            .values(chat_id=_chat(payload))
        )


def downgrade() -> None:
    op.drop_index('ix_inbound_updates_chat', table_name='inbound_updates')
    op.drop_column('inbound_updates', 'chat_id')
