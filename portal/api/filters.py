from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

LARGEST_KEY = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(filters.NumberFilter):
    """An id or a version: a whole number from 1 to what a database key holds (else 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_KEY)
        super().__init__(*args, **kwargs)


class StrictOrderingFilter(OrderingFilter):
    """Ordering by the fields a view names, always ending with `id` so pages never overlap."""

    def get_valid_fields(self, queryset, view, context=None):
        if not getattr(view, "ordering_fields", None):
            return []  # a view that names no fields cannot be re-ordered
        return super().get_valid_fields(queryset, view, context or {})

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        ordering = list(ordering)
        if not any(term.lstrip("-") == "id" for term in ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering

    def get_schema_operation_parameters(self, view):
        fields = [
            name for name in getattr(view, "ordering_fields", None) or [] if name != "__all__"
        ]
        if not fields:
            return []
        default = ",".join(getattr(view, "ordering", None) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by one of these fields; a leading `-` sorts descending. "
                    f"Without it: `{default}`."
                ),
                "schema": {
                    "type": "string",
                    "enum": [variant for name in fields for variant in (name, f"-{name}")],
                },
            }
        ]


class AskedFilterBackend(filters.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters.

    Building and validating a filter form costs as much as the rest of a small list; a request
    without filter parameters has nothing for it to check or apply.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not _names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, filterset_class) -> bool:
    # Some filters read their value under a suffixed name (a range filter reads `name_min`).
    names = filterset_class.base_filters.keys()
    return any(key == name or key.startswith(f"{name}_") for key in params for name in names)


FILTER_BACKENDS = [AskedFilterBackend, StrictOrderingFilter]
