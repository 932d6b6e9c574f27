"""Confirming that a signed-in person is who they say, again, before a legal act (signing).

The person gives their password or a code from their second factor (authenticator app or a
recovery code). Wrong answers are counted per person in the shared cache, whichever door they
come through (a page with a session, the API with a token): after FAILURE_LIMIT wrong answers,
each less than WINDOW_SECONDS after the one before, confirming is refused for LOCKOUT_SECONDS,
even with the right password. A stolen token so buys a guesser five tries, not thousands.

An attempt is counted before it is checked (one atomic increment), so requests sent at the same
moment cannot slip past the limit together; a right answer clears the count. Every wrong answer
and every refused attempt is written to the audit log; the password and the code never are.
"""

import math
import time

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.utils.translation import gettext as _

from portal.audit.actions import AuditAction
from portal.audit.services import record_event

FAILURE_LIMIT = 5
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60


class IdentityNotConfirmed(Exception):
    """A missing or wrong password or code; `field` names the one it concerns."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConfirmationLocked(IdentityNotConfirmed):
    """Too many wrong answers: nothing is checked for `retry_after` more seconds."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _attempts_key(user) -> str:
    return f"accounts:identity:attempts:{user.pk}"


def _lock_key(user) -> str:
    return f"accounts:identity:locked:{user.pk}"


def seconds_locked(user) -> int:
    """How long confirming stays locked for the user; 0 when it is not."""
    until = cache.get(_lock_key(user))
    if until is None:
        return 0
    return max(0, math.ceil(until - time.time()))


def _locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return _(
        "Too many wrong passwords or codes. For your safety, signing is locked for "
        "%(minutes)s more minutes."
    ) % {"minutes": minutes}


def _lock(user) -> int:
    cache.set(_lock_key(user), time.time() + LOCKOUT_SECONDS, timeout=LOCKOUT_SECONDS)
    cache.delete(_attempts_key(user))
    return LOCKOUT_SECONDS


def _count_attempt(user) -> int:
    key = _attempts_key(user)
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1
    # Some cache backends reset the expiry on incr; every backend gets the same window.
    cache.touch(key, WINDOW_SECONDS)
    return count


def _code_matches(user, code: str) -> bool:
    """The code is the current one of the user's authenticator app, or an unused recovery code
    (used up by this). Security keys answer no typed code."""
    authenticators = Authenticator.objects.filter(user_id=user.pk).exclude(
        type=Authenticator.Type.WEBAUTHN
    )
    for authenticator in authenticators:
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


def confirm_identity(
    *, user, password: str = "", code: str = "", request=None, student=None, target=None
) -> str:
    """Check the password or the code (exactly one) and return which was used.

    Raises IdentityNotConfirmed for a missing or wrong answer and ConfirmationLocked while the
    user has too many wrong answers; each refusal but a missing answer is audited."""
    password = password or ""
    code = "".join((code or "").split())
    if bool(password) == bool(code):
        if password:
            raise IdentityNotConfirmed(_("Enter your password or a code, not both."))
        raise IdentityNotConfirmed(
            _("Enter your password, or a code from your authenticator app."), field="password"
        )
    method = "password" if password else "code"

    def audit(**extra) -> None:
        record_event(
            actor=user,
            action=AuditAction.REAUTH_FAILED,
            student=student,
            target=target,
            request=request,
            extra={"method": method, **extra},
        )

    locked_for = seconds_locked(user)
    if locked_for:
        audit(locked=True)
        raise ConfirmationLocked(_locked_message(locked_for), retry_after=locked_for)
    attempt = _count_attempt(user)
    if attempt > FAILURE_LIMIT:  # others were checked at the same moment and failed
        audit(locked=True)
        raise ConfirmationLocked(_locked_message(LOCKOUT_SECONDS), retry_after=_lock(user))

    if password:
        confirmed = user.check_password(password)
        wrong = _("That password is not right.")
    else:
        confirmed = _code_matches(user, code)
        wrong = _(
            "That code is not right. Enter the code your authenticator app shows now, or an "
            "unused recovery code."
        )
    if confirmed:
        cache.delete(_attempts_key(user))
        return method

    if attempt >= FAILURE_LIMIT:
        audit(locked=True)
        retry_after = _lock(user)
        raise ConfirmationLocked(f"{wrong} {_locked_message(retry_after)}", retry_after=retry_after)
    audit()
    raise IdentityNotConfirmed(wrong, field=method)
