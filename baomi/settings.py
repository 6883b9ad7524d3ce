"""Tunable thresholds of the checks and the institution profile, each default with where it comes from; and
what a settings file says about how ``baomi scan`` runs (``ScanDefaults``: frameworks, formats, gate, excludes,
waivers, baseline), which the checks never read.

Users override them with ``--config baomi.yaml`` (same keys), a ``baomi.yaml`` or ``.baomi.yaml`` found at the
repository root (``discover``, docs/settings.md), or specific CLI options. Checks read the
values from the Settings they are given, never from module globals, except the checkov custom checks,
which checkov instantiates itself and which read ``current()``. ``SOURCES`` says, for every default, which
text sets it or that it is baomi's own (a test holds every field to having one).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

#: Mainland China regions of AWS, Alibaba Cloud and Tencent Cloud.
DEFAULT_ALLOWED_REGIONS: tuple[str, ...] = (
    # AWS China
    "cn-north-1", "cn-northwest-1",
    # Alibaba Cloud mainland
    "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou",
    "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu",
    "cn-wuhan-lr",
    # Tencent Cloud mainland
    "ap-beijing", "ap-shanghai", "ap-guangzhou", "ap-chengdu", "ap-chongqing", "ap-nanjing",
    "ap-shanghai-fsi", "ap-shenzhen-fsi", "ap-beijing-fsi",
)

INSTITUTION_TYPES = ("commercial_bank", "microlender", "advisory", "other")


def spellings(level: str) -> frozenset[str]:
    """How a level of the classification scheme may be written, compared case-insensitively after trimming:
    as itself; a numeric level N also as ``LN`` and ``N级`` ("3", "L3", "l3", "3级"). Nothing else: a value
    nobody foresaw is outside the scheme, never read as the nearest level."""
    text = level.strip().lower()
    return frozenset({text, f"l{text}", f"{text}级"}) if text.isdigit() else frozenset({text})


def level_of(value: Any, levels: Iterable[str]) -> str | None:
    """The level of ``levels`` that ``value`` spells, or None (also for what is neither text nor a number)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip().lower()
    return next((level for level in levels if text in spellings(level)), None)


@dataclass(frozen=True)
class Profile:
    """Who the institution is, for the clauses that bind only some (docs/scoring.md#applicability).
    None: not stated, and a clause that depends on it applies (the stricter reading)."""

    institution_type: str | None = None  # commercial_bank, microlender, advisory, other
    #: operator of critical information infrastructure (关键信息基础设施运营者)
    ciio: bool | None = None
    #: number of individuals whose personal information it handles
    pi_subjects: int | None = None


