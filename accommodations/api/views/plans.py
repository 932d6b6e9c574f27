"""The published plan and its versions, the care team's draft, and acknowledgements."""

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accommodations import selectors, services
from accommodations.api import examples as ex
from accommodations.api.access import StudentScoped
from accommodations.api.filters import AcknowledgementFilter
from accommodations.api.serializers import (
    AcknowledgementSerializer,
    AcknowledgementStateSerializer,
    AcknowledgeSerializer,
    DraftChangeSerializer,
    DraftItemChangeSerializer,
    DraftItemCreateSerializer,
    MoveSerializer,
    PlanItemSerializer,
    PlanSerializer,
    PlanVersionSerializer,
    PublishSerializer,
)
from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    PlanItem,
)
from portal.api.filters import FILTER_BACKENDS
from portal.api.schema import documented

TAG_PLAN = "Plans"
TAG_DRAFT = "Plan draft"
TAG_ACK = "Acknowledgements"


def _full_plan(plan: AccommodationPlan) -> AccommodationPlan:
    return (
        AccommodationPlan.objects.filter(pk=plan.pk)
        .select_related("published_by", "based_on")
        .prefetch_related("items")
        .get()
    )


class CurrentPlan(StudentScoped, generics.GenericAPIView):
    read_capability = "can_read_published_plan"
    serializer_class = PlanSerializer

    @documented(
        summary="The plan in force",
        description=(
            "The student's current published version with its accommodations, for the care "
            "team, the family, and school staff whose release covers the plan. 404 if no "
            "version has been published yet."
        ),
        tags=[TAG_PLAN],
        responses={200: PlanSerializer},
        examples=[ex.response("Version 3", ex.PLAN)],
    )
    def get(self, request, student_id: int):
        plan = selectors.current_published_plan(self.get_access().student)
        if plan is None:
            raise NotFound(_("No version of this plan has been published yet."))
        return Response(PlanSerializer(_full_plan(plan)).data)


@extend_schema_view(
    get=documented(
        summary="List the published versions",
        description="Every published version of the plan, newest first, without items.",
        tags=[TAG_PLAN],
        responses={200: PlanVersionSerializer(many=True)},
        examples=[ex.response("Version 3", ex.PLAN_VERSION)],
    )
)
class PlanVersionList(StudentScoped, generics.ListAPIView):
    read_capability = "can_read_published_plan"
    serializer_class = PlanVersionSerializer

    model = AccommodationPlan

    def visible(self, access):
        return (
            selectors.published_plan_versions(access)
            .select_related("published_by")
            .annotate(item_count=Count("items"))
        )


class PlanVersionDetail(StudentScoped, generics.GenericAPIView):
    read_capability = "can_read_published_plan"
    serializer_class = PlanSerializer

    @documented(
        summary="One published version",
        description="A published version, frozen as it was published, with its items.",
        tags=[TAG_PLAN],
        responses={200: PlanSerializer},
        examples=[ex.response("Version 3", ex.PLAN)],
    )
    def get(self, request, student_id: int, version: int):
        plan = selectors.published_plan_version(access=self.get_access(), version=version)
        return Response(PlanSerializer(_full_plan(plan)).data)


# The draft ------------------------------------------------------------------------------------


class DraftScoped(StudentScoped):
    read_capability = "can_edit_plan"
    write_capability = "can_edit_plan"

    def get_draft(self) -> AccommodationPlan:
        draft = selectors.current_draft(self.get_access().student)
        if draft is None:
            raise NotFound(_("No draft is open. Start one with POST …/plan/draft/."))
        return draft

    def draft_response(self, draft: AccommodationPlan, code: int = 200) -> Response:
        return Response(PlanSerializer(_full_plan(draft)).data, status=code)


