"""Results document 1.2: the root a scanned path's files are named from (``run_targets.root``) and the gate's
reasons as data (``runs.gate_details``); null for runs recorded before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('runs', sa.Column('gate_details', sa.JSON(), nullable=True))
    op.add_column('run_targets', sa.Column('root', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('run_targets') as batch:
        batch.drop_column('root')
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('gate_details')
