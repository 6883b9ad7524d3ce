"""Turn botocore exceptions into one-line reasons that name the IAM action and never carry a secret.

Only the error *code* of an AWS error is kept, never its free-text message: messages can echo request
details, and the code plus the action is what a user needs to fix a policy.
"""
from __future__ import annotations

ACCESS_DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
    "AuthorizationErrorException", "Forbidden", "UnauthorizedAccess",
})
#: codes AWS answers with in a region that is disabled (opt-in) or does not know the caller
REGION_DISABLED_CODES = frozenset({
    "AuthFailure", "OptInRequired", "UnrecognizedClientException", "InvalidClientTokenId",
})
EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"})


class Unreadable(Exception):
    """A fact could not be read; ``reason`` is one line such as "AccessDenied on s3:GetBucketPolicy"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RegionUnreachable(Unreadable):
    """The whole region answers nothing usable (disabled opt-in region, endpoint down)."""


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a ClientError, else None."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def has_message(exc: BaseException, text: str) -> bool:
    """Whether the AWS error's message contains ``text``: read to tell one refusal from another (Macie's
    AccessDeniedException "Macie is not enabled" from a missing permission), never kept."""
    response = getattr(exc, "response", None)
    message = response.get("Error", {}).get("Message") if isinstance(response, dict) else None
    return isinstance(message, str) and text in message


def is_aws_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an expected failure of a boto3 call (as opposed to a bug)."""
    from botocore.exceptions import BotoCoreError, ClientError

    return isinstance(exc, (BotoCoreError, ClientError))


def is_connection_error(exc: BaseException) -> bool:
    """A failure of the transport, not an answer: refused, reset or closed connection, DNS, TLS, connect or
    read timeout (botocore's ConnectionError and HTTPClientError families)."""
    from botocore.exceptions import ConnectionError as BotoConnectionError
    from botocore.exceptions import HTTPClientError

    return isinstance(exc, (BotoConnectionError, HTTPClientError))


def describe(exc: BaseException, action: str) -> str:
    """One line naming what failed on which IAM action, e.g. "AccessDenied on s3:GetBucketPolicy"."""
    code = error_code(exc)
    if code in EXPIRED_CODES:
        return f"credentials expired ({code}) on {action}"
    if code:
        return f"{code} on {action}"
    if is_connection_error(exc):
        return f"endpoint unreachable on {action} ({type(exc).__name__})"
    return f"{type(exc).__name__} on {action}"


def is_region_level(exc: BaseException) -> bool:
    """Errors that say the region as a whole cannot be used, rather than one call."""
    return is_connection_error(exc) or error_code(exc) in REGION_DISABLED_CODES