@dataclass(frozen=True)
class Settings:
    allowed_regions: tuple[str, ...] = DEFAULT_ALLOWED_REGIONS
    #: share of staff console (IAM) users with MFA; the seeds' 90% is of customer accounts (below)
    staff_mfa_coverage_target: float = 1.0
    #: 金融服务客户隐私保护承诺 §五: two-factor authentication on 90% of customer accounts, from an attestation
    customer_mfa_coverage_target: float = 0.9
    #: §五: quarterly privacy training, 95% of staff attend and pass
    training_attendance_target: float = 0.95
    training_pass_target: float = 0.95
    #: §五: 100% of customers sign the privacy-policy consent
    consent_signed_target: float = 1.0
    #: §五: every third party assessed at least once a year
    third_party_assessment_days: int = 366
    min_password_length: int = 14
    max_password_age_days: int = 90
    password_reuse_prevention: int = 5
    max_access_key_age_days: int = 90
    max_unused_credential_days: int = 90
    min_backup_retention_days: int = 7
    #: a TLS certificate (ACM) closer to its expiry than this fails: time to renew or re-import it
    min_certificate_validity_days: int = 30
    #: 网络安全法 Art. 23(3) (Art. 21(3) before 2026): network logs kept no less than six months; six calendar
    #: months are up to 184 days
    min_log_retention_days: int = 184
    #: the quarterly report: days within which an open finding of each severity is to be remediated (past them it
    #: is overdue), and how many days ahead a waiver's or an attestation's end is announced
    remediation_days_critical: int = 15
    remediation_days_high: int = 30
    remediation_days_medium: int = 90
    remediation_days_low: int = 180
    expiry_notice_days: int = 90
    #: tag keys that count as a data-classification label on a data store
    classification_tag_keys: tuple[str, ...] = ("DataClassification", "data_classification", "Classification")
    #: the institution's classification scheme: the values a classification tag may carry. JR/T 0197-2020's data
    #: security levels 1 (lowest) to 5; a numeric level N may also be written LN or N级, in any case
    classification_values: tuple[str, ...] = ("1", "2", "3", "4", "5")
    #: the levels of classification_values that mark a store holding customer data (lifecycle checks apply to
    #: those): JR/T 0197-2020 places personal financial information of classes C1, C2, C3 at levels 2, 3, 4
    customer_data_tag_values: tuple[str, ...] = ("2", "3", "4")
    #: 反洗钱法 (2024) Art. 34: customer identity and transaction records kept at least ten years; no lifecycle rule
    #: may expire customer data sooner (ten calendar years are up to 3653 days)
    min_record_retention_days: int = 3653
    #: database accounts allowed to hold global ALL privileges / superuser
    db_admin_accounts: tuple[str, ...] = ("root", "postgres", "mariadb.sys")
    #: AWS accounts (12-digit IDs, or S3 canonical user IDs) outside the scanned one that may be granted access to
    #: its buckets, keys and snapshots; any other account a policy, ACL or snapshot names is an exposure
    trusted_accounts: tuple[str, ...] = ()
    #: PostgreSQL tables holding customer data, which must have row-level security (``schema.table``; shell-style
    #: wildcards; a name without a schema matches it in any schema). Empty: the row-level security check does not apply
    customer_data_tables: tuple[str, ...] = ()
    #: attestations file (docs/attestations.md), relative to the settings file; "" for none
    attestations: str = ""
    #: history database every scan is recorded in (docs/history.md): a URL (postgresql://…, sqlite:///PATH) or a
    #: SQLite file, relative to the settings file; "" for none. Not shown by repr: a URL may hold a password
    history: str = field(default="", repr=False)
    profile: Profile = field(default_factory=Profile)

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Read a YAML settings file. Unknown keys and wrong types are errors: a typo must not silently
        leave a threshold at its default, and a string where a list belongs must not become a substring test."""
        return SettingsFile.read(path).settings

    @classmethod
    def _from_data(cls, data: dict[str, Any], path: Path) -> Settings:
        from baomi.userfiles import UserFileError, clip

        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        if "profile" in values:
            values["profile"] = Profile(**values["profile"])
        if values.get("attestations"):
            values["attestations"] = str(path.parent / values["attestations"])
        if "history" in values:
            values["history"] = _history_location(values["history"], path.parent)
        settings = cls(**values)
        stray = [v for v in settings.customer_data_tag_values if level_of(v, settings.classification_values) is None]
        if stray:  # a customer-data value no store can carry would silently switch the lifecycle checks off
            raise UserFileError(f"{path}: customer_data_tag_values: {clip(repr(stray[0]), 60)} is not a level of "
                                f"classification_values ({clip(', '.join(settings.classification_values), 200)})")
        return settings


@dataclass(frozen=True)
class ScanDefaults:
    """How ``baomi scan`` runs when its command line does not say: the scan options a settings file may set.
    Not read by the checks, so not part of the settings digest. Empty or None: not set."""

    frameworks: tuple[str, ...] = ()
    #: ``FMT[:FILE]`` as for --format, FILE relative to the settings file
    formats: tuple[str, ...] = ()
    fail_under: float | None = None
    fail_on: str | None = None
    allow_errors: bool | None = None
    exclude: tuple[str, ...] = ()
    #: waivers file, relative to the settings file
    waivers: str = ""
    #: a results file relative to the settings file, or ``history:RUN`` (docs/baseline.md)
    baseline: str = ""


#: the keys of ``gate:`` in a settings file, and the ScanDefaults field each sets
GATE_KEYS = ("fail_under", "fail_on", "allow_errors")
#: --fail-on's values (baomi.gate.FAIL_ON_CHOICES, which sits above the settings)
_FAIL_ON = ("critical", "high", "medium", "low", "none")


@dataclass(frozen=True)
class SettingsFile:
    """A settings file read: the checks' settings, the scan's defaults, and which keys it set (``gate.fail_on``
    for a key of ``gate:``), for ``baomi config show``."""

    path: Path
    settings: Settings
    scan: ScanDefaults
    keys: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> SettingsFile:
        """Read and validate a YAML settings file (UserFileError, one line). Paths in it are relative to it."""
        import jsonschema

        from baomi.userfiles import UserFileError, read_yaml, schema_problem

        data = read_yaml(path, "settings file")
        if data is None:
            return cls(path, Settings(), ScanDefaults(), frozenset())
        if isinstance(data, dict) and "mfa_coverage_target" in data and "staff_mfa_coverage_target" not in data:
            data["staff_mfa_coverage_target"] = data.pop("mfa_coverage_target")  # its name before 0.2
        error = next(iter(jsonschema.Draft202012Validator(_SCHEMA).iter_errors(data)), None)
        if error is not None:
            raise UserFileError(f"{path}: {schema_problem(error)}")
        scan = {k: data.pop(k) for k in _SCAN_SCHEMA if k in data}
        gate = scan.pop("gate", {})
        keys = frozenset([*data, *scan, *(f"gate.{k}" for k in gate)])
        folder = path.parent
        defaults = ScanDefaults(
            frameworks=tuple(scan.get("frameworks", ())),
            formats=tuple(_relative_format(spec, folder) for spec in scan.get("formats", ())),
            fail_under=None if "fail_under" not in gate else float(gate["fail_under"]),
            fail_on=gate.get("fail_on"), allow_errors=gate.get("allow_errors"),
            exclude=tuple(scan.get("exclude", ())),
            waivers=str(folder / scan["waivers"]) if scan.get("waivers") else "",
            baseline=_relative_baseline(scan.get("baseline", ""), folder))
        return cls(path, Settings._from_data(data, path), defaults, keys)


def _relative_format(spec: str, folder: Path) -> str:
    """``FMT:FILE`` with FILE relative to ``folder`` (``-``, standard output, and a bare ``FMT`` as written)."""
    name, sep, file = spec.partition(":")
    return spec if not sep or not file or file == "-" else f"{name}:{folder / file}"


def _relative_baseline(text: str, folder: Path) -> str:
    """``baseline:`` of a settings file: ``history:RUN`` as written, a file relative to ``folder``."""
    text = text.strip()
    return text if not text or text.startswith("history:") else str(folder / text)


#: the names of a settings file baomi looks for at the repository root, in this order
SETTINGS_NAMES = ("baomi.yaml", ".baomi.yaml")


def settings_root(start: Path) -> Path:
    """Where the settings file is looked for: the root of the git work tree holding ``start`` (the nearest folder
    up with a ``.git``, a directory or a worktree's file), else ``start`` itself (no walking up outside git: a
    file in some parent folder is not the project's)."""
    from baomi.worktree import place

    return Path(place(str(start)).path)


def discover(start: Path) -> Path | None:
    """The settings file at ``settings_root(start)``; None when there is none. Both names there is ambiguous:
    UserFileError."""
    from baomi.userfiles import UserFileError

    root = settings_root(start)
    found = [root / name for name in SETTINGS_NAMES if (root / name).is_file()]
    if len(found) > 1:
        raise UserFileError(f"{root}: both {SETTINGS_NAMES[0]} and {SETTINGS_NAMES[1]} are there; keep one "
                            f"(两个设置文件同时存在，请只保留一个)")
    return found[0] if found else None


def _history_location(text: str, folder: Path) -> str:
    """``history:`` of a settings file in ``folder``: a SQLite file, as a path or ``sqlite:///relative/path``,
    relative to that folder; any other URL as written (blank: none)."""
    text = text.strip()
    if not text:
        return ""
    if "://" not in text:
        return str(folder / text)
    scheme, _, rest = text.partition("://")
    if scheme.lower() == "sqlite" and rest.startswith("/") and not rest.startswith("//") and rest != "/":
        return f"sqlite:///{folder / rest[1:]}"
    return text


#: where each default comes from: a text and its clause, or baomi's own choice (docs/scoring.md#settings)
SOURCES: dict[str, str] = {
    "allowed_regions": "PBOC 银发〔2011〕17号 (banks: personal financial information stored and processed in "
                       "China); 个人信息保护法 Art. 40 and 网络安全法 Art. 39 for CII operators and handlers above "
                       "the threshold",
    "staff_mfa_coverage_target": "baomi default: every console user (staff) has MFA",
    "customer_mfa_coverage_target": "金融服务客户隐私保护承诺 §五: two-factor authentication on 90% of customer "
                                    "accounts",
    "training_attendance_target": "金融服务客户隐私保护承诺 §五: quarterly training, 95% attend and pass",
    "training_pass_target": "金融服务客户隐私保护承诺 §五: quarterly training, 95% attend and pass",
    "consent_signed_target": "金融服务客户隐私保护承诺 §五: 100% of customers sign the privacy-policy consent",
    "third_party_assessment_days": "金融服务客户隐私保护承诺 §五: third parties assessed at least once a year",
    "min_password_length": "baomi default (CIS AWS Foundations Benchmark 1.8: 14 characters)",
    "max_password_age_days": "baomi default",
    "password_reuse_prevention": "baomi default",
    "max_access_key_age_days": "baomi default (CIS AWS Foundations Benchmark: keys rotated every 90 days)",
    "max_unused_credential_days": "baomi default",
    "min_backup_retention_days": "baomi default",
    "min_certificate_validity_days": "baomi default: 30 days, inside the 45 days before expiry in which ACM "
                                     "warns, and past the 60 days before it in which ACM renews what it issued",
    "min_log_retention_days": "网络安全法 Art. 23(3) (Art. 21(3) before 2026-01-01): logs kept at least six months",
    "classification_tag_keys": "baomi default: the tag keys read as a classification label",
    "classification_values": "JR/T 0197-2020 金融数据安全 数据安全分级指南: data security levels 5级, 4级, 3级, "
                             "2级, 1级 (checked: the standard's title page and a published summary, 将数据安全级别"
                             "从高到低划分为5级、4级、3级、2级、1级); the spellings LN and N级 are baomi's",
    "customer_data_tag_values": "JR/T 0197-2020's level table: personal financial information of JR/T 0171-2020's "
                                "classes C3, C2, C1 at levels 4, 3, 2 (not checked: the copies found show the "
                                "standard's front matter only); level 1 is public data, level 5 important data",
    "min_record_retention_days": "反洗钱法 (2024 revision, in force 2025-01-01) Art. 34: customer identity records "
                                 "after the business relationship ends, transaction records after the transaction, "
                                 "kept at least ten years: 3653 days (wording as quoted by secondary sources, not "
                                 "checked against the NPC's text). Before it, 金融机构客户身份识别和客户身份资料及交易"
                                 "记录保存管理办法 (2007) Art. 29: at least five years (1827 days; checked against "
                                 "copies of the text), yielding to a longer period set by law",
    "remediation_days_critical": "CISA BOD 19-02: critical vulnerabilities remediated within 15 days (none of "
                                 "the Chinese documents sets a deadline)",
    "remediation_days_high": "CISA BOD 19-02: high vulnerabilities remediated within 30 days",
    "remediation_days_medium": "FedRAMP continuous monitoring: moderate risks remediated within 90 days",
    "remediation_days_low": "FedRAMP continuous monitoring: low risks remediated within 180 days",
    "expiry_notice_days": "baomi default: a quarter ahead, so the next quarterly report is not the first to tell",
    "db_admin_accounts": "baomi default: the engines' built-in administrator accounts",
    "trusted_accounts": "none by default: only the scanned account itself (baomi's own choice; docs/aws.md)",
    "customer_data_tables": "none by default: which tables hold customer data only the institution knows "
                            "(baomi's own choice; docs/databases.md)",
    "attestations": "none by default",
    "history": "none by default: a scan is recorded only with --record or --history (baomi's own choice; "
               "docs/history.md)",
    "profile": "not stated by default: clauses that bind only some institutions apply",
    # the scan's options (ScanDefaults): the command line's own defaults
    "frameworks": "every framework of the catalog (baomi default, as without --framework)",
    "formats": "no report file, the summary only (as without --format)",
    "gate": "baomi's default gate: fail on high or critical failures, errors, or nothing evaluated "
            "(docs/scoring.md#the-gate-exit-codes)",
    "exclude": "nothing excluded",
    "waivers": "none by default",
    "baseline": "none by default: every open finding counts (docs/baseline.md)",
}

_current = Settings()


def current() -> Settings:
    """Settings of the scan in progress (for checkov custom checks, which cannot be handed them)."""
    return _current


def activate(settings: Settings) -> None:
    global _current
    _current = settings


_PROFILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "institution_type": {"enum": list(INSTITUTION_TYPES)},
        "ciio": {"type": "boolean"},
        "pi_subjects": {"type": "integer", "minimum": 0},
    },
}