class Draft(DraftScoped, generics.GenericAPIView):
    serializer_class = PlanSerializer

    @documented(
        summary="The open draft",
        description="The care team's draft of the next version. 404 if none is open.",
        tags=[TAG_DRAFT],
        responses={200: PlanSerializer},
        examples=[ex.response("Draft of version 4", ex.DRAFT)],
    )
    def get(self, request, student_id: int):
        return self.draft_response(self.get_draft())

    @documented(
        summary="Open a draft",
        description=(
            "Opens the next version as a draft, starting from the published version's items. "
            "If a draft is already open it is returned unchanged (200); a new one answers 201."
        ),
        tags=[TAG_DRAFT],
        request=None,
        responses={200: PlanSerializer, 201: PlanSerializer},
        examples=[ex.response("New draft", ex.DRAFT, 201)],
    )
    def post(self, request, student_id: int):
        access = self.get_access()
        existing = selectors.current_draft(access.student)
        draft = services.start_draft(access=access, request=request)
        code = status.HTTP_200_OK if existing is not None else status.HTTP_201_CREATED
        return self.draft_response(draft, code)

    @documented(
        summary="Change the draft's review date",
        tags=[TAG_DRAFT],
        request=DraftChangeSerializer,
        responses={200: PlanSerializer},
        examples=[
            ex.request("Review in June", {"review_date": "2026-06-15"}),
            ex.response("Draft of version 4", ex.DRAFT),
        ],
    )
    def patch(self, request, student_id: int):
        draft = self.get_draft()
        data = _valid(DraftChangeSerializer, request)
        services.set_review_date(
            access=self.get_access(), plan=draft, review_date=data["review_date"], request=request
        )
        return self.draft_response(draft)

    @documented(
        summary="Discard the draft",
        description="Throws the draft away; the published version stays in force.",
        tags=[TAG_DRAFT],
        responses={204: None},
    )
    def delete(self, request, student_id: int):
        services.discard_draft(access=self.get_access(), plan=self.get_draft(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    get=documented(
        summary="List the draft's accommodations",
        tags=[TAG_DRAFT],
        responses={200: PlanItemSerializer(many=True)},
        examples=[ex.response("An accommodation", ex.PLAN_ITEM)],
    ),
    post=documented(
        summary="Add an accommodation to the draft",
        description=(
            "Send `template` to add a catalog entry with its default details, or `category`, "
            "`title`, `details` and `implementer` (and optionally `start_date`) for an "
            "accommodation written for this student."
        ),
        tags=[TAG_DRAFT],
        request=DraftItemCreateSerializer,
        responses={201: PlanItemSerializer},
        examples=[
            ex.request("From the catalog", {"template": 21}),
            ex.request(
                "Written for this student",
                {
                    "category": "physical_activity",
                    "title": "Modified PE",
                    "details": "Walks the laps instead of running; may sit out contact games.",
                    "implementer": "pe_teacher",
                    "start_date": "2026-03-02",
                },
            ),
            ex.response("Added", ex.PLAN_ITEM, 201),
        ],
    ),
)
class DraftItemList(DraftScoped, generics.ListCreateAPIView):
    serializer_class = PlanItemSerializer
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["position", "title", "category"]
    ordering = ["position", "id"]

    model = PlanItem

    def visible(self, access):
        return self.get_draft().items.all()

    def create(self, request, *args, **kwargs):
        draft = self.get_draft()
        data = _valid(DraftItemCreateSerializer, request)
        access = self.get_access()
        if "template" in data:
            template = AccommodationTemplate.objects.filter(pk=data["template"]).first()
            if template is None:
                raise serializers.ValidationError(
                    {"template": [_("That accommodation is not in your clinic's catalog.")]}
                )
            item = services.add_item_from_template(
                access=access, plan=draft, template=template, request=request
            )
        else:
            item = services.add_custom_item(
                access=access,
                plan=draft,
                category=data["category"],
                title=data["title"],
                details=data["details"],
                implementer=data["implementer"],
                start_date=data.get("start_date"),
                request=request,
            )
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)


class DraftItemScoped(DraftScoped, generics.GenericAPIView):
    serializer_class = PlanItemSerializer

    def get_item(self):
        item = self.get_draft().items.filter(pk=self.kwargs["item_id"]).first()
        if item is None:
            raise Http404
        return item


