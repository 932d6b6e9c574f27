from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Window
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
    """`?page=2&page_size=100`; answers {count, next, previous, results}."""

    django_paginator_class = CountingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
