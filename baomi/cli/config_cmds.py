"""The settings a scan runs with, and where each came from: ``baomi config show``, and the resolution ``baomi
scan`` uses (docs/settings.md).

Precedence, highest first: the command line; the environment (the language only: ``LC_ALL``, ``LC_MESSAGES``,
``LANG``); the settings file (``--config FILE``, else ``baomi.yaml`` or ``.baomi.yaml`` found at the repository
root, unless ``--no-config``); baomi's defaults. A list given on the command line replaces the file's list.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from baomi import i18n
from baomi.cli.common import columns, fail, lang_and_origin, pad
from baomi.settings import GATE_KEYS, ScanDefaults, Settings, SettingsFile, discover, settings_root
from baomi.userfiles import UserFileError

#: the settings options of ``baomi scan`` (and ``config show``): parameter name -> the ScanDefaults field it sets
_SCAN_PARAMS = {"framework_ids": "frameworks", "formats": "formats", "exclude": "exclude",
                "waivers_file": "waivers", "baseline": "baseline", "fail_under": "fail_under", "fail_on": "fail_on",
                "allow_errors": "allow_errors"}
#: the checks' settings the command line sets: parameter name -> Settings field (only --allowed-region changes
#: the settings the checks read; --attestations and --history are read by the scan as options, and shown here)
_SETTINGS_PARAMS = {"allowed_regions": "allowed_regions", "attestations_file": "attestations",
                    "history_url": "history"}


def file_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--no-config`` and ``--baseline`` for ``baomi scan`` (its other options a settings file may set are its own)."""
    command = click.option(
        "--baseline", metavar="FILE|history:RUN",
        help="Gate only on findings not open in this earlier scan: a results JSON file, or a run of the history "
             "(history:RUN, or RUN when no such file exists); docs/baseline.md.")(command)
    return click.option("--no-config", is_flag=True,
                        help="Read no settings file (not even baomi.yaml or .baomi.yaml at the repository root)."
                        )(command)


#: the options of ``baomi scan`` that ``baomi config show`` takes too, to show what they change
SHOWN_PARAMS = ("framework_ids", "formats", "exclude", "config_file", "no_config", "allowed_regions", "waivers_file",
                "baseline", "fail_under", "fail_on", "allow_errors", "no_gate", "history_url", "attestations_file",
                "lang")


@dataclass(frozen=True)
class Effective:
    """The settings a command runs with: the file read (None: none), the checks' settings, the scan's options,
    the language, and each value's origin (``default``, ``file``, ``command line``, ``environment NAME``)."""

    file: Path | None
    settings: Settings
    scan: ScanDefaults
    lang: str
    origins: Mapping[str, str]
    #: values of the command line shown in place of the settings' (--attestations, --history)
    shown: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: set when no file was read: where one was looked for, or None under --no-config
    looked_in: Path | None = None


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def settings_file(config_file: Path | None, no_config: bool) -> tuple[SettingsFile | None, Path | None]:
    """The settings file to read (--config, else the one found at the repository root) and, when there is none,
    where it was looked for; exit 2 on a file that cannot be read."""
    if config_file is not None and no_config:
        fail("--config and --no-config cannot be combined (--config 与 --no-config 不能同时使用)")
    try:
        found = config_file if config_file is not None or no_config else discover(Path.cwd())
        if found is None:
            return None, None if no_config else settings_root(Path.cwd())
        return SettingsFile.read(found), None
    except UserFileError as exc:
        fail(str(exc))


def effective(ctx: click.Context) -> Effective:
    """Resolve a command's settings from its parameters (those of ``baomi scan`` that set a value: SHOWN_PARAMS,
    where the command has them)."""
    params = ctx.params
    read, looked_in = settings_file(params.get("config_file"), bool(params.get("no_config")))
    origins: dict[str, str] = {}
    settings = Settings() if read is None else read.settings
    file_keys = frozenset() if read is None else read.keys
    for f in dataclasses.fields(Settings):
        origins[f.name] = "file" if f.name in file_keys else "default"
    shown: dict[str, Any] = {}
    for param, name in _SETTINGS_PARAMS.items():
        if param in params and _given(ctx, param):
            value = params[param]
            shown[name] = tuple(value) if isinstance(value, tuple) else str(value)
            origins[name] = "command line"
    if any(not region.strip() for region in shown.get("allowed_regions", ())):
        fail("--allowed-region: an empty region was given (an unset variable?)")
    if "allowed_regions" in shown:
        settings = dataclasses.replace(settings, allowed_regions=shown["allowed_regions"])

    scan = ScanDefaults() if read is None else read.scan
    scan_changes: dict[str, Any] = {}
    no_gate = bool(params.get("no_gate"))
    for param, name in _SCAN_PARAMS.items():
        key = f"gate.{name}" if name in GATE_KEYS else name
        if param in params and _given(ctx, param):
            value = params[param]
            scan_changes[name] = str(value) if isinstance(value, Path) else value
            origins[key] = "command line"
        elif name in GATE_KEYS and no_gate:
            scan_changes[name] = None
            origins[key] = "command line"  # --no-gate: the file's gate is not applied
        else:
            origins[key] = "file" if key in file_keys else "default"
    scan = dataclasses.replace(scan, **scan_changes)

    lang, origins["lang"] = lang_and_origin(params.get("lang"))
    return Effective(None if read is None else read.path, settings, scan, lang, origins, shown, looked_in)


