from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.notifications.forms import time_zone_choices
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.models import Notification, Weekday


class NotificationSerializer(serializers.ModelSerializer):
    """One message in your notification centre; `title` is worded in your language."""

    title = serializers.CharField(read_only=True)
    action_label = serializers.CharField(read_only=True)
    is_unread = serializers.BooleanField(read_only=True)
    is_safety = serializers.BooleanField(read_only=True)
    student = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "student",
            "url",
            "action_label",
            "is_unread",
            "is_safety",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_url(self, notification):
        """The portal page the notification is about, as an absolute address."""
        if not notification.url:
            return None
        return settings.SITE_URL + notification.url if notification.url.startswith("/") else None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


FREQUENCY_HELP = (
    "For each kind of message you receive, how often e-mail about it comes: `instant`, "
    "`daily` or `weekly` (in a summary) or `off`. In-app notifications always arrive."
)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "21:00",
    }
)
class ClockTimeField(serializers.TimeField):
    """A time of day on the person's own clock (their time zone): HH:MM, or HH:MM:SS."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class PreferencesSerializer(serializers.Serializer):
    frequencies = serializers.DictField(
        child=serializers.ChoiceField(choices=Frequency.choices), help_text=FREQUENCY_HELP
    )
    safety_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Kind.choices),
        read_only=True,
        help_text="Safety notices: always sent at once, whatever the choices and quiet hours.",
    )
    digest_hour = serializers.IntegerField(
        min_value=0, max_value=23, help_text="Hour of the day your summaries arrive."
    )
    weekly_day = serializers.ChoiceField(
        choices=Weekday.choices, help_text="0 is Monday, 6 is Sunday."
    )
    quiet_start = ClockTimeField(
        allow_null=True,
        help_text="No e-mail between quiet_start and quiet_end, on your own clock (safety "
        "notices still come).",
    )
    quiet_end = ClockTimeField(allow_null=True)
    time_zone = serializers.ChoiceField(choices=time_zone_choices())
    language = serializers.ChoiceField(choices=settings.LANGUAGES)

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds or []

    def validate_frequencies(self, value):
        unknown = sorted(set(value) - set(self.kinds))
        if unknown:
            raise serializers.ValidationError(
                f"You cannot choose a frequency for: {', '.join(unknown)}."
            )
        return value
