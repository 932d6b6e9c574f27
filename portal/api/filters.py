"""Query parameters of lists: filters, ordering. A value the API cannot use is a 400 naming the
parameter, never silently ignored; what each list accepts is documented in its schema."""

import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

LARGEST_KEY = 2**63 - 1

# The spellings of a yes/no query parameter: no `yes`, `on` or `maybe`, which would mean nothing.
BOOLEAN_WORDS = {"true": True, "1": True, "false": False, "0": False}


class WholeNumberField(forms.IntegerField):
    """Digits only: no sign, no decimal point, no exponent, no spaces."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not (isinstance(value, str) and value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class WholeNumberFilter(filters.NumberFilter):
    """An id or a version: a whole number from 1 to what a database key holds (else 400)."""

    field_class = WholeNumberField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_KEY)
        super().__init__(*args, **kwargs)

    def openapi_schema(self) -> dict:
        return {
            "type": "integer",
            "minimum": self.extra["min_value"],
            "maximum": self.extra["max_value"],
        }


class YesNoField(forms.Field):
    default_error_messages = {"invalid": _("Send true or false (or 1 or 0).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return BOOLEAN_WORDS[value]
        except (KeyError, TypeError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


YES_NO_SCHEMA = {"type": "string", "enum": list(BOOLEAN_WORDS)}


class YesNoFilter(filters.Filter):
    """A yes/no filter that takes `true`, `false`, `1` or `0`, and refuses anything else."""

    field_class = YesNoField

    def openapi_schema(self) -> dict:
        return dict(YES_NO_SCHEMA)


def yes_no_parameter(params, name: str) -> bool | None:
    """A yes/no query parameter read outside a filter set: None when absent, else 400 unless
    it is `true`, `false`, `1` or `0` (document it with YES_NO_SCHEMA)."""
    value = params.get(name)
    if value is None:
        return None
    try:
        return YesNoField().clean(value)
    except forms.ValidationError as error:
        raise ValidationError({name: error.messages}) from None


class PortalFilterSet(filters.FilterSet):
    """Filters generated from model fields are as strict as the ones written by hand, and a
    parameter sent empty is refused unless it filters by text (`?school=` names no school)."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": YesNoFilter},
        models.AutoField: {"filter_class": WholeNumberFilter},
        models.BigAutoField: {"filter_class": WholeNumberFilter},
    }

    def is_valid(self):
        valid = super().is_valid()
        for name, one in self.filters.items():
            if self.data.get(name) == "" and not isinstance(one, filters.CharFilter):
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
                valid = False
        return valid


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` by the fields a view names (else 400), always ending with `id` so pages
    never overlap. A view that names no fields cannot be re-ordered and has no `ordering`."""

    def get_ordering(self, request, queryset, view):
        fields = _ordering_fields(view)
        raw = request.query_params.get(self.ordering_param)
        if raw is None or not fields:
            terms = list(self.get_default_ordering(view) or [])
        else:
            terms = raw.split(",")
            if any(term.removeprefix("-") not in fields for term in terms):
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _(
                                "Sort by %(fields)s, each with an optional leading “-”, "
                                "joined by commas."
                            )
                            % {"fields": ", ".join(fields)}
                        ]
                    }
                )
        if terms and not any(term.removeprefix("-") == "id" for term in terms):
            terms.append("-id" if terms[-1].startswith("-") else "id")
        return terms

    def get_schema_operation_parameters(self, view):
        fields = _ordering_fields(view)
        if not fields:
            return []
        one = "-?(?:" + "|".join(re.escape(name) for name in fields) + ")"
        default = ",".join(getattr(view, "ordering", None) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by {', '.join(f'`{name}`' for name in fields)}; a leading `-` sorts "
                    f"descending, and several fields are joined by commas. Without it: "
                    f"`{default}`."
                ),
                "schema": {"type": "string", "pattern": f"^{one}(?:,{one})*$"},
            }
        ]


def _ordering_fields(view) -> list[str]:
    return [name for name in getattr(view, "ordering_fields", None) or [] if name != "__all__"]


class AskedFilterBackend(filters.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters.

    Building and validating a filter form costs as much as the rest of a small list; a request
    without filter parameters has nothing for it to check or apply.
    """

    filterset_base = PortalFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not _names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, filterset_class) -> bool:
    # Some filters read their value under a suffixed name (a range filter reads `name_min`).
    names = filterset_class.base_filters.keys()
    return any(key == name or key.startswith(f"{name}_") for key in params for name in names)


class AskedFilterSchema(DjangoFilterExtension):
    """django-filter's parameters as drf-spectacular documents them, with the exact schema of
    the portal's own filters (and their help text, which an override would otherwise drop)."""

    target_class = "portal.api.filters.AskedFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if not hasattr(filter_field, "openapi_schema"):
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        help_text = filter_field.extra.get("help_text")
        return [
            build_parameter_type(
                name=field_name,
                schema=filter_field.openapi_schema(),
                location=OpenApiParameter.QUERY,
                required=filter_field.extra["required"],
                description=str(help_text) if help_text else None,
            )
        ]


FILTER_BACKENDS = [AskedFilterBackend, StrictOrderingFilter]
