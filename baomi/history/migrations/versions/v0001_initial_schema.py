"""The initial schema: runs, what they scanned, their scores per framework, clause and control, their
findings on fingerprint keys, and the attestations and waivers in force (baomi/history/schema.py).

Revision ID: 0001
Revises: None
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('finding_keys',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('check_id', sa.String(length=200), nullable=False),
        sa.Column('source', sa.String(length=50), nullable=False),
        sa.Column('resource', sa.Text(), nullable=False),
        sa.Column('file', sa.Text(), nullable=True),
        sa.Column('account', sa.String(length=50), nullable=True),
        sa.Column('region', sa.String(length=50), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('suppression', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_keys')),
        sa.UniqueConstraint('fingerprint', name=op.f('uq_finding_keys_fingerprint'))
    )
    op.create_table('runs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('scanned_at', sa.DateTime(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('user_name', sa.String(length=200), nullable=True),
        sa.Column('host', sa.String(length=255), nullable=True),
        sa.Column('ci_job', sa.String(length=500), nullable=True),
        sa.Column('tool_version', sa.String(length=50), nullable=False),
        sa.Column('catalog_version', sa.String(length=100), nullable=True),
        sa.Column('document_version', sa.String(length=10), nullable=False),
        sa.Column('fingerprint_version', sa.Integer(), nullable=False),
        sa.Column('settings_digest', sa.String(length=64), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('grade', sa.String(length=4), nullable=False),
        sa.Column('controls_assessed', sa.Integer(), nullable=False),
        sa.Column('controls_mapped', sa.Integer(), nullable=False),
        sa.Column('clauses_evidenced', sa.Integer(), nullable=True),
        sa.Column('clauses_applicable', sa.Integer(), nullable=True),
        sa.Column('count_pass', sa.Integer(), nullable=False),
        sa.Column('count_fail', sa.Integer(), nullable=False),
        sa.Column('count_error', sa.Integer(), nullable=False),
        sa.Column('count_suppressed', sa.Integer(), nullable=False),
        sa.Column('count_not_applicable', sa.Integer(), nullable=False),
        sa.Column('gate_passed', sa.Boolean(), nullable=True),
        sa.Column('gate_reasons', sa.JSON(), nullable=True),
        sa.Column('profile', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_runs_scanned_at'), ['scanned_at'], unique=False)

    op.create_table('attestations',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('check_id', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('owner', sa.Text(), nullable=True),
        sa.Column('role', sa.Text(), nullable=True),
        sa.Column('statement', sa.Text(), nullable=True),
        sa.Column('done', sa.Date(), nullable=True),
        sa.Column('expires', sa.Date(), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_attestations_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'position', name=op.f('pk_attestations')),
        sqlite_with_rowid=False
    )
    op.create_table('clause_scores',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.String(length=100), nullable=False),
        sa.Column('clause_id', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('compliance', sa.String(length=30), nullable=True),
        sa.Column('controls_evidenced', sa.Integer(), nullable=True),
        sa.Column('controls_mapped', sa.Integer(), nullable=True),
        sa.Column('risk_accepted', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_clause_scores_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'framework_id', 'clause_id', name=op.f('pk_clause_scores')),
        sqlite_with_rowid=False
    )
    op.create_table('control_scores',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('control_id', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_control_scores_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'control_id', name=op.f('pk_control_scores')),
        sqlite_with_rowid=False
    )
    op.create_table('findings',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('severity', sa.String(length=10), nullable=True),
        sa.Column('line', sa.Integer(), nullable=True),
        sa.Column('end_line', sa.Integer(), nullable=True),
        sa.Column('resource', sa.Text(), nullable=True),
        sa.Column('file', sa.Text(), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('suppression', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['key_id'], ['finding_keys.id'], name=op.f('fk_findings_key_id_finding_keys')),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_findings_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'position', name=op.f('pk_findings')),
        sqlite_with_rowid=False
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_key_id'), ['key_id'], unique=False)

    op.create_table('framework_scores',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=50), nullable=True),
        sa.Column('version', sa.String(length=200), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('grade', sa.String(length=4), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('controls_assessed', sa.Integer(), nullable=False),
        sa.Column('controls_mapped', sa.Integer(), nullable=False),
        sa.Column('clauses_evidenced', sa.Integer(), nullable=True),
        sa.Column('clauses_applicable', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_framework_scores_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'framework_id', name=op.f('pk_framework_scores')),
        sqlite_with_rowid=False
    )
    op.create_table('run_targets',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=50), nullable=False),
        sa.Column('target', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_run_targets_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'position', name=op.f('pk_run_targets')),
        sqlite_with_rowid=False
    )
    op.create_table('waivers',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('check_id', sa.String(length=200), nullable=False),
        sa.Column('resource', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('expires', sa.Date(), nullable=False),
        sa.Column('approved_by', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_waivers_run_id_runs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', 'position', name=op.f('pk_waivers')),
        sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('waivers')
    op.drop_table('run_targets')
    op.drop_table('framework_scores')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_key_id'))

    op.drop_table('findings')
    op.drop_table('control_scores')
    op.drop_table('clause_scores')
    op.drop_table('attestations')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_runs_scanned_at'))

    op.drop_table('runs')
    op.drop_table('finding_keys')
