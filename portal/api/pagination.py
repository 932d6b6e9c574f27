from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Window
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

TOTAL = "paging_total_rows"
MAX_PAGE = 2**31


class CountingPaginator(DjangoPaginator):
    """Reads a page and the number of rows in one query, with a window COUNT over the rows.

    Falls back to Django's separate COUNT for an empty page and for querysets where a window
    would count something else (DISTINCT, UNION).
    """

    def page(self, number):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.distinct or query.combinator:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:  # no list is that long, and SQL offsets overflow past here
            raise EmptyPage(self.error_messages["no_results"])
        bottom = (number - 1) * self.per_page
        rows = list(
            queryset.annotate(**{TOTAL: Window(Count("*"))})[bottom : bottom + self.per_page]
        )
        if rows:
            first = rows[0]
            self.__dict__["count"] = (
                first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL)
            )
        elif number > 1 or not self.allow_empty_first_page:
            raise EmptyPage(self.error_messages["no_results"])
        else:
            self.__dict__["count"] = 0
        return self._get_page(rows, number, self)


class PortalPagination(PageNumberPagination):
    """`?page=2&page_size=100`; answers {count, next, previous, results}.

    A page or page size that is not a whole number in range is a 400 naming the parameter;
    a page past the end of the list is a 404.
    """

    django_paginator_class = CountingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # `?page=last` is not a number; the schema promises numbers

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Ask for 1 to %(most)s rows per page.") % {"most": self.max_page_size}
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        number = _whole_number(raw)
        if number is None or number < 1:
            raise ValidationError({self.page_query_param: [_("A page is a whole number, from 1.")]})
        return number

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page of the list, from 1; a page past the end answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Rows per page, from 1 to {self.max_page_size}; {self.page_size} without it."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


def _whole_number(raw: str) -> int | None:
    # Digits only: int() would also take "+3", " 3", "3_000" and other scripts' digits.
    if not (raw.isascii() and raw.isdigit()):
        return None
    # Past every bound here; and int() refuses strings of thousands of digits.
    return int(raw) if len(raw) <= 30 else 10**30
