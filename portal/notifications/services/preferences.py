"""Each person's choices about what reaches them, how often and when."""

from datetime import time

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.kinds import CHOOSABLE_KINDS, DIGEST_FREQUENCIES, Frequency
from portal.notifications.models import (
    Channel,
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from portal.notifications.services.outbox import effective_frequency, send_after_commit
from portal.notifications.services.timing import local_zone

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class PreferenceError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def frequencies_for(user) -> dict[str, str]:
    """The frequency in force for every kind a person may choose."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: effective_frequency(kind, chosen.get(kind)) for kind in CHOOSABLE_KINDS}


def schedule_for(user) -> DeliverySchedule:
    """The person's delivery schedule, unsaved defaults when they never chose one."""
    return DeliverySchedule.objects.filter(user=user).first() or DeliverySchedule(user=user)


@transaction.atomic
def update_preferences(
    *,
    user,
    frequencies: dict[str, str],
    digest_hour: int,
    weekly_day: int,
    quiet_start: time | None,
    quiet_end: time | None,
    time_zone: str,
    language: str,
) -> None:
    """Save one person's choices and apply them to e-mail still waiting; idempotent.

    Safety notices cannot be chosen. Messages held for a summary follow the new choice: sent
    now for "right away", dropped for "off", moved to the other summary. Raises
    PreferenceError for an unknown kind, frequency, time zone or language.
    """
    for kind, frequency in frequencies.items():
        if kind not in CHOOSABLE_KINDS:
            raise PreferenceError(_("That kind of message cannot be changed."))
        if frequency not in Frequency.values:
            raise PreferenceError(_("Choose how often from the list."))
    if time_zone != local_zone(time_zone).key:
        raise PreferenceError(_("Choose a time zone from the list."), field="time_zone")
    if language not in dict(settings.LANGUAGES):
        raise PreferenceError(_("Choose a language from the list."), field="language")
    if (quiet_start is None) != (quiet_end is None):
        raise PreferenceError(
            _("Give both a start and an end for quiet hours, or leave both empty."),
            field="quiet_end",
        )
    if not 0 <= digest_hour <= 23 or not 0 <= weekly_day <= 6:
        raise PreferenceError(_("Choose a time and day from the lists."), field="digest_hour")

    for kind, frequency in frequencies.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": frequency}
        )
        _apply_to_waiting(user=user, kind=kind, frequency=frequency)
    DeliverySchedule.objects.update_or_create(
        user=user,
        defaults={
            "digest_hour": digest_hour,
            "weekly_day": weekly_day,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
        },
    )
    wanted = {"time_zone": time_zone, "language": language}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        user.save(update_fields=changed)


def _apply_to_waiting(*, user, kind: str, frequency: str) -> None:
    waiting = Notification.objects.filter(
        recipient=user, kind=kind, channel=Channel.EMAIL, status=Status.HELD, digest__isnull=True
    )
    if frequency == Frequency.OFF:
        waiting.update(status=Status.SKIPPED, last_error="turned off by the recipient")
    elif frequency in DIGEST_FREQUENCIES:
        waiting.exclude(frequency=frequency).update(frequency=frequency)
    else:
        now = timezone.now()
        ids = list(waiting.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            status=Status.PENDING,
            frequency=Frequency.INSTANT,
            next_attempt_at=now,
            queued_at=now,
        )
        send_after_commit(ids)


def unsubscribe_token(*, user, frequency: str) -> str:
    """A signed, unguessable token naming one person and one summary, for one-click links."""
    return signing.dumps({"u": user.pk, "f": frequency}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, frequency) a token names, or None when it was not made by the portal."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("f") not in DIGEST_FREQUENCIES:
        return None
    if not isinstance(data.get("u"), int):
        return None
    return data["u"], data["f"]


@transaction.atomic
def unsubscribe_from_digest(*, user, frequency: str) -> list[str]:
    """Turn off every kind the person receives in this summary and drop what it still holds;
    idempotent. Returns the kinds turned off."""
    current = frequencies_for(user)
    kinds = [kind for kind, chosen in current.items() if chosen == frequency]
    for kind in kinds:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": Frequency.OFF}
        )
    Notification.objects.filter(
        recipient=user,
        channel=Channel.EMAIL,
        status=Status.HELD,
        frequency=frequency,
        digest__isnull=True,
    ).update(status=Status.SKIPPED, last_error="unsubscribed from the summary")
    return kinds
