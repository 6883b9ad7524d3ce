"""The checkov verdict on a resource's firewall rules, from the cloud-neutral judgement of
``baomi.checks.ports`` (shared with the live AWS checks). Importing this module does not import checkov
(only building a verdict does).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from baomi.checks.ports import IngressRule, PortSet, exposed
from baomi.checks.terraform.values import verdict

if TYPE_CHECKING:
    from checkov.common.models.enums import CheckResult

def judge(rules: Iterable[IngressRule | None], guarded: PortSet) -> tuple[CheckResult, list[str]]:
    """The checkov result on a resource's rules (None: a rule hidden behind an expression), and a detail
    line for each rule that opens a guarded port to any address."""
    violated, details = exposed(rules, guarded)
    return verdict(violated), details
