"""Evidence files: content-addressed ``blobs`` (each stored once, zlib-compressed) and each run's ``run_files`` on
them: its results document in parts and the evidence the scan read (baomi/history/schema.py, docs/evidence.md).
Runs recorded before have no files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blobs',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('run_files',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_run_files_run_id_runs'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_run_files_sha256_blobs')),
        sa.PrimaryKeyConstraint('run_id', 'position', name=op.f('pk_run_files')),
        sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('run_files')
    op.drop_table('blobs')
