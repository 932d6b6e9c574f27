"""Students, schools and the clinic's accommodation catalog."""

from drf_spectacular.utils import extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from accommodations import selectors
from accommodations.api import examples as ex
from accommodations.api.access import reading
from accommodations.api.filters import CatalogFilter, StudentFilter
from accommodations.api.serializers import (
    CatalogEntrySerializer,
    SchoolSerializer,
    StudentDetailSerializer,
    StudentSerializer,
)
from accommodations.models import School
from portal.api.filters import FILTER_BACKENDS
from portal.api.schema import documented
from portal.audit import reads
from portal.audit.actions import AuditAction

TAG_STUDENTS = "Students"
TAG_CATALOG = "Catalog"


@extend_schema_view(
    get=documented(
        summary="List the students you may see",
        description=(
            "Students on whose care team you serve, your children, and students released to a "
            "school where you work (while the release is in force): name, grade and school, "
            "which every reader may see. `GET /api/v1/students/{id}/` has the record as you "
            "may see it and `my_access`, what you may do with the student."
        ),
        tags=[TAG_STUDENTS],
        responses={200: StudentSerializer(many=True)},
        examples=[ex.response("A guardian's child", ex.STUDENT)],
    )
)
class StudentList(generics.ListAPIView):
    serializer_class = StudentSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = StudentFilter
    ordering_fields = ["last_name", "first_name", "grade", "created_at"]
    ordering = ["last_name", "first_name", "id"]

    def get_queryset(self):
        return selectors.students_visible_to(self.request.user).values(
            *StudentSerializer.ROW_COLUMNS
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"] if isinstance(response.data, dict) else response.data
        reads.note_list(
            actor=request.user,
            action=AuditAction.STUDENT_LIST_VIEWED,
            student_ids=[row["id"] for row in rows],
        )
        return response


class StudentDetail(APIView):
    @documented(
        summary="One student",
        description=(
            "The student's record as you may see it: `profile` for the care team and the "
            "family; `device_card` (the implanted-device emergency card) and "
            "`current_plan_version` for readers of the plan. `my_access` says what you may do "
            "with the student, as the rest of the API will answer it."
        ),
        tags=[TAG_STUDENTS],
        responses={200: StudentDetailSerializer},
        examples=[ex.response("A guardian's child", ex.STUDENT_DETAIL)],
    )
    def get(self, request, student_id: int):
        access = reading(request, student_id)
        plan = (
            selectors.current_published_plan(access.student)
            if access.can_read_published_plan
            else None
        )
        serializer = StudentDetailSerializer(
            access.student,
            context={
                "accesses": {access.student.pk: access},
                "current_plan_version": plan.version if plan else None,
            },
        )
        return Response(serializer.data)


@extend_schema_view(
    get=documented(
        summary="List schools",
        description="Every school in the portal, to name one when granting a release.",
        tags=[TAG_STUDENTS],
        responses={200: SchoolSerializer(many=True)},
        examples=[ex.response("A school", ex.SCHOOL)],
    )
)
class SchoolList(generics.ListAPIView):
    serializer_class = SchoolSerializer
    queryset = School.objects.all()
    filter_backends = FILTER_BACKENDS
    filterset_fields = {"name": ["icontains"]}
    ordering_fields = ["name"]
    ordering = ["name", "id"]


@extend_schema_view(
    get=documented(
        summary="List your clinic's accommodation catalog",
        description=(
            "The library of accommodations your clinic offers in the plan editor. Empty for "
            "anyone who is not on a clinic's staff."
        ),
        tags=[TAG_CATALOG],
        responses={200: CatalogEntrySerializer(many=True)},
        examples=[ex.response("A catalog entry", ex.CATALOG_ENTRY)],
    )
)
class CatalogList(generics.ListAPIView):
    serializer_class = CatalogEntrySerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = CatalogFilter
    ordering_fields = ["title", "category", "implementer"]
    ordering = ["category", "title", "id"]

    def get_queryset(self):
        return selectors.catalog_for(self.request.user)


@extend_schema_view(
    get=documented(
        summary="One catalog entry",
        tags=[TAG_CATALOG],
        responses={200: CatalogEntrySerializer},
        examples=[ex.response("A catalog entry", ex.CATALOG_ENTRY)],
    )
)
class CatalogDetail(generics.RetrieveAPIView):
    serializer_class = CatalogEntrySerializer
    lookup_url_kwarg = "template_id"

    def get_queryset(self):
        return selectors.catalog_for(self.request.user)
