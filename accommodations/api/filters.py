from django.db.models import Q
from django_filters import rest_framework as filters

from accommodations.models import (
    AccommodationTemplate,
    Acknowledgement,
    CareNote,
    CheckIn,
    Release,
    Student,
)
from portal.api.filters import PortalFilterSet, WholeNumberFilter, YesNoFilter


class StudentFilter(PortalFilterSet):
    school = WholeNumberFilter(field_name="school_id", help_text="Id of the school.")
    grade = filters.CharFilter(help_text="Exact grade, as written on the record.")
    name = filters.CharFilter(
        method="filter_name",
        help_text="Part of the first, preferred or last name, in any case.",
    )

    class Meta:
        model = Student
        fields = ["school", "grade", "name"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(preferred_name__icontains=value)
            | Q(last_name__icontains=value)
        )


class CatalogFilter(PortalFilterSet):
    title = filters.CharFilter(lookup_expr="icontains", help_text="Part of the title.")

    class Meta:
        model = AccommodationTemplate
        fields = ["category", "implementer", "is_active", "title"]


class AcknowledgementFilter(PortalFilterSet):
    version = WholeNumberFilter(field_name="plan__version", help_text="A published version.")

    class Meta:
        model = Acknowledgement
        fields = ["version"]


class CareNoteFilter(PortalFilterSet):
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = CareNote
        fields = ["visibility", "created_after", "created_before"]


class CheckInFilter(PortalFilterSet):
    week_from = filters.DateFilter(
        field_name="week_of", lookup_expr="gte", help_text="Weeks starting on or after."
    )
    week_to = filters.DateFilter(
        field_name="week_of", lookup_expr="lte", help_text="Weeks starting on or before."
    )

    class Meta:
        model = CheckIn
        fields = ["week_from", "week_to"]


class ReleaseFilter(PortalFilterSet):
    school = WholeNumberFilter(field_name="school_id")
    in_force = YesNoFilter(
        method="filter_in_force",
        help_text="`true`: only releases in force now; `false`: only those that are not.",
    )

    class Meta:
        model = Release
        fields = ["school", "in_force"]

    def filter_in_force(self, queryset, name, value):
        in_force = Release.objects.in_force().values("pk")
        return queryset.filter(pk__in=in_force) if value else queryset.exclude(pk__in=in_force)
