"""The ``baomi`` command. Subcommands live in their own modules; heavy imports happen inside them.

Exit codes: 0 gate passed, 1 gate failed, 2 usage or configuration error (one line, no traceback).
"""
from __future__ import annotations

import click

from baomi import __version__
from baomi.cli.baseline_cmds import make_baseline_group
from baomi.cli.catalog_cmds import checks_cmd, controls_cmd, frameworks_cmd
from baomi.cli.config_cmds import make_config_group
from baomi.cli.evidence_cmds import evidence_group
from baomi.cli.history_cmds import diff_cmd, history_group, trend_cmd
from baomi.cli.precommit import precommit_cmd
from baomi.cli.report_cmds import merge_cmd, report_group
from baomi.cli.scan import make_scan_command
from baomi.sources.registry import plugins


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="baomi")
def cli() -> None:
    """baomi (保密): compliance checks for financial customer information.

    Scans infrastructure code, live AWS accounts and databases, maps every finding to the clauses of
    Chinese financial privacy requirements, and writes a scored report.
    """


_scan = make_scan_command(plugins())
for command in (_scan, make_baseline_group(_scan), make_config_group(_scan), report_group, merge_cmd, history_group,
                diff_cmd, trend_cmd, evidence_group, precommit_cmd, frameworks_cmd, controls_cmd, checks_cmd):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="baomi")
