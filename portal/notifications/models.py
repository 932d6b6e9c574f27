"""The outbox of everything the portal sends, and each person's preferences for it.

A Notification is one logical message for one recipient on one channel. Its (dedupe_key,
channel) pair is unique, so an event handled twice, a reminder computed twice or a digest tick
run twice creates nothing new. In-app rows are the notification centre; e-mail rows move
pending → sending → sent (or held → digested when they wait for a summary).
"""

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import Frequency, Kind, info, render_line

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal")
    EMAIL = "email", _("E-mail")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    HELD = "held", _("Held for a summary")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DIGESTED = "digested", _("Sent in a summary")
    SKIPPED = "skipped", _("Not sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    dedupe_key = models.CharField(max_length=200)
    student = models.ForeignKey(
        "accommodations.Student",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    covers_until = models.DateTimeField(
        null=True, blank=True, help_text=_("For a summary: it gathers what was held until then.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel"], name="one_notification_per_key_and_channel"
            ),
            models.CheckConstraint(
                condition=Q(channel="email") | Q(status__in=["sent", "skipped"]),
                name="in_app_notifications_are_delivered_at_once",
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "status", "next_attempt_at"], name="notif_due"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notif_unread"),
            models.Index(fields=["status", "frequency", "recipient"], name="notif_held"),
            models.Index(
                fields=["claim_token"], condition=Q(claim_token__isnull=False), name="notif_claimed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_channel_display()})"

    @property
    def title(self) -> str:
        return render_line(info(self.kind).title, self.params)

    @property
    def email_line(self) -> str:
        kind = info(self.kind)
        return render_line(kind.email_line or kind.title, self.params)

    @property
    def action_label(self) -> str:
        return str(info(self.kind).action)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def is_safety(self) -> bool:
        return info(self.kind).safety


class NotificationPreference(models.Model):
    """How often one person wants e-mail about one kind of message (absent: the default)."""

    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.frequency}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DeliverySchedule(models.Model):
    """When one person's e-mail may arrive: summaries and quiet hours, in their own time zone."""

    DEFAULT_DIGEST_HOUR = 7

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="delivery_schedule")
    digest_hour = models.PositiveSmallIntegerField(
        _("summary time"), default=DEFAULT_DIGEST_HOUR, validators=[MaxValueValidator(23)]
    )
    weekly_day = models.PositiveSmallIntegerField(
        _("weekly summary day"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="digest_hour_is_an_hour"),
            models.CheckConstraint(
                condition=Q(quiet_start__isnull=True, quiet_end__isnull=True)
                | Q(quiet_start__isnull=False, quiet_end__isnull=False),
                name="quiet_hours_have_both_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"Delivery schedule of {self.user}"

    def in_quiet_hours(self, local: time) -> bool:
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end