def _field_schema(name: str, default: Any) -> dict[str, Any]:
    if name == "profile":
        return _PROFILE_SCHEMA
    if isinstance(default, tuple):
        return {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
    if isinstance(default, str):  # attestations, history: a path or URL
        return {"type": "string", "maxLength": 4096}
    if isinstance(default, float):  # the only float settings are fractions (coverage targets)
        return {"type": "number", "minimum": 0, "maximum": 1}
    return {"type": "integer", "minimum": 0}


#: a path or URL named by the file: long enough for any real one (PATH_MAX), short enough to be named in an error
_PATH: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 4096}
_STRINGS: dict[str, Any] = {"type": "array", "items": _PATH}
#: the scan's options a settings file may set (ScanDefaults)
_SCAN_SCHEMA: dict[str, Any] = {
    "frameworks": _STRINGS,
    "formats": _STRINGS,
    "exclude": _STRINGS,
    "waivers": _PATH,
    "baseline": _PATH,
    "gate": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fail_under": {"type": "number", "minimum": 0, "maximum": 100},
            "fail_on": {"enum": list(_FAIL_ON)},
            "allow_errors": {"type": "boolean"},
        },
    },
}

#: the keys of a settings file that set the scan's options rather than the checks' settings
SCAN_KEYS = tuple(_SCAN_SCHEMA)

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {**{f.name: _field_schema(f.name, f.default) for f in fields(Settings)}, **_SCAN_SCHEMA},
}
