"""Forms of the care team's pages: the plan editor, care notes and the device emergency card.

Forms only read and check input; the rules live in accommodations.services, whose
ServiceError is shown on the field it names (see `add_service_error`).
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accommodations.models import (
    AccommodationTemplate,
    CareNote,
    Category,
    Implementer,
    School,
    Student,
)
from portal.rendering import NativeDateInput


def add_service_error(form: forms.Form, error) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the catalog"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )

    def filter(self, templates):
        if not self.is_valid():
            return templates
        query = self.cleaned_data["q"].strip()
        if query:
            templates = templates.filter(title__icontains=query) | templates.filter(
                default_details__icontains=query
            )
        if self.cleaned_data["category"]:
            templates = templates.filter(category=self.cleaned_data["category"])
        return templates


class AddFromCatalogForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=AccommodationTemplate.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, catalog, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = catalog
        self.fields["template"].error_messages["invalid_choice"] = _(
            "That accommodation is not in your clinic's catalog."
        )


class PlanItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    details = forms.CharField(
        label=_("Details for this student"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the school does, when and for how long, in plain words."),
    )
    implementer = forms.ChoiceField(label=_("Carried out by"), choices=Implementer.choices)
    start_date = forms.DateField(
        label=_("Starts"),
        required=False,
        widget=NativeDateInput,
        help_text=_("Leave empty if it applies from the start of the plan."),
    )


class CustomItemForm(PlanItemForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)

    field_order = ["category", "title", "details", "implementer", "start_date"]


class MoveItemForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    # The order the mover saw, so a repeated click does not move the item twice.
    order = forms.CharField(max_length=2000)


class ReviewDateForm(forms.Form):
    review_date = forms.DateField(
        label=_("Review date"),
        widget=NativeDateInput,
        help_text=_("When the care team will look at this plan again."),
    )


class PublishForm(ReviewDateForm):
    confirm = forms.BooleanField(
        label=_("I have checked this version; schools with a release will be asked to read it."),
        error_messages={"required": _("Tick the box to confirm you want to publish.")},
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, throw this draft away"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=CareNote.Visibility.choices,
        initial=CareNote.Visibility.CARE_TEAM,
        widget=forms.RadioSelect,
        help_text=_(
            "School staff read notes for school only while the family's release covers notes."
        ),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class AddendumForm(forms.Form):
    body = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Added below the note with today's date; the note itself stays as it was."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class NoteEditForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}))


class DeviceCardForm(forms.Form):
    device_type = forms.ChoiceField(label=_("Implanted device"), choices=Student.Device.choices)
    device_description = forms.CharField(
        label=_("Device"),
        max_length=200,
        required=False,
        help_text=_("Make and model, where it sits, and what it does, in a few words."),
    )
    device_emergency_contacts = forms.CharField(
        label=_("Who to call"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, role and phone number."),
    )
    device_warning_signs = forms.CharField(
        label=_("Warning signs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    device_emergency_steps = forms.CharField(
        label=_("Emergency steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One step per line, in order."),
    )
    device_do_nots = forms.CharField(
        label=_("Do not"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )


class StudentProfileForm(forms.Form):
    """The student's details the care team corrects; rules in services.update_student_profile."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    preferred_name = forms.CharField(
        label=_("Preferred name"),
        max_length=100,
        required=False,
        help_text=_("What the student likes to be called; the portal uses it where it can."),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=NativeDateInput())
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.order_by("name"), required=False
    )
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    family_language = forms.CharField(label=_("Family language"), max_length=40)
