"""What a recorded run keeps beside its results document: who ran it and where (user, host, CI job), the
catalog it was judged with, a digest of its settings, and the waivers in force."""
from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
import os
import platform
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from importlib.abc import Traversable

from baomi.settings import Settings
from baomi.waivers import Waiver


@dataclass(frozen=True)
class RunContext:
    user: str | None = None
    host: str | None = None
    #: the CI job that ran the scan (its URL where the CI system gives one), None outside CI
    ci_job: str | None = None
    #: digest of the catalog shipped with baomi (frameworks, controls, checks)
    catalog_version: str | None = None
    #: SHA-256 of the settings the checks read (thresholds, allowed regions, profile)
    settings_digest: str | None = None
    waivers: tuple[Waiver, ...] = ()
    #: what the scan ran with: baomi, checkov and Python versions (kept with the run's files, for the evidence)
    versions: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def current(cls, settings: Settings | None = None, waivers: Sequence[Waiver] = (),
                environ: Mapping[str, str] | None = None) -> RunContext:
        """The context of a scan run now, in this process."""
        env = os.environ if environ is None else environ
        return cls(user=_user(), host=socket.gethostname() or None, ci_job=ci_job(env),
                   catalog_version=catalog_version(),
                   settings_digest=None if settings is None else settings_digest(settings),
                   waivers=tuple(waivers), versions=versions())


def versions() -> dict[str, str | None]:
    """baomi's, checkov's and Python's versions in this process (checkov's as installed, without importing it)."""
    from baomi import __version__

    return {"baomi": __version__, "checkov": _installed("checkov"), "python": platform.python_version()}


def _installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container) and no LOGNAME/USER
        return None


def ci_job(env: Mapping[str, str]) -> str | None:
    """The CI job from the environment: GitHub Actions, GitLab CI, Jenkins, else any CI_JOB_ID."""
    if env.get("GITHUB_ACTIONS") == "true" and env.get("GITHUB_RUN_ID"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        job = f" job {env['GITHUB_JOB']}" if env.get("GITHUB_JOB") else ""
        return f"{server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env['GITHUB_RUN_ID']}{job}"[:500]
    for name in ("CI_JOB_URL", "BUILD_URL", "CI_JOB_ID"):
        if env.get(name):
            return env[name][:500]
    return None


def settings_digest(settings: Settings) -> str:
    """SHA-256 of the settings as canonical JSON: two runs with one digest judged with the same thresholds. Where
    the run is recorded (``history``) is not a setting the checks read, and is left out."""
    values = dataclasses.asdict(settings)
    values.pop("history", None)
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def catalog_version() -> str:
    """``sha256:<12 hex>`` of the catalog files shipped with baomi (their names and contents)."""
    digest = hashlib.sha256()
    for name, data in sorted(_files(resources.files("baomi.catalog"), "")):
        digest.update(name.encode("utf-8") + b"\0" + data)
    return f"sha256:{digest.hexdigest()[:12]}"


def _files(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            out += _files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".yaml", ".yml")):
            out.append((prefix + entry.name, entry.read_bytes()))
    return out