class DraftItemDetail(DraftItemScoped):
    @documented(
        summary="One accommodation of the draft",
        tags=[TAG_DRAFT],
        responses={200: PlanItemSerializer},
        examples=[ex.response("An accommodation", ex.PLAN_ITEM)],
    )
    def get(self, request, student_id: int, item_id: int):
        return Response(PlanItemSerializer(self.get_item()).data)

    @documented(
        summary="Tailor an accommodation of the draft",
        description="Send only the fields to change.",
        tags=[TAG_DRAFT],
        request=DraftItemChangeSerializer,
        responses={200: PlanItemSerializer},
        examples=[
            ex.request("New details", {"details": "Up to 10 minutes, then back to class."}),
            ex.response("Changed", ex.PLAN_ITEM),
        ],
    )
    def patch(self, request, student_id: int, item_id: int):
        item = self.get_item()
        data = _valid(DraftItemChangeSerializer, request)
        item = services.update_item(
            access=self.get_access(),
            item=item,
            details=data.get("details", item.details),
            implementer=data.get("implementer", item.implementer),
            start_date=data.get("start_date", item.start_date),
            title=data.get("title"),
            request=request,
        )
        return Response(PlanItemSerializer(item).data)

    @documented(
        summary="Remove an accommodation from the draft",
        tags=[TAG_DRAFT],
        responses={204: None},
    )
    def delete(self, request, student_id: int, item_id: int):
        services.remove_item(access=self.get_access(), item=self.get_item(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftItemMove(DraftItemScoped):
    @documented(
        summary="Move an accommodation up or down",
        description="Answers with the whole draft in its new order.",
        tags=[TAG_DRAFT],
        request=MoveSerializer,
        responses={200: PlanSerializer},
        examples=[
            ex.request("Up one place", {"direction": "up"}),
            ex.response("Draft of version 4", ex.DRAFT),
        ],
    )
    def post(self, request, student_id: int, item_id: int):
        item = self.get_item()
        data = _valid(MoveSerializer, request)
        services.move_item(
            access=self.get_access(), item=item, direction=data["direction"], request=request
        )
        return self.draft_response(item.plan)


class PublishDraft(DraftScoped, generics.GenericAPIView):
    serializer_class = PlanSerializer

    @documented(
        summary="Publish the draft",
        description=(
            "Freezes the draft as the student's current version and tells the school staff "
            "who must read it. Needs at least one accommodation and a review date in the "
            "future (sent here, or set on the draft)."
        ),
        tags=[TAG_DRAFT],
        request=PublishSerializer,
        responses={200: PlanSerializer},
        examples=[
            ex.request("Publish with a review date", {"review_date": "2026-06-15"}),
            ex.response("Published as version 4", {**ex.DRAFT, "status": "published"}),
        ],
    )
    def post(self, request, student_id: int):
        draft = self.get_draft()
        data = _valid(PublishSerializer, request)
        plan = services.publish_plan(
            access=self.get_access(),
            plan=draft,
            review_date=data.get("review_date"),
            request=request,
        )
        return Response(PlanSerializer(_full_plan(plan)).data)


# Acknowledgements -----------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List acknowledgements",
        description=(
            "Who confirmed reading which version. The care team sees everyone's; anyone else "
            "sees their own."
        ),
        tags=[TAG_ACK],
        responses={200: AcknowledgementSerializer(many=True)},
        examples=[ex.response("A nurse read version 3", ex.ACKNOWLEDGEMENT)],
    ),
    post=documented(
        summary="Acknowledge the plan in force",
        description=(
            "For school staff whose release covers the plan: confirm you read `version`, "
            "optionally with a comment or question for the care team. A version that has "
            "been replaced, or one you already acknowledged, is refused with 400."
        ),
        tags=[TAG_ACK],
        request=AcknowledgeSerializer,
        responses={201: AcknowledgementSerializer},
        examples=[
            ex.request("Read version 3", {"version": 3, "comment": ""}),
            ex.response("Acknowledged", ex.ACKNOWLEDGEMENT, 201),
        ],
    ),
)
class AcknowledgementList(StudentScoped, generics.ListCreateAPIView):
    read_capability = "can_read_published_plan"
    write_capability = "can_acknowledge"
    serializer_class = AcknowledgementSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = AcknowledgementFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    model = Acknowledgement

    def visible(self, access):
        return selectors.acknowledgements_visible(access)

    def create(self, request, *args, **kwargs):
        access = self.get_access()
        data = _valid(AcknowledgeSerializer, request)
        try:
            plan = selectors.published_plan_version(access=access, version=data["version"])
        except Http404:
            raise serializers.ValidationError(
                {
                    "version": [
                        _("This plan has no published version %(v)s.") % {"v": data["version"]}
                    ]
                }
            ) from None
        acknowledgement = services.acknowledge_plan(
            access=access, plan=plan, comment=data["comment"], request=request
        )
        return Response(
            AcknowledgementSerializer(acknowledgement).data, status=status.HTTP_201_CREATED
        )


class AcknowledgementStatus(StudentScoped, generics.GenericAPIView):
    read_capability = "can_edit_plan"
    serializer_class = AcknowledgementStateSerializer
    pagination_class = None  # one row per school staff member: a short, whole list

    @documented(
        summary="Who still has to read the plan in force",
        description=(
            "For the care team: each school staff member whose release covers the plan, and "
            "whether they have acknowledged the current version. Empty before the first "
            "version is published."
        ),
        tags=[TAG_ACK],
        responses={200: AcknowledgementStateSerializer(many=True)},
        examples=[ex.response("One nurse has not read it", [ex.ACKNOWLEDGEMENT_STATE])],
    )
    def get(self, request, student_id: int):
        plan = selectors.current_published_plan(self.get_access().student)
        states = selectors.acknowledgement_states(plan) if plan is not None else []
        return Response(AcknowledgementStateSerializer(states, many=True).data)
