"""Forms of the school roster pages; the rules live in accommodations.services.roster."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accommodations.models import School, SchoolStaff


class AddStaffForm(forms.Form):
    email = forms.EmailField(label=_("Their work e-mail address"))
    full_name = forms.CharField(label=_("Their name"), max_length=200)
    role = forms.ChoiceField(label=_("Their role at the school"), choices=SchoolStaff.Role.choices)


class StaffRequestForm(forms.Form):
    """A family asks the school to add a named person; the school or clinic confirms."""

    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    full_name = forms.CharField(
        label=_("Their name"), max_length=200, help_text=_("For example Ms. Díaz.")
    )
    email = forms.EmailField(
        label=_("Their work e-mail address"),
        help_text=_("The school's administrator checks it before anything is shared."),
    )
    role = forms.ChoiceField(label=_("Their role at the school"), choices=SchoolStaff.Role.choices)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].empty_label = None


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email_domains = forms.CharField(
        label=_("Verified e-mail domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=School._meta.get_field("email_domains").help_text,
    )
