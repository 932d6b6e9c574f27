import ipaddress

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from portal.audit.models import AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the outermost trusted proxy saw it.

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it was called from to
    X-Forwarded-For, so the client is that many entries from the right; anything further left
    was written by the client and is not believed. The audit log, the sign-in limits and the
    share and verification limits all ask this one function.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote  # not sent through all the proxies: the connection's own address
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def record_event(
    *,
    actor=None,
    action: str,
    student=None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    extra: dict | None = None,
    organization=None,
) -> AuditEvent:
    """Append one audit event; never holds tokens or health details in `extra`."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if organization is None:
        if student is not None:
            organization = student.organization_id
        elif actor is not None:
            organization = actor.organization_id
    if isinstance(organization, int):
        organization_id = organization
    else:
        organization_id = getattr(organization, "pk", None)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(actor.email if actor is not None else ""),
        organization_id=organization_id,
        action=action,
        student=student,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""),
        extra=extra or {},
    )