# ----------------------------------------------------------------------------------------------- config show


def make_config_group(scan: click.Command) -> click.Group:
    """``baomi config show`` with the options of ``scan`` that set a value (SHOWN_PARAMS), so that it shows what
    that scan would run with."""
    group = click.Group("config", help="The settings baomi scan would run with here: docs/settings.md.",
                        short_help="The settings in effect and where each came from.")
    params = [p for p in scan.params if p.name in SHOWN_PARAMS]
    params.append(click.Option(["--json", "as_json"], is_flag=True, help="Print JSON instead of text."))
    group.add_command(click.Command("show", callback=_show, params=params, help=_show.__doc__,
                                    short_help="Print the effective settings and where each came from."))
    return group


def _show(as_json: bool, **_: Any) -> None:
    """Print the settings baomi scan would run with here, given the same options, and where each value came
    from: the command line, the environment, the settings file (named), or baomi's default."""
    resolved = effective(click.get_current_context())
    rows = _rows(resolved)
    if as_json:
        click.echo(json.dumps({"file": None if resolved.file is None else str(resolved.file),
                               "values": {key: {"value": value, "origin": origin} for key, value, origin in rows}},
                              ensure_ascii=False, indent=2))
        return
    words = i18n.section("cfg_", resolved.lang)
    if resolved.file is not None:
        click.echo(words["file_line"].format(path=resolved.file))
    elif resolved.looked_in is None:
        click.echo(words["ignored"])
    else:
        click.echo(words["no_file"].format(root=resolved.looked_in))
    width = max(len(key) for key, _, _ in rows)
    shown = [(key, _shown(value), _origin(origin, resolved, words)) for key, value, origin in rows]
    value_width = min(60, max(columns(text) for _, text, _ in shown))
    for key, text, origin in shown:
        click.echo(f"  {key:<{width}}  {pad(text, value_width)}  {origin}")


def _rows(resolved: Effective) -> list[tuple[str, Any, str]]:
    """(key, value, origin) of every setting, as JSON values; the history's URL without its password."""
    rows: list[tuple[str, Any, str]] = []
    scan = dataclasses.asdict(resolved.scan)
    for name, value in scan.items():
        key = f"gate.{name}" if name in GATE_KEYS else name
        rows.append((key, list(value) if isinstance(value, tuple) else (value or None), resolved.origins[key]))
    values = dataclasses.asdict(resolved.settings)
    for f in dataclasses.fields(Settings):
        value = resolved.shown.get(f.name, values[f.name])
        if f.name == "history":
            value = _history_shown(value)
        rows.append((f.name, list(value) if isinstance(value, tuple) else (None if value == "" else value),
                     resolved.origins[f.name]))
    rows.append(("lang", resolved.lang, resolved.origins["lang"]))
    return rows


def _history_shown(text: str) -> str | None:
    """The history database as baomi shows it everywhere: never with its password."""
    if not text:
        return None
    from baomi.history.location import HistoryError, locate

    try:
        return locate(text).shown
    except HistoryError as exc:
        fail(f"history: {exc}")


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={'—' if v is None else v}" for k, v in value.items())
    return str(value).lower() if isinstance(value, bool) else str(value)


def _origin(origin: str, resolved: Effective, words: Mapping[str, str]) -> str:
    if origin == "file":
        return words["origin_file"].format(path=resolved.file)
    if origin.startswith("environment "):
        return words["origin_environment"].format(name=origin.split(" ", 1)[1])
    return words["origin_command_line"] if origin == "command line" else words["origin_default"]

