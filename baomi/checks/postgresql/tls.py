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
#: selectors that pick strong bulk ciphers only: alone, or joined with ``+`` to any other, nothing weak but the
#: anonymous suites (judged apart: only ``!aNULL`` excludes them)
_STRONG = {"HIGH", "AES", "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8", "CHACHA20", "CAMELLIA", "CAMELLIA128",
           "CAMELLIA256", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "SUITEB128", "SUITEB128ONLY", "SUITEB128C2",
           "SUITEB192"}
#: bulk ciphers in a full suite name that make it a strong one (ECDHE-RSA-AES256-GCM-SHA384, TLS_AES_128_GCM_SHA256)
_STRONG_PARTS = {"AES", "AES128", "AES256", "CHACHA20", "CAMELLIA128", "CAMELLIA256", "ARIA128", "ARIA256"}
#: selectors by key exchange, authentication, MAC or protocol only: alone they pick null-encryption suites (kept
#: out by the security level alone) and, with older OpenSSL, RC4 and 3DES ones
_NEUTRAL = {"RSA", "KRSA", "ARSA", "DH", "DHE", "EDH", "KDHE", "KEDH", "ECDH", "ECDHE", "EECDH", "KECDHE", "KEECDH",
            "AECDSA", "ECDSA", "ADSS", "DSS", "PSK", "KPSK", "APSK", "KECDHEPSK", "KDHEPSK", "KRSAPSK", "SRP", "KSRP",
            "SHA", "SHA1", "SHA256", "SHA384", "SSLV3", "TLSV1", "TLSV1.0", "TLSV1.2"}
#: what such a selector, or one not understood, may let in: unless all are excluded with ``!``, it is not judged
_MAY_BRING = frozenset({"eNULL", *_BROAD_BRINGS})


def _families(name: str) -> list[str]:
    """Weak families a positive name adds: a family or alias, or a suite whose name holds one (DES-CBC3-SHA)."""
    upper = name.upper()
    if upper in _WEAK_NAMES:
        return [_WEAK_NAMES[upper]]
    parts = upper.split("-")
    return list(dict.fromkeys(_WEAK_NAMES.get(p, "EXPORT") for p in parts
                              if p in _WEAK_NAMES or p.startswith("EXP")))


def _strong(name: str) -> bool:
    """A selector of strong ciphers only, or a full suite name with a strong bulk cipher (no weak part)."""
    upper = name.upper()
    return upper in _STRONG or (("-" in upper or upper.startswith("TLS_"))
                                and bool(set(upper.replace("_", "-").split("-")) & _STRONG_PARTS))


def _neutral(token: str) -> bool:
    return all(part.upper() in _NEUTRAL for part in token.split("+"))


def cipher_list(value: str) -> tuple[list[str], list[str]]:
    """What an OpenSSL cipher list lets in that it should not, and the entries whose effect cannot be told.

    Weak: anonymous suites (no server authentication) unless excluded with ``!aNULL``; any weak family it
    names (``RC4``, ``3DES``, ``EXP`` ..., or a suite whose name holds one: ``DES-CBC3-SHA``); a broad selector
    (``ALL``, ``DEFAULT``, ``MEDIUM``) without ``!`` for each of RC4, DES, 3DES, MD5. Not told: an entry that is
    neither weak nor a selector of strong ciphers (``HIGH``, ``AESGCM``, ``CHACHA20``, a strong suite name, or
    any ``A+B`` holding one), such as ``RSA`` or ``ECDHE`` alone or a name not understood, unless the list
    excludes with ``!`` every weak family it may bring (null, RC4, DES, 3DES, MD5). Only ``!`` excludes for
    good (``-`` can be added back, ``+`` reorders); ``@STRENGTH`` and ``@SECLEVEL`` add nothing."""
    tokens = [t for t in value.strip().strip("'\"").replace(",", ":").replace(" ", ":").split(":") if t]
    excluded = {_FAMILIES.get(t[1:].upper(), t[1:].upper()) for t in tokens if t.startswith("!")}
    weak: list[str] = []
    unknown: list[str] = []
    for token in tokens:
        if token[0] in "!-+@":
            continue
        parts = token.split("+")  # ECDHE+AESGCM: the suites of both, so one strong part makes it strong
        found = [f"{part} ({f})" if f != part else part for part in parts for f in _families(part) if f not in excluded]
        if found or any(_families(part) for part in parts) or any(_strong(part) for part in parts):
            weak += found
        elif broad := [part for part in parts if part.upper() in _BROAD]:
            weak += [f"{broad[0]} ({f})" for f in _BROAD_BRINGS if f not in excluded]
        elif not excluded >= _MAY_BRING:
            unknown.append(token)
    if "aNULL" not in excluded:
        weak.append("anonymous suites (no !aNULL)")
    return list(dict.fromkeys(weak)), list(dict.fromkeys(unknown))


def weak_ciphers(value: str) -> list[str]:
    """The weak suites an OpenSSL cipher list lets in (``cipher_list``)."""
    return cipher_list(value)[0]


@REGISTRY.register("PG_SSL_CIPHERS")
def ssl_ciphers(facts: Facts, settings: Settings) -> Verdict:
    """ssl_ciphers governs TLS 1.2 and older only: with ssl_min_protocol_version TLSv1.3 it does not apply."""
    setting = facts.setting("ssl_ciphers")
    minimum = facts.setting("ssl_min_protocol_version")
    if minimum.value.strip().lower() == "tlsv1.3":
        return Verdict(Status.PASS, f"ssl_min_protocol_version is TLSv1.3 ({minimum.origin}): ssl_ciphers "
                       f"{setting.value!r} applies to no protocol accepted", minimum.location)
    weak, unknown = cipher_list(setting.value)
    if weak:
        return Verdict(Status.FAIL, f"ssl_ciphers {setting.value!r} lets in {', '.join(weak)} ({setting.origin})",
                       setting.location)
    if unknown:
        neutral = "selects by key exchange, authentication, MAC or protocol only"
        named = ", ".join(f"{t!r} ({neutral if _neutral(t) else 'not understood'})" for t in unknown)
        return Verdict(Status.ERROR, f"ssl_ciphers {setting.value!r}: what {named} lets in cannot be told, and may "
                       "be null, RC4, DES, 3DES or MD5 suites; name strong ciphers (HIGH, AESGCM, CHACHA20) or exclude "
                       f"those with !eNULL:!RC4:!DES:!3DES:!MD5 ({setting.origin})", setting.location)
    return Verdict(Status.PASS, f"ssl_ciphers {setting.value!r} excludes anonymous, null, export, RC4, DES, 3DES and "
                   f"MD5 suites ({setting.origin})", setting.location)
