from django_filters import rest_framework as filters
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """Ordering by the fields a view names, always ending with `id` so pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        ordering = list(ordering)
        if not any(term.lstrip("-") == "id" for term in ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering


FILTER_BACKENDS = [filters.DjangoFilterBackend, StrictOrderingFilter]
