"""Forms for the family's and the school's pages: weekly updates, releases, acknowledgements.

The forms check the shape of each answer; the rules that join answers (worst pain at least the
average, a week of seven days, one update per week, a release that ends after it starts) live
in the services, which the views call with the cleaned data.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accommodations.models import CheckIn, Release, School, SchoolStaff, Student
from portal.rendering import PAIN_SCORE_CHOICES, NativeDateInput, PillScale

WEEKS_OFFERED = 6


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def offered_weeks(today: date) -> list[date]:
    """The Mondays of this week and the weeks before it that an update may still be about."""
    this_monday = monday_of(today)
    return [this_monday - timedelta(weeks=weeks_back) for weeks_back in range(WEEKS_OFFERED)]


def week_choices(today: date, weeks_sent: set[date]) -> list[tuple[str, str]]:
    choices = []
    for weeks_back, monday in enumerate(offered_weeks(today)):
        day = formats.date_format(monday, "DATE_FORMAT")
        if weeks_back == 0:
            label = _("This week (from %(day)s)") % {"day": day}
        elif weeks_back == 1:
            label = _("Last week (from %(day)s)") % {"day": day}
        else:
            label = _("The week from %(day)s") % {"day": day}
        if monday in weeks_sent:
            label = _("%(week)s: already sent") % {"week": label}
        choices.append((monday.isoformat(), label))
    return choices


def _pain_field(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=PAIN_SCORE_CHOICES,
        coerce=int,
        widget=PillScale(),
        error_messages={
            "required": _("Choose a number from 0 to 10."),
            "invalid_choice": _("Choose a number from 0 to 10."),
        },
    )


def _days_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=7,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 7}),
        error_messages={
            "min_value": _("Enter a number from 0 to 7."),
            "max_value": _("Enter a number from 0 to 7."),
            "invalid": _("Enter a whole number of days."),
        },
    )


class CheckInForm(forms.Form):
    """The weekly update; `message_schools` names the schools that will see the message."""

    week_of = forms.TypedChoiceField(
        label=_("Which week is this update about?"),
        coerce=date.fromisoformat,
        choices=(),
    )
    pain_now = _pain_field(_("Pain right now"))
    pain_average = _pain_field(_("Average pain this week"))
    pain_worst = _pain_field(_("Worst pain this week"))
    days_full = _days_field(_("Full days"))
    days_partial = _days_field(_("Partial days"))
    days_missed = _days_field(_("Days missed"))
    health_office_visits = forms.IntegerField(
        label=_("Visits to the health office"),
        min_value=0,
        max_value=50,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 50}),
    )
    sleep_quality = forms.ChoiceField(
        label=_("Sleep this week"), choices=CheckIn.Sleep.choices, widget=forms.RadioSelect
    )
    mood = forms.TypedChoiceField(
        label=_("Mood this week"),
        choices=CheckIn.Mood.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    function_score = forms.IntegerField(
        label=_("Functional Disability Inventory score"),
        required=False,
        min_value=0,
        max_value=60,
        help_text=_("If the care team asked you to fill in the questionnaire: 0 to 60."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 60}),
    )
    comments = forms.CharField(
        label=_("Anything the care team should know"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the care team and the family read this."),
    )
    message_to_school = forms.CharField(
        label=_("Message to school"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, today: date, message_schools: list[School], weeks_sent: set[date], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["week_of"].choices = week_choices(today, weeks_sent)
        not_sent = [monday for monday in offered_weeks(today) if monday not in weeks_sent]
        # This week's Monday, unless its update is already in: then the latest week without one.
        self.fields["week_of"].initial = (not_sent or offered_weeks(today))[0].isoformat()
        if message_schools:
            names = ", ".join(school.name for school in message_schools)
            help_text = _(
                "Only these schools will see this message, because your release covers "
                "weekly updates: %(schools)s. They never see pain scores, sleep, mood or "
                "the note to the care team."
            ) % {"schools": names}
        else:
            help_text = _(
                "No school can read this message right now: none of your releases covers "
                "weekly updates. It is kept and shown to a school once you allow it."
            )
        self.fields["message_to_school"].help_text = help_text

    def answers(self) -> dict:
        """The cleaned answers as the service takes them (everything but the week)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "week_of"}


SCOPE_EXPLANATIONS = {
    "plan": _(
        "The accommodation plan, and the emergency card if there is an implanted device: "
        "what school staff should do, and what to do in an emergency."
    ),
    "letters": _("Signed letters from the clinic, such as the accommodation letter."),
    "updates": _(
        "Messages to school that you write in the weekly update. Never pain scores, sleep, "
        "mood or the note to the care team."
    ),
    "notes": _("Notes that the care team writes for the school."),
}


class ReleaseForm(forms.Form):
    """Let one school see chosen parts of the student's record for a period."""

    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        empty_label=None,
        help_text=_(
            "Only staff the school or the clinic has confirmed on the school's roster can see it."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the school may see"),
        choices=[(scope, SCOPE_EXPLANATIONS[scope]) for scope in Release.SCOPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing the school may see.")},
    )
    staff_roles = forms.MultipleChoiceField(
        label=_("Who at the school may see it"),
        choices=SchoolStaff.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only staff on the school's confirmed roster in the roles you tick. Most families "
            "choose the nurse and the counselor / 504 coordinator."
        ),
        error_messages={"required": _("Choose at least one group of school staff.")},
    )
    starts_at = forms.DateField(label=_("Starts on"), widget=NativeDateInput())
    expires_at = forms.DateField(
        label=_("Ends on"),
        widget=NativeDateInput(),
        help_text=_("Access stops at the start of this day. You can withdraw it sooner."),
    )

    def __init__(self, *args, student: Student, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        own_school_first = Case(
            When(pk=student.school_id, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        self.fields["school"].queryset = School.objects.order_by(own_school_first, "name")
        self.fields["school"].initial = student.school_id
        self.fields["scopes"].initial = ["plan", "letters"]
        self.fields["staff_roles"].initial = list(Release.DEFAULT_STAFF_ROLES)
        self.fields["starts_at"].initial = today
        self.fields["expires_at"].initial = _one_year_after(today)

    def release_period(self) -> tuple[datetime, datetime]:
        """Start and end as moments: the start of the first day and of the end day."""
        return _start_of(self.cleaned_data["starts_at"]), _start_of(self.cleaned_data["expires_at"])


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class AcknowledgeForm(forms.Form):
    """Confirm reading the version shown; the hidden version makes a stale page fail safely."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Comment or question for the care team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The care team reads this. Leave it empty if you have no question."),
    )
