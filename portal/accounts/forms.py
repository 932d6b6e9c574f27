"""Forms of the invitation, acceptance, profile and security-key pages; rules live in
accounts.services."""

import zoneinfo

from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accommodations import selectors
from accommodations.models import CareTeamMember, SchoolStaff, Student
from portal.accounts.models import Invitation

Kind = Invitation.Kind

KIND_LABELS = {
    Kind.GUARDIAN: _("A parent or guardian"),
    Kind.CARE_TEAM: _("A care-team colleague"),
    Kind.SCHOOL_STAFF: _("School staff (roster)"),
    Kind.CLINICIAN: _("Clinic staff"),
}


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.display_name} ({obj.school.name if obj.school else '—'})"


class InvitationForm(forms.Form):
    """What to ask depends on the kind of invitation; the kind itself comes from the page."""

    email = forms.EmailField(label=_("Their e-mail address"))
    full_name = forms.CharField(
        label=_("Their name"),
        max_length=200,
        required=False,
        help_text=_("Used to greet them in the invitation."),
    )

    def __init__(self, *args, kind: str, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in (Kind.GUARDIAN, Kind.CARE_TEAM):
            self.fields["student"] = StudentChoiceField(
                label=_("Student"),
                queryset=selectors.caseload_for(inviter).select_related("school"),
            )
        if kind == Kind.GUARDIAN:
            self.fields["relationship"] = forms.CharField(
                label=_("Relationship to the student"),
                max_length=40,
                initial=_("Parent"),
                help_text=_("For example mother, father, grandparent, foster parent."),
            )
        if kind == Kind.CARE_TEAM:
            self.fields["role"] = forms.ChoiceField(
                label=_("Role on the care team"), choices=CareTeamMember.Role.choices
            )
        if kind == Kind.SCHOOL_STAFF:
            self.fields["school"] = forms.ModelChoiceField(
                label=_("School"),
                queryset=selectors.schools_kept_by(inviter),
                help_text=_("Only schools whose roster you keep are listed."),
            )
            self.fields["role"] = forms.ChoiceField(
                label=_("Their role at the school"), choices=SchoolStaff.Role.choices
            )
        self.order_fields(["student", "school", "email", "full_name", "relationship", "role"])


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; a short sentence is easy to remember."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        help_text=_("Dates, reminders and digests follow it."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class AddSecurityKeyForm(AddWebAuthnForm):
    """allauth's form for adding a security key, with labels in the portal's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
        self.fields["name"].help_text = _("For example “Blue USB key” or “My phone”.")
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = _("Use it as a passkey: sign in with it alone")
            self.fields["passwordless"].help_text = _(
                "Then the key replaces both your password and your code. It must be protected by "
                "a fingerprint, face or PIN."
            )
