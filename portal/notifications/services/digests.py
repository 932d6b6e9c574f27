"""Daily and weekly summaries: which are due now in each person's time zone, and what they hold."""

from datetime import datetime

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from accommodations.selectors import students_visible_to
from portal.notifications.kinds import KINDS, Frequency, Kind
from portal.notifications.models import Channel, DeliverySchedule, Notification, Status
from portal.notifications.services.outbox import send_after_commit
from portal.notifications.services.timing import local_zone

# A summary goes out in the first hours after the chosen time; a tick missed for longer leaves
# the messages held for the next summary rather than sending one at an odd hour.
CATCH_UP_HOURS = 3

NO_ACCESS_NEEDED = [kind for kind, kind_info in KINDS.items() if not kind_info.requires_access]


def period_key(frequency: str, local: datetime) -> str | None:
    """The summary period `local` falls in: one calendar day, or one ISO week."""
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def is_due(frequency: str, local: datetime, *, digest_hour: int, weekly_day: int) -> bool:
    """Whether a summary of this frequency is due at this local moment."""
    if not digest_hour <= local.hour < digest_hour + CATCH_UP_HOURS:
        return False
    if frequency == Frequency.WEEKLY:
        return local.weekday() == weekly_day
    return frequency == Frequency.DAILY


@transaction.atomic
def queue_digests(*, now: datetime | None = None) -> list[int]:
    """Create the summaries due at this moment for everyone with held e-mail and queue them
    after commit; idempotent per person and period, so a tick run twice sends one summary.

    Returns the ids of the summaries this call created.
    """
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            channel=Channel.EMAIL, status=Status.HELD, digest__isnull=True, created_at__lte=now
        )
        .values_list(
            "recipient_id",
            "frequency",
            "recipient__time_zone",
            "recipient__delivery_schedule__digest_hour",
            "recipient__delivery_schedule__weekly_day",
        )
        .order_by()
        .distinct()
    )
    local_now: dict[str, datetime] = {}
    centre = reverse("notifications:centre")
    rows = []
    for recipient_id, frequency, zone_name, digest_hour, weekly_day in waiting:
        if zone_name not in local_now:
            local_now[zone_name] = now.astimezone(local_zone(zone_name))
        local = local_now[zone_name]
        if not is_due(
            frequency,
            local,
            digest_hour=DeliverySchedule.DEFAULT_DIGEST_HOUR
            if digest_hour is None
            else digest_hour,
            weekly_day=0 if weekly_day is None else weekly_day,
        ):
            continue
        rows.append(
            Notification(
                recipient_id=recipient_id,
                kind=Kind.DIGEST,
                channel=Channel.EMAIL,
                dedupe_key=f"digest:{frequency}:u{recipient_id}:{period_key(frequency, local)}",
                frequency=frequency,
                status=Status.PENDING,
                params={"frequency": frequency},
                url=centre,
                covers_until=now,
                next_attempt_at=now,
                queued_at=now,
            )
        )
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # Rows another tick created first keep their own queued_at, so only ours match `now`.
    ids = list(
        Notification.objects.filter(
            kind=Kind.DIGEST, channel=Channel.EMAIL, status=Status.PENDING, queued_at=now
        ).values_list("pk", flat=True)
    )
    send_after_commit(ids)
    return ids


def _items_of(digest: Notification):
    return Notification.objects.filter(digest=digest, status=Status.HELD)


def attach_items(*, claim_token) -> int:
    """Attach to each summary claimed with this token the held e-mail it covers (one UPDATE
    for the batch); a summary sent again lists the same messages."""
    summaries = Notification.objects.filter(claim_token=claim_token, kind=Kind.DIGEST)
    covering = summaries.filter(
        recipient_id=OuterRef("recipient_id"),
        frequency=OuterRef("frequency"),
        covers_until__gte=OuterRef("created_at"),
    )
    return (
        Notification.objects.filter(
            channel=Channel.EMAIL,
            status=Status.HELD,
            digest__isnull=True,
            recipient_id__in=summaries.values("recipient_id"),
        )
        .filter(Exists(covering))
        .update(digest_id=Subquery(covering.values("pk")[:1]))
    )


def held_items(digest_ids: list[int]) -> dict[int, list[Notification]]:
    """The held messages attached to each of these summaries, oldest first (one query)."""
    items: dict[int, list[Notification]] = {digest_id: [] for digest_id in digest_ids}
    if digest_ids:
        for item in Notification.objects.filter(
            digest_id__in=digest_ids, status=Status.HELD
        ).order_by("created_at", "pk"):
            items[item.digest_id].append(item)
    return items


def readable(digest: Notification, items: list[Notification]) -> list[Notification]:
    """Those of the summary's messages the recipient may still read (at most one query)."""
    students = {
        item.student_id
        for item in items
        if item.student_id is not None and item.kind not in NO_ACCESS_NEEDED
    }
    visible = set()
    if students:
        visible = set(
            students_visible_to(digest.recipient)
            .filter(pk__in=students)
            .values_list("pk", flat=True)
        )
    return [
        item
        for item in items
        if item.student_id is None or item.kind in NO_ACCESS_NEEDED or item.student_id in visible
    ]


def mark_sent(digest: Notification, *, token, items: list[Notification], held: list) -> bool:
    """Record that the summary was sent with these messages, in one UPDATE (two when some
    messages it held are no longer readable by the recipient and are dropped). Returns
    whether the summary's claim was still ours."""
    now = timezone.now()
    dropped = [item.pk for item in held if item not in items]
    if dropped:
        _items_of(digest).filter(pk__in=dropped).update(
            status=Status.SKIPPED, last_error="no longer readable by the recipient"
        )
    updated = Notification.objects.filter(
        Q(pk=digest.pk, claim_token=token) | Q(digest=digest, status=Status.HELD)
    ).update(
        status=Case(When(pk=digest.pk, then=Value(Status.SENT)), default=Value(Status.DIGESTED)),
        sent_at=now,
        claimed_until=None,
        last_error="",
    )
    return updated > len(items)


def drop_items(digest: Notification) -> None:
    """Drop what a summary held when the summary itself is not sent."""
    _items_of(digest).update(status=Status.SKIPPED, last_error="the summary was not sent")
