from functools import lru_cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import Frequency, Kind
from portal.notifications.models import Weekday

FREQUENCY_FIELD_PREFIX = "frequency_"


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(
        zone
        for zone in available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [(zone, zone.replace("_", " ")) for zone in zones]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PreferencesForm(forms.Form):
    """One person's choices: how often for each kind they receive, and when e-mail may come."""

    digest_hour = forms.TypedChoiceField(
        label=_("Time of your summaries"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("Daily summaries arrive at this time; weekly ones on the day you choose."),
    )
    weekly_day = forms.TypedChoiceField(
        label=_("Day of your weekly summary"), coerce=int, choices=Weekday.choices
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours start"),
        required=False,
        widget=TimeInput,
        help_text=_("No e-mail between these times, except safety notices."),
    )
    quiet_end = forms.TimeField(label=_("Quiet hours end"), required=False, widget=TimeInput)
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=time_zone_choices)
    language = forms.ChoiceField(
        label=_("Language of e-mail and pages"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[FREQUENCY_FIELD_PREFIX + kind] = forms.ChoiceField(
                label=Kind(kind).label, choices=Frequency.choices
            )

    def frequency_fields(self):
        return [self[FREQUENCY_FIELD_PREFIX + kind] for kind in self.kinds]

    def schedule_fields(self):
        return [self[name] for name in ("digest_hour", "weekly_day", "quiet_start", "quiet_end")]

    def personal_fields(self):
        return [self["time_zone"], self["language"]]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error(
                "quiet_end" if start else "quiet_start",
                _("Give both a start and an end for quiet hours, or leave both empty."),
            )
        return cleaned

    def frequencies(self) -> dict[str, str]:
        return {kind: self.cleaned_data[FREQUENCY_FIELD_PREFIX + kind] for kind in self.kinds}
