import ipaddress
import json
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from portal.audit import chain, reads
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent

# Any fixed number: the PostgreSQL advisory lock that lets one writer at a time extend the chain.
_CHAIN_LOCK = 7_041_312


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
    action: AuditAction,
    student=None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    extra: dict | None = None,
    organization=None,
) -> AuditEvent:
    """Append one audit event to the chain; never holds tokens or health details in `extra`.

    Writers take turns (an advisory lock on PostgreSQL, SQLite's immediate transactions), so
    each row is hashed over the one written just before it. Inside a caller's transaction the
    event commits or rolls back with what it records.
    """
    if action not in AuditAction.values:
        raise ValueError(f"{action!r} is not an audit action")
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
    event = AuditEvent(
        actor=actor,
        actor_label=(actor.email if actor is not None else ""),
        organization_id=organization_id,
        action=action,
        student=student,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""),
        # Stored as it will read back, so the hash covers exactly what the database keeps.
        extra=json.loads(json.dumps(extra or {})),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        previous = (
            AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
            or chain.GENESIS
        )
        event.previous_hash = previous
        event.row_hash = chain.hash_of(previous, event)
        event.save()
    if student is not None:
        reads.recorded(student.pk)
    return event


def record_burst_alert(
    *, events, counted: AuditAction, alert: AuditAction, threshold: int, **event
) -> AuditEvent | None:
    """Raise one `alert` a window once `events` hold `threshold` rows of `counted` within it.

    `events` narrows the log to one person or one account; `event` is what the alert records.
    """
    window = timedelta(minutes=settings.AUDIT_BURST_WINDOW_MINUTES)
    recent = events.filter(created_at__gte=timezone.now() - window)
    if recent.filter(action=alert).exists():
        return None
    count = recent.filter(action=counted).count()
    if count < threshold:
        return None
    minutes = int(window.total_seconds() // 60)
    return record_event(action=alert, extra={"count": count, "minutes": minutes}, **event)
