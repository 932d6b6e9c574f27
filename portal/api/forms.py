from django import forms
from django.utils.translation import gettext_lazy as _

from portal.api.tokens import DEFAULT_LIFETIME_DAYS, LIFETIME_CHOICES_DAYS


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so you recognise it later: “Clinic records sync”."),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[(days, _("%(days)s days") % {"days": days}) for days in LIFETIME_CHOICES_DAYS],
        initial=DEFAULT_LIFETIME_DAYS,
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
