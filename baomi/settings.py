"""Tunable thresholds of the checks, with the defaults the seeds and laws ask for.

Users override them with ``--config baomi.yaml`` (same keys) or specific CLI options. Checks read the
values from the Settings they are given, never from module globals, except the checkov custom checks,
which checkov instantiates itself and which read ``current()``.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
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


@dataclass(frozen=True)
class Settings:
    allowed_regions: tuple[str, ...] = DEFAULT_ALLOWED_REGIONS
    #: 金融服务客户隐私保护承诺 §五: two-factor authentication covering 90% of accounts
    mfa_coverage_target: float = 0.9
    min_password_length: int = 14
    max_password_age_days: int = 90
    password_reuse_prevention: int = 5
    max_access_key_age_days: int = 90
    max_unused_credential_days: int = 90
    min_backup_retention_days: int = 7
    #: 网络安全法 Art. 21: network logs kept no less than six months
    min_log_retention_days: int = 180
    #: tag keys that count as a data-classification label on a data store
    classification_tag_keys: tuple[str, ...] = ("DataClassification", "data_classification", "Classification")
    #: tag key/values marking a store that holds customer data (lifecycle checks apply to those)
    customer_data_tag_values: tuple[str, ...] = ("customer", "confidential", "restricted", "pii")
    #: database accounts allowed to hold global ALL privileges / superuser
    db_admin_accounts: tuple[str, ...] = ("root", "postgres", "mariadb.sys")

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Read a YAML settings file. Unknown keys and wrong types are errors: a typo must not silently
        leave a threshold at its default, and a string where a list belongs must not become a substring test."""
        import jsonschema

        from baomi.userfiles import UserFileError, read_yaml, schema_problem

        data = read_yaml(path, "settings file")
        if data is None:
            return cls()
        error = next(iter(jsonschema.Draft202012Validator(_SCHEMA).iter_errors(data)), None)
        if error is not None:
            raise UserFileError(f"{path}: {schema_problem(error)}")
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**values)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, ())})


_current = Settings()


def current() -> Settings:
    """Settings of the scan in progress (for checkov custom checks, which cannot be handed them)."""
    return _current


def activate(settings: Settings) -> None:
    global _current
    _current = settings


def _field_schema(default: Any) -> dict[str, Any]:
    if isinstance(default, tuple):
        return {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
    if isinstance(default, float):  # the only float settings are fractions (coverage targets)
        return {"type": "number", "minimum": 0, "maximum": 1}
    return {"type": "integer", "minimum": 0}


_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {f.name: _field_schema(f.default) for f in fields(Settings)},
}
