"""Daily and weekly summaries: which are due now in each person's time zone, and what they hold."""

from datetime import datetime

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
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
        .distinct()
    )
    local_now: dict[str, datetime] = {}
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
                url=reverse("notifications:centre"),
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


def collect_items(digest: Notification) -> list[Notification]:
    """Attach the held e-mail this summary covers and return those the recipient may still
    read; the same summary sent again lists the same messages."""
    Notification.objects.filter(
        recipient_id=digest.recipient_id,
        channel=Channel.EMAIL,
        status=Status.HELD,
        frequency=digest.frequency,
        digest__isnull=True,
        created_at__lte=digest.covers_until or digest.created_at,
    ).update(digest=digest)
    visible = students_visible_to(digest.recipient).filter(pk=OuterRef("student_id"))
    items = (
        _items_of(digest)
        .annotate(
            readable=Case(
                When(
                    Q(student__isnull=True) | Q(kind__in=NO_ACCESS_NEEDED) | Q(Exists(visible)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("created_at", "pk")
    )
    return [item for item in items if item.readable]


def mark_digested(digest: Notification, items: list[Notification]) -> None:
    """Record that these messages went out in the summary; the rest it held are dropped."""
    now = timezone.now()
    _items_of(digest).filter(pk__in=[item.pk for item in items]).update(
        status=Status.DIGESTED, sent_at=now
    )
    _items_of(digest).update(
        status=Status.SKIPPED, last_error="no longer readable by the recipient"
    )
