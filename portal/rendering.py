"""How Django forms render across the portal, and two widgets the portal's forms share."""

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PAIN_SCORE_CHOICES = [(score, str(score)) for score in range(11)]


class PortalFormRenderer(TemplatesSetting):
    """Every field gets a visible label, an "optional" hint when it is not required, and help
    text and errors tied to the control with aria-describedby (see templates/includes/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"

    @cached_property
    def _django_widgets(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        # The project's engine finds our templates; Django's own widget templates are only
        # there when "django.forms" is an installed app, so fall back to Django's engine.
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_widgets.get_template(template_name)


class NativeDateInput(forms.DateInput):
    """The browser's own date picker; it sends and expects YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PillScale(forms.RadioSelect):
    """A 0-10 scale of native radio buttons drawn as pills (class "pill-scale").

    Arrow keys move between the numbers and each number is its own label, so it works with a
    keyboard and a screen reader; the words for both ends are read with 0 and 10 and shown
    under the scale. Use it with choices=PAIN_SCORE_CHOICES.
    """

    template_name = "includes/pill_scale.html"

    def __init__(self, *, low_label=None, high_label=None, attrs=None):
        super().__init__(attrs=attrs)
        self.low_label = low_label or _("no pain")
        self.high_label = high_label or _("worst pain")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["low_label"] = self.low_label
        context["widget"]["high_label"] = self.high_label
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        anchor = {"0": self.low_label, "10": self.high_label}.get(str(value))
        if anchor:
            option["label"] = format_html(
                '{}<span class="visually-hidden"> ({})</span>', label, anchor
            )
        return option
