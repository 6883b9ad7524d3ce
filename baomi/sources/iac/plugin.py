"""How ``baomi scan`` asks for infrastructure code: the PATHs themselves, no option of its own."""
from __future__ import annotations

from baomi.sources.iac import IacSource, claims
from baomi.sources.interface import SourcePlugin
from baomi.sources.paths import display_path

PLUGIN = SourcePlugin(
    name="iac", label="infrastructure code", engines=("checkov",),
    asked=lambda inputs: bool(inputs.paths),
    build=lambda inputs: IacSource(inputs.paths, inputs.exclude),
    targets=lambda inputs: tuple(("iac", display_path(str(p))) for p in inputs.paths),
    claims=claims, reads="Terraform .tf / .tf.json / plan JSON, CloudFormation",
)
