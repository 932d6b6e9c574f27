"""Issuing, using and revoking personal API tokens.

A token is shown to its owner once, when it is made; the portal keeps only its SHA-256 hash
and a short prefix that lets the owner tell their tokens apart.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from portal.api.models import ApiToken
from portal.audit.actions import AuditAction
from portal.audit.services import record_event

TOKEN_MARKER = "ppt_"  # lets secret scanners and people recognise a portal token
LIFETIME_CHOICES_DAYS = (30, 90, 180, 365)
DEFAULT_LIFETIME_DAYS = 90
LAST_USED_RESOLUTION = timedelta(minutes=1)  # at most one write per token per minute


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the only copy; never stored


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def issue_token(*, user, name: str, lifetime_days: int, request=None) -> IssuedToken:
    """Make a token for the user; the returned secret is the only copy that will ever exist."""
    if lifetime_days not in LIFETIME_CHOICES_DAYS:
        raise ValueError(f"lifetime_days must be one of {LIFETIME_CHOICES_DAYS}")
    secret = TOKEN_MARKER + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_MARKER) + 8],
        token_hash=hash_token(secret),
        expires_at=timezone.now() + timedelta(days=lifetime_days),
    )
    record_event(
        actor=user,
        action=AuditAction.API_TOKEN_CREATED,
        target=token,
        request=request,
        extra={"lifetime_days": lifetime_days},
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def revoke_token(*, user, token_id: int, request=None) -> ApiToken:
    """Stop one of the user's tokens from working; Http404 if it is not theirs; idempotent."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    if updated:
        record_event(
            actor=user, action=AuditAction.API_TOKEN_REVOKED, target=token, request=request
        )
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The usable token with this secret (its user loaded), or None; notes when it was used."""
    if not raw.startswith(TOKEN_MARKER) or len(raw) > 200:
        return None
    now = timezone.now()
    usable = ApiToken.objects.usable(now).select_related("user")
    try:
        token = usable.get(token_hash=hash_token(raw))  # the hash is unique
    except ApiToken.DoesNotExist:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
