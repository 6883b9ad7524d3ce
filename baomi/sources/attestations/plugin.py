"""How ``baomi scan`` asks for attestations: ``--attestations FILE``, or ``attestations:`` in the settings file."""
from __future__ import annotations

from pathlib import Path

import click

from baomi.options import InputPath
from baomi.sources.interface import ScanInputs, Source, SourcePlugin
from baomi.sources.paths import display_path


def _file(inputs: ScanInputs) -> Path | None:
    given = inputs.option("attestations_file")
    if given:
        return Path(given)
    from_settings = inputs.settings.attestations if inputs.settings is not None else ""
    return Path(from_settings) if from_settings else None


def _build(inputs: ScanInputs) -> Source:
    from baomi.sources.attestations import AttestationSource

    path = _file(inputs)
    assert path is not None  # asked only when there is one
    return AttestationSource(path)


PLUGIN = SourcePlugin(
    name="attestations", label="attestations", engines=("attestation",),
    asked=lambda inputs: _file(inputs) is not None,
    build=_build,
    targets=lambda inputs: (("attestations", display_path(str(_file(inputs)))),),
    options=(
        click.Option(["--attestations", "attestations_file"], type=InputPath(path_type=Path), metavar="FILE",
                     help="Attestations (YAML: who attests which procedural control or target, with evidence "
                          "and expiry; docs/attestations.md). Also `attestations:` in the settings file."),
    ),
    options_title="Evidence",
    input_options=("attestations_file",),
)
