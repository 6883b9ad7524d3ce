"""The judgement of IAM policy documents (identity and bucket policies), for code and cloud alike.

One rule per question, on IAM-JSON dicts, shared by the Terraform, CloudFormation and live AWS checks so
that a policy gets the same verdict wherever it is read. Answers are three-valued: True, False, or None
when a value the answer depends on could not be read. What "could not be read" means depends on where
the document comes from (a Terraform expression, a CloudFormation intrinsic function); a ``Syntax``
says so, and a live document, fully literal, uses ``LITERAL``. Nothing here imports checkov or boto3.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from baomi.checks.ports import is_open_cidr
from baomi.checks.terraform.values import all_true, any_true, boolean, strings


def _never(value: Any) -> bool:
    return False


def _plain_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Syntax:
    """How a source writes what it could not resolve; a live AWS document is all literal."""

    #: a value known only at deploy time (a variable, a parameter): it cannot be judged
    unresolved: Callable[[Any], bool] = _never
    #: a reference to one resource's attribute: one fixed value whose text is unknown
    reference: Callable[[Any], bool] = _never
    #: a value the deployer supplies (a CloudFormation parameter): it may be anything, even ``*``
    parameter: Callable[[Any], bool] = _never
    #: a value as text, with what is unresolved left as a placeholder; None if it has no text form
    text: Callable[[Any], str | None] = _plain_text


LITERAL = Syntax()

_SECURE_TRANSPORT = "aws:securetransport"
_MFA_PRESENT = "aws:multifactorauthpresent"
_BOOL_OPERATORS = ("bool", "boolifexists")
#: "*", every bucket, or every object of one bucket (arn:<partition>:s3:::<bucket>/*)
_ALL_OBJECTS = re.compile(r"^(\*|arn:[\w-]+:s3:::(\*|[^/*$]+/\*))$")
#: condition keys that pin the caller down, after S3's own definition of a public bucket policy
_PINNING_KEYS = frozenset({
    "aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    "kms:calleraccount",  # KMS key policies: the caller's account, as Access Analyzer reads them
})
_SOURCE_IP = "aws:sourceip"


def statements(policy: Mapping[str, Any] | None) -> list[Any] | None:
    """The statements of a policy (a lone statement counts as a list of one); None if unreadable."""
    if not isinstance(policy, Mapping):
        return None
    found = policy.get("Statement")
    if isinstance(found, Mapping):
        return [found]
    return found if isinstance(found, list) else None


def _text_is(value: Any, syntax: Syntax, *accepted: str) -> bool | None:
    if not isinstance(value, str) or syntax.unresolved(value):
        return None
    return value.strip() in accepted


def _effect_is(statement: Mapping[str, Any], effect: str, syntax: Syntax) -> bool | None:
    return _text_is(statement.get("Effect"), syntax, effect)


def _any_is(values: Any, syntax: Syntax, *accepted: str) -> bool | None:
    return any_true(_text_is(v, syntax, *accepted) for v in strings(values))


def _every_action(statement: Mapping[str, Any], syntax: Syntax, *wildcards: str) -> bool | None:
    """Action "*" (or one of ``wildcards``), or NotAction: everything but a few actions."""
    return True if "NotAction" in statement else _any_is(statement.get("Action"), syntax, "*", *wildcards)


def _every_resource(statement: Mapping[str, Any], judge: Callable[[Any], bool | None]) -> bool | None:
    """NotResource (everything but a few), no Resource at all, or a Resource value ``judge`` accepts."""
    if "NotResource" in statement or "Resource" not in statement:
        return True
    return any_true(judge(r) for r in strings(statement.get("Resource")))


def _condition_is_false(condition: Any, key: str) -> bool | None:
    """Does the condition hold only when the boolean condition key ``key`` is false?"""
    if condition is None:
        return False
    if not isinstance(condition, Mapping):
        return None
    facts = []
    for operator, tests in condition.items():
        if str(operator).lower() not in _BOOL_OPERATORS or not isinstance(tests, Mapping):
            continue
        for name, values in tests.items():
            if str(name).lower() == key:
                read = [boolean(v) for v in strings(values)]
                facts.append(None if None in read or not read else read == [False] * len(read))
    return any_true(facts)


def is_everyone(principal: Any, syntax: Syntax = LITERAL) -> bool | None:
    """``"*"`` or ``{"AWS": "*"}``; a reference names one principal, so it is not everyone; a parameter may
    be ``*``."""
    if syntax.parameter(principal):
        return None
    if syntax.reference(principal):
        return False
    if isinstance(principal, Mapping):
        return any_true(is_everyone(p, syntax) for p in strings(principal.get("AWS")))
    return _text_is(principal, syntax, "*")


# ---------------------------------------------------------------- TLS only (bucket policies)


def _all_objects(resource: Any, syntax: Syntax) -> bool | None:
    """Does this Resource value cover every object of the bucket: ``*``, ``arn:...:s3:::*``, or a bucket
    ARN (literal, or known only at deploy time) followed by ``/*``? A literal key prefix does not."""
    text = syntax.text(resource)
    if text is None:
        return None
    text = text.replace('"', "").strip()
    if _ALL_OBJECTS.match(text):
        return True
    bucket, slash, key = text.partition("/")
    unknown = syntax.unresolved(bucket) and not syntax.reference(bucket)  # may stand for anything
    if not slash:  # the bucket itself
        return None if unknown else False
    if syntax.unresolved(key):
        head = key.split("${", 1)[0]
        return False if head and "*" not in head and "?" not in head else None  # a literal key prefix: some objects
    if key != "*":
        return False
    if syntax.reference(bucket) or ":s3:::" in bucket:  # a bucket ARN, in parts known at deploy
        return True
    return None if unknown else False


def denies_plain_http(statement: Any, syntax: Syntax = LITERAL) -> bool | None:
    """Deny of every S3 action on every object, to everyone, when aws:SecureTransport is false."""
    if not isinstance(statement, Mapping):
        return None
    return all_true(
        _effect_is(statement, "Deny", syntax),
        is_everyone(statement.get("Principal"), syntax),
        _any_is(statement.get("Action"), syntax, "*", "s3:*"),
        _every_resource(statement, lambda r: _all_objects(r, syntax)),
        _condition_is_false(statement.get("Condition"), _SECURE_TRANSPORT),
    )


def requires_tls(policy: Mapping[str, Any] | None, syntax: Syntax = LITERAL) -> bool | None:
    """Does the bucket policy refuse every request made without TLS?"""
    found = statements(policy)
    return None if found is None else any_true(denies_plain_http(s, syntax) for s in found)


#: why a bucket policy is not TLS-only, in every source's finding
NO_TLS_DENY = "no statement denies s3:* on every object to every principal when aws:SecureTransport is false"


# ---------------------------------------------------------------- MFA enforced (identity policies)


def denies_without_mfa(statement: Any, syntax: Syntax = LITERAL) -> bool | None:
    """Deny of (nearly) every action on every resource while aws:MultiFactorAuthPresent is false."""
    if not isinstance(statement, Mapping):
        return None
    return all_true(
        _effect_is(statement, "Deny", syntax),
        _every_action(statement, syntax),
        _every_resource(statement, lambda r: _text_is(r, syntax, "*")),
        _condition_is_false(statement.get("Condition"), _MFA_PRESENT),
    )


def enforces_mfa(policy: Mapping[str, Any] | None, syntax: Syntax = LITERAL) -> bool | None:
    """Does the policy deny (nearly) everything to a session without MFA?"""
    found = statements(policy)
    return None if found is None else any_true(denies_without_mfa(s, syntax) for s in found)


# ---------------------------------------------------------------- administrator rights


def allows_everything(statement: Any, syntax: Syntax = LITERAL) -> bool | None:
    """Allow of every action (Action "*", or NotAction: all but a few) on every resource."""
    if not isinstance(statement, Mapping):
        return None
    return all_true(
        _effect_is(statement, "Allow", syntax),
        _every_action(statement, syntax),
        _every_resource(statement, lambda r: _text_is(r, syntax, "*")),
    )


def grants_everything(policy: Mapping[str, Any] | None, syntax: Syntax = LITERAL) -> bool | None:
    """Does the policy grant administrator rights (every action on every resource)?"""
    found = statements(policy)
    return None if found is None else any_true(allows_everything(s, syntax) for s in found)


# ---------------------------------------------------------------- public (bucket policies)


def _fixed(value: Any, syntax: Syntax) -> bool | None:
    """A value without wildcards; a reference stands for one fixed value."""
    if syntax.reference(value):
        return True
    if not isinstance(value, str):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if syntax.unresolved(value):
        return None
    return "*" not in value and "?" not in value


def _not_open(cidr: Any) -> bool | None:
    opened = is_open_cidr(cidr)
    return None if opened is None else not opened


def _pins_caller(condition: Any, syntax: Syntax) -> bool | None:
    """Does a condition restrict the caller to known networks, accounts, organisations or sources?
    Negated and IfExists operators restrict nothing for a caller who lacks the key."""
    if condition is None:
        return False
    if not isinstance(condition, Mapping):
        return None
    facts = []
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping) or "Not" in str(operator) or str(operator).endswith("IfExists"):
            continue
        for key, values in tests.items():
            items = strings(values)
            name = str(key).lower()
            if name == _SOURCE_IP:
                facts.append(all_true(bool(items), *(_not_open(v) for v in items)))
            elif name in _PINNING_KEYS:
                facts.append(all_true(bool(items), *(_fixed(v, syntax) for v in items)))
    return any_true(facts)


def allows_everyone(statement: Any, syntax: Syntax = LITERAL) -> bool | None:
    """Allow to everyone (Principal "*" or NotPrincipal) without a condition pinning the caller down."""
    if not isinstance(statement, Mapping):
        return None
    allow = _effect_is(statement, "Allow", syntax)
    if allow is not True:
        return allow
    to_everyone = True if "NotPrincipal" in statement else is_everyone(statement.get("Principal"), syntax)
    pinned = _pins_caller(statement.get("Condition"), syntax)
    return all_true(to_everyone, None if pinned is None else not pinned)


def public_statements(policy: Mapping[str, Any] | None, syntax: Syntax = LITERAL) -> tuple[bool | None, list[str]]:
    """Is the policy public? With the Sids (or positions) of the statements that make it so."""
    found = statements(policy)
    if found is None:
        return None, []
    answers = [allows_everyone(s, syntax) for s in found]
    named = [str(s.get("Sid") or f"statement {i + 1}")
             for i, (s, public) in enumerate(zip(found, answers, strict=True)) if public]
    return any_true(answers), named


def public_detail(named: list[str]) -> str:
    """Why a bucket policy is public, in every source's finding."""
    return f"allows everyone (Principal \"*\") without a condition that pins the caller: {', '.join(named)}"


# ---------------------------------------------------------------- other accounts (resource policies)

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ACCOUNT_ARN = re.compile(r"^arn:[\w-]+:(?:iam|sts)::(\d{12}):")
#: a CloudFront origin access identity: CloudFront itself, not another account
_CLOUDFRONT_IDENTITY = re.compile(r"^arn:[\w-]+:iam::cloudfront:user/", re.IGNORECASE)
#: condition keys whose values are accounts (or ARNs naming one): an Allow to everyone that one of them pins
#: is a grant to those accounts
_ACCOUNT_KEYS = frozenset({"aws:principalaccount", "kms:calleraccount", "aws:sourceaccount", "aws:sourceowner",
                           "s3:dataaccesspointaccount"})
_ARN_KEYS = frozenset({"aws:principalarn"})


def _account_of(principal: Any) -> str | None:
    """The account an AWS principal value names (a 12-digit ID, an IAM or STS ARN); None if it names none
    that can be read (a unique ID such as AROA..., left by a deleted role, or a non-text value)."""
    if not isinstance(principal, str):
        return None
    text = principal.strip()
    if _ACCOUNT_ID.match(text):
        return text
    found = _ACCOUNT_ARN.match(text)
    return found.group(1) if found else None


@dataclass(frozen=True)
class Grants:
    """Whom a resource policy's Allow statements name besides everyone."""

    #: account IDs, from principals and from the account keys pinning an Allow to everyone
    accounts: list[str]
    #: S3 canonical user IDs (an account's, or a CloudFront origin access identity's): the bucket's owner
    #: compares them with its own
    canonical_users: list[str]
    #: what could not be read, named for the finding
    unread: list[str]


def _pinned_accounts(condition: Any) -> tuple[set[str] | None, list[str]]:
    """The accounts the condition of an Allow to everyone limits the caller to (None when no account key
    limits it), with what of it could not be read. Keys are ANDed, the values of one key ORed; a negated or
    IfExists test limits nobody who lacks the key."""
    if not isinstance(condition, Mapping):
        return None, []
    bounds: list[set[str]] = []
    unread: list[str] = []
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping) or "Not" in str(operator) or str(operator).endswith("IfExists"):
            continue
        for key, values in tests.items():
            name = str(key).lower()
            if name not in _ACCOUNT_KEYS | _ARN_KEYS:
                continue
            read = [_account_of(v) if name in _ARN_KEYS or not isinstance(v, str) or _ACCOUNT_ID.match(v.strip())
                    else None for v in strings(values)]
            if not read or None in read:
                unread.append(f'Principal "*" limited by {key} to values that name no account')
            else:
                bounds.append({a for a in read if a is not None})
    if not bounds:
        return None, unread
    return set.intersection(*bounds), unread


def granted(policy: Mapping[str, Any] | None) -> Grants | None:
    """The accounts and canonical users an Allow statement grants: named as principals (``Principal.AWS`` as
    an ID or ARN, ``CanonicalUser``), or everyone pinned by an account-valued condition key
    (``aws:PrincipalAccount``, ``kms:CallerAccount``, the account of ``aws:PrincipalArn``). Everyone unpinned is
    left to :func:`public_statements`; everyone pinned otherwise (an organisation, a VPC endpoint, a network)
    is unread, since the accounts it admits are not known; service and federated principals and CloudFront
    origin access identities name no account. None if the statements cannot be read. Live documents only:
    code names principals through references whose account is not known."""
    found = statements(policy)
    if found is None:
        return None
    accounts: set[str] = set()
    canonical: set[str] = set()
    unread: list[str] = []
    for index, statement in enumerate(found):
        if not isinstance(statement, Mapping) or not isinstance(statement.get("Principal", {}), (Mapping, str)):
            unread.append("a statement")
            continue
        if statement.get("Effect") != "Allow":
            continue
        if "NotPrincipal" in statement or is_everyone(statement.get("Principal")):
            pinned, unclear = _pinned_accounts(statement.get("Condition"))
            unread += unclear
            if pinned is not None:
                accounts |= pinned
            elif not unclear and allows_everyone(statement) is False:  # pinned, but not to accounts
                unread.append(f'Principal "*" in {statement.get("Sid") or f"statement {index + 1}"}, limited by '
                              f"a condition that names no account")
        principal = statement.get("Principal", {})
        if not isinstance(principal, Mapping):
            continue
        for value in strings(principal.get("AWS")):
            account = None if value == "*" else _account_of(value)
            if account is not None:
                accounts.add(account)
            elif value != "*" and not (isinstance(value, str) and _CLOUDFRONT_IDENTITY.match(value.strip())):
                unread.append(str(value)[:80] if isinstance(value, str) else type(value).__name__)
        canonical.update(v for v in strings(principal.get("CanonicalUser")) if isinstance(v, str))
    return Grants(sorted(accounts), sorted(canonical), unread)


def granted_accounts(policy: Mapping[str, Any] | None) -> tuple[list[str], list[str]] | None:
    """:func:`granted` with canonical users counted as accounts (a key policy names none), and what could
    not be read; None if the statements cannot be read."""
    grants = granted(policy)
    if grants is None:
        return None
    return sorted(set(grants.accounts) | set(grants.canonical_users)), grants.unread


def untrusted(accounts: list[str], own: str, trusted: tuple[str, ...]) -> list[str]:
    """The accounts that are neither the scanned one nor trusted (``trusted_accounts``)."""
    return [a for a in accounts if a != own and a not in trusted]
