"""Encryption of client connections (ENC-TRANSIT): ``ssl`` and the oldest TLS version accepted."""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.postgresql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts

_TLS_VERSIONS = ("tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3")
_MINIMUM = _TLS_VERSIONS.index("tlsv1.2")


@REGISTRY.register("PG_SSL_ON")
def ssl_on(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "ssl", True)


@REGISTRY.register("PG_SSL_MIN_PROTOCOL")
def ssl_min_protocol(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("ssl_min_protocol_version")
    version = setting.value.strip().lower()
    # an empty value accepts every protocol version the TLS library knows
    ok = version in _TLS_VERSIONS and _TLS_VERSIONS.index(version) >= _MINIMUM
    shown = setting.value or "(empty: any version)"
    return judged(ok, f"ssl_min_protocol_version is {shown} ({setting.origin})", setting.location)


#: cipher families too weak for customer data, by the OpenSSL cipher-list names that exclude them (``!RC4``)
_FAMILIES = {"ANULL": "aNULL", "ENULL": "eNULL", "NULL": "eNULL", "EXPORT": "EXPORT", "EXP": "EXPORT", "LOW": "LOW",
             "RC4": "RC4", "DES": "DES", "3DES": "3DES", "MD5": "MD5"}
#: names that add a weak family when named: the families, and the anonymous subsets (excluded only by !aNULL)
_WEAK_NAMES = {**_FAMILIES, "ADH": "aNULL", "AECDH": "aNULL"}
#: selectors that bring in some weak families unless the string excludes them with ``!``
_BROAD = {"ALL", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT", "DEFAULT", "MEDIUM"}
_BROAD_BRINGS = ("RC4", "DES", "3DES", "MD5")


def _families(name: str) -> list[str]:
    """Weak families a positive name adds: a family or alias, or a suite whose name holds one (DES-CBC3-SHA)."""
    upper = name.upper()
    if upper in _WEAK_NAMES:
        return [_WEAK_NAMES[upper]]
    parts = upper.split("-")
    return list(dict.fromkeys(_WEAK_NAMES.get(p, "EXPORT") for p in parts
                              if p in _WEAK_NAMES or p.startswith("EXP")))


def weak_ciphers(value: str) -> list[str]:
    """What an OpenSSL cipher list lets in that it should not: anonymous suites (no server authentication)
    unless excluded with ``!aNULL``; any weak family it names (``RC4``, ``3DES``, ``EXP`` ..., or a suite
    whose name holds one: ``DES-CBC3-SHA``); a broad selector (``ALL``, ``DEFAULT``, ``MEDIUM``) without ``!``
    for each of RC4, DES, 3DES, MD5. Only ``!`` excludes for good (``-`` can be added back, ``+`` reorders)."""
    tokens = [t for t in value.strip().strip("'\"").replace(",", ":").replace(" ", ":").split(":") if t]
    excluded = {_FAMILIES.get(t[1:].upper(), t[1:].upper()) for t in tokens if t.startswith("!")}
    weak: list[str] = []
    for token in tokens:
        if token[0] in "!-+@":
            continue
        for part in token.split("+"):  # ECDHE+AESGCM: suites of both
            families = list(_BROAD_BRINGS) if part.upper() in _BROAD else _families(part)
            weak += [part if f == part else f"{part} ({f})" for f in families if f not in excluded]
    if "aNULL" not in excluded:
        weak.append("anonymous suites (no !aNULL)")
    return list(dict.fromkeys(weak))


@REGISTRY.register("PG_SSL_CIPHERS")
def ssl_ciphers(facts: Facts, settings: Settings) -> Verdict:
    """ssl_ciphers governs TLS 1.2 and older only: with ssl_min_protocol_version TLSv1.3 it does not apply."""
    setting = facts.setting("ssl_ciphers")
    minimum = facts.setting("ssl_min_protocol_version")
    if minimum.value.strip().lower() == "tlsv1.3":
        return Verdict(Status.PASS, f"ssl_min_protocol_version is TLSv1.3 ({minimum.origin}): ssl_ciphers "
                       f"{setting.value!r} applies to no protocol accepted", minimum.location)
    weak = weak_ciphers(setting.value)
    detail = f"lets in {', '.join(weak)}" if weak else "excludes anonymous, null, export, RC4, DES, 3DES and MD5 suites"
    return judged(not weak, f"ssl_ciphers {setting.value!r} {detail} ({setting.origin})", setting.location)
