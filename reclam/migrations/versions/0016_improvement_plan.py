"""the improvement plan: preventive actions, follow-ups, and the effectiveness check of
every completed action (from a complaint or from a quality meeting)

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.persistence.types import UTCDateTime

revision = '0016'
down_revision = '0011'
branch_labels = None
depends_on = None

REVIEW_COLUMNS = ('follow_up_of', 'reviewed_at', 'effective', 'review_note')


def _review_columns() -> list[sa.Column[object]]:
    return [
        sa.Column('follow_up_of', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('effective', sa.Boolean(), nullable=True),
        sa.Column('review_note', sa.Text(), nullable=False, server_default=''),
    ]


def upgrade() -> None:
    with op.batch_alter_table('complaint_actions') as batch:
        for column in _review_columns():
            batch.add_column(column)
    with op.batch_alter_table('meeting_actions') as batch:
        batch.add_column(
            sa.Column('kind', sa.String(length=16), nullable=False, server_default='improvement')
        )
        for column in _review_columns():
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table('meeting_actions') as batch:
        for name in (*REVIEW_COLUMNS, 'kind'):
            batch.drop_column(name)
    with op.batch_alter_table('complaint_actions') as batch:
        for name in REVIEW_COLUMNS:
            batch.drop_column(name)
