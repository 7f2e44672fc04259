"""the tamper-evident journal: each event's place in its complaint's chain, its hash
chained to the previous event, its salt (its texts are covered by salted digests); the
anchors over every chain's last event. The events already there are sealed here, in the
order they were written, and a first anchor is taken.

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-07 01:45:00
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.domain.journal_seal import EventFacts, Seal, anchor_hash, new_salt
from core.persistence.types import UTCDateTime

revision = '0018'
down_revision = '0013'
branch_labels = None
depends_on = None

FACTS = ('complaint_id', 'kind', 'occurred_at', 'actor_kind', 'actor_id', 'actor_role',
         'actor_name', 'payload', 'client_visible')

events = sa.table(
    'journal_events',
    sa.column('id', sa.Integer()),
    sa.column('complaint_id', sa.Integer()),
    sa.column('occurred_at', UTCDateTime()),
    sa.column('actor_kind', sa.String()),
    sa.column('actor_id', sa.Integer()),
    sa.column('actor_role', sa.String()),
    sa.column('actor_name', sa.String()),
    sa.column('kind', sa.String()),
    sa.column('payload', sa.JSON()),
    sa.column('client_visible', sa.Boolean()),
    sa.column('sequence', sa.Integer()),
    sa.column('chain_hash', sa.String()),
    sa.column('salt', sa.String()),
)
complaints = sa.table('complaints', sa.column('id', sa.Integer()), sa.column('reference', sa.String()))
anchors = sa.table(
    'journal_anchors',
    sa.column('created_at', UTCDateTime()),
    sa.column('heads', sa.JSON()),
    sa.column('previous', sa.String()),
    sa.column('hash', sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table('journal_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('chain_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('salt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('commitments', sa.JSON(), nullable=True))
        batch_op.create_index('ux_journal_events_chain', ['complaint_id', 'sequence'], unique=True)
    op.create_table('journal_anchors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('heads', sa.JSON(), nullable=False),
    sa.Column('previous', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_anchors'))
    )
    _seal_the_events_already_there()


def _seal_the_events_already_there() -> None:
    """Each chain in the order its events were written, then one anchor over them."""
    bind = op.get_bind()
    references = dict(bind.execute(sa.select(complaints.c.id, complaints.c.reference)).all())
    heads: dict[int | None, tuple[int, str]] = defaultdict(lambda: (0, ''))
    for row in bind.execute(sa.select(events).order_by(events.c.id)).mappings().all():
        sequence, previous = heads[row['complaint_id']]
        facts = EventFacts(**{f: row[f] for f in FACTS}, sequence=sequence + 1)
        seal = Seal(new_salt())
        chain_hash = facts.hash(previous, seal)
        bind.execute(
            sa.update(events)
            .where(events.c.id == row['id'])
            .values(sequence=facts.sequence, chain_hash=chain_hash, salt=seal.salt)
        )
        heads[row['complaint_id']] = (facts.sequence, chain_hash)
    if heads:
        _anchor(bind, heads, references)


def _anchor(bind: Any, heads: dict[int | None, tuple[int, str]], references: dict[int, str]) -> None:
    listed = [
        {'complaint_id': c, 'reference': references.get(c) if c else None, 'sequence': s, 'hash': h}
        for c, (s, h) in sorted(heads.items(), key=lambda item: item[0] or 0)
    ]
    now = datetime.now(UTC)
    bind.execute(
        sa.insert(anchors).values(
            created_at=now, heads=listed, previous='', hash=anchor_hash(now, listed, '')
        )
    )


def downgrade() -> None:
    op.drop_table('journal_anchors')
    with op.batch_alter_table('journal_events', schema=None) as batch_op:
        batch_op.drop_index('ux_journal_events_chain')
        batch_op.drop_column('commitments')
        batch_op.drop_column('salt')
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('sequence')
