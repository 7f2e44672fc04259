"""the school's own copy of every file a client sends (evidence_files)

Revision ID: 0014
Revises: 0016
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.persistence.types import UTCDateTime

revision = '0014'
down_revision = '0016'  # after main's 0016 (improvement plan), which landed first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'evidence_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('file_ref', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('mime_type', sa.String(length=127), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.Column('path', sa.String(length=300), nullable=True),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.Column('stored_at', UTCDateTime(), nullable=True),
        sa.Column('erased_at', UTCDateTime(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_evidence_files_complaint_id_complaints')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
        sa.UniqueConstraint('complaint_id', 'file_ref', name='uq_evidence_files_file'),
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_complaint_id'), ['complaint_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_complaint_id'))
    op.drop_table('evidence_files')
