"""Care notes, weekly check-ins, messages to school, and releases."""

from django.http import Http404
from drf_spectacular.utils import extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accommodations import selectors, services
from accommodations.api import examples as ex
from accommodations.api.access import StudentScoped
from accommodations.api.filters import CareNoteFilter, CheckInFilter, ReleaseFilter
from accommodations.api.serializers import (
    AddendumCreateSerializer,
    CareNoteSerializer,
    CheckInSerializer,
    NoteChangeSerializer,
    NoteCreateSerializer,
    ReleaseCreateSerializer,
    ReleaseSerializer,
    SchoolMessageSerializer,
)
from accommodations.family_forms import monday_of
from accommodations.models import CareNote, CheckIn, Release
from portal.api.filters import FILTER_BACKENDS
from portal.api.schema import CONFLICT, documented

TAG_NOTES = "Care notes"
TAG_CHECKINS = "Check-ins"
TAG_RELEASES = "Releases"


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# Care notes ------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List care notes",
        description=(
            "Notes you may read, newest first, each with its addenda. The care team reads "
            "all; the family reads notes for the family and for school; school staff whose "
            "release covers notes read notes for school."
        ),
        tags=[TAG_NOTES],
        responses={200: CareNoteSerializer(many=True)},
        examples=[ex.response("A note for school", ex.NOTE)],
    ),
    post=documented(
        summary="Write a care note",
        description=(
            "For the care team. `visibility` says who may read it: `care_team`, `family` "
            "(and the care team) or `school` (and the family, and schools whose release covers "
            "notes). Notes can be corrected for 15 minutes; after that, add an addendum."
        ),
        tags=[TAG_NOTES],
        request=NoteCreateSerializer,
        responses={201: CareNoteSerializer, 409: CONFLICT},
        examples=[
            ex.request(
                "A note for school",
                {
                    "body": ex.NOTE["body"],
                    "visibility": "school",
                    "submission_key": "0b8f6f4e-8d1a-4f0e-9a53-2f4d7c1e9b21",
                },
            ),
            ex.response("Saved", {**ex.NOTE, "addenda": [], "is_editable": True}, 201),
        ],
    ),
)
class NoteList(StudentScoped, generics.ListCreateAPIView):
    read_capability = "can_read_notes"
    write_capability = "can_write_notes"
    serializer_class = CareNoteSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = CareNoteFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    model = CareNote

    def visible(self, access):
        return selectors.notes_visible(access)

    def create(self, request, *args, **kwargs):
        data = _valid(NoteCreateSerializer, request)
        note = services.add_note(
            access=self.get_access(),
            body=data["body"],
            visibility=data["visibility"],
            submission_key=data.get("submission_key"),
            request=request,
        )
        note = _one(selectors.notes_visible(self.get_access()), note.pk)
        return Response(CareNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class NoteScoped(StudentScoped, generics.GenericAPIView):
    read_capability = "can_read_notes"
    write_capability = "can_write_notes"
    serializer_class = CareNoteSerializer

    def get_note(self):
        return _one(selectors.notes_visible(self.get_access()), self.kwargs["note_id"])


class NoteDetail(NoteScoped):
    @documented(
        summary="One care note",
        tags=[TAG_NOTES],
        responses={200: CareNoteSerializer},
        examples=[ex.response("A note for school", ex.NOTE)],
    )
    def get(self, request, student_id: int, note_id: int):
        return Response(CareNoteSerializer(self.get_note()).data)

    @documented(
        summary="Correct your note",
        description="Only the author, and only in the first 15 minutes; later, add an addendum.",
        tags=[TAG_NOTES],
        request=NoteChangeSerializer,
        responses={200: CareNoteSerializer},
        examples=[
            ex.request("Corrected text", {"body": "Mia is practising pacing in PE."}),
            ex.response("Corrected", ex.NOTE),
        ],
    )
    def patch(self, request, student_id: int, note_id: int):
        note = self.get_note()
        data = _valid(NoteChangeSerializer, request)
        services.edit_note(access=self.get_access(), note=note, body=data["body"], request=request)
        return Response(CareNoteSerializer(self.get_note()).data)


class NoteAddendum(NoteScoped):
    @documented(
        summary="Add an addendum to a note",
        description="The addendum has the note's visibility. Answers with the note and its addenda.",
        tags=[TAG_NOTES],
        request=AddendumCreateSerializer,
        responses={201: CareNoteSerializer, 409: CONFLICT},
        examples=[
            ex.request("A correction", {"body": "Correction: this applies to swimming weeks too."}),
            ex.response("The note with its addenda", ex.NOTE, 201),
        ],
    )
    def post(self, request, student_id: int, note_id: int):
        note = self.get_note()
        data = _valid(AddendumCreateSerializer, request)
        services.add_note(
            access=self.get_access(),
            body=data["body"],
            visibility=note.visibility,
            addendum_to=note,
            submission_key=data.get("submission_key"),
            request=request,
        )
        return Response(CareNoteSerializer(self.get_note()).data, status=status.HTTP_201_CREATED)


# Check-ins --------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List weekly check-ins",
        description=(
            "The family's weekly updates, newest week first, for the family and the care "
            "team. School staff read only the messages to school (see `school-messages`)."
        ),
        tags=[TAG_CHECKINS],
        responses={200: CheckInSerializer(many=True)},
        examples=[ex.response("The week of 2 March", ex.CHECKIN)],
    ),
    post=documented(
        summary="Send this week's check-in",
        description=(
            "For guardians. One update per student per week: `week_of` may be any day of the "
            "week, and the update is filed under that week's Monday. Pain is 0 to 10 and the "
            "worst pain is at least the average; full, partial and missed days fit in a week. "
            "`message_to_school` is shown only to schools whose release covers updates."
        ),
        tags=[TAG_CHECKINS],
        request=CheckInSerializer,
        responses={201: CheckInSerializer},
        examples=[
            ex.request("The week of 2 March", ex.CHECKIN_REQUEST),
            ex.response("Saved", ex.CHECKIN, 201),
        ],
    ),
)
class CheckInList(StudentScoped, generics.ListCreateAPIView):
    read_capability = "can_read_checkins"
    write_capability = "can_write_checkins"
    serializer_class = CheckInSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = CheckInFilter
    ordering_fields = ["week_of", "created_at"]
    ordering = ["-week_of", "-id"]

    model = CheckIn

    def visible(self, access):
        return selectors.checkins_visible(access)

    def create(self, request, *args, **kwargs):
        data = dict(_valid(CheckInSerializer, request))
        week_of = monday_of(data.pop("week_of"))
        checkin = services.submit_checkin(
            access=self.get_access(), week_of=week_of, request=request, **data
        )
        checkin = _one(selectors.checkins_visible(self.get_access()), checkin.pk)
        return Response(CheckInSerializer(checkin).data, status=status.HTTP_201_CREATED)


class CheckInDetail(StudentScoped, generics.GenericAPIView):
    read_capability = "can_read_checkins"
    serializer_class = CheckInSerializer

    @documented(
        summary="One weekly check-in",
        tags=[TAG_CHECKINS],
        responses={200: CheckInSerializer},
        examples=[ex.response("The week of 2 March", ex.CHECKIN)],
    )
    def get(self, request, student_id: int, checkin_id: int):
        checkin = _one(selectors.checkins_visible(self.get_access()), checkin_id)
        return Response(CheckInSerializer(checkin).data)


@extend_schema_view(
    get=documented(
        summary="List messages to school",
        description=(
            "What the family wrote for school in their weekly updates, and nothing else: for "
            "school staff whose release covers updates, and for the family and care team."
        ),
        tags=[TAG_CHECKINS],
        responses={200: SchoolMessageSerializer(many=True)},
        examples=[ex.response("A message", ex.SCHOOL_MESSAGE)],
    )
)
class SchoolMessageList(StudentScoped, generics.ListAPIView):
    read_capability = "can_read_school_messages"
    serializer_class = SchoolMessageSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = CheckInFilter
    ordering_fields = ["week_of"]
    ordering = ["-week_of", "-id"]

    model = CheckIn

    def visible(self, access):
        return selectors.checkins_visible(access).exclude(message_to_school="")


# Releases ---------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="List releases",
        description=(
            "Which schools may see what, and for how long. The family and the care team see "
            "all releases; school staff see their own school's."
        ),
        tags=[TAG_RELEASES],
        responses={200: ReleaseSerializer(many=True)},
        examples=[ex.response("A release in force", ex.RELEASE)],
    ),
    post=documented(
        summary="Grant a school access",
        description=(
            "For guardians: let one school's confirmed staff in the chosen `staff_roles` see "
            "the chosen `scopes` from `starts_at` "
            "until `expires_at`. A school can hold one release per period: revoke it to "
            "change what they see."
        ),
        tags=[TAG_RELEASES],
        request=ReleaseCreateSerializer,
        responses={201: ReleaseSerializer},
        examples=[
            ex.request(
                "Plan and letters for a school year",
                {
                    "school": 3,
                    "scopes": ["plan", "letters"],
                    "staff_roles": ["nurse", "counselor"],
                    "starts_at": "2026-01-05T00:00:00-05:00",
                    "expires_at": "2027-01-05T00:00:00-05:00",
                },
            ),
            ex.response("Granted", ex.RELEASE, 201),
        ],
    ),
)
class ReleaseList(StudentScoped, generics.ListCreateAPIView):
    read_capability = "can_read_releases"
    write_capability = "can_manage_releases"
    serializer_class = ReleaseSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = ReleaseFilter
    ordering_fields = ["created_at", "starts_at", "expires_at"]
    ordering = ["-created_at", "-id"]

    model = Release

    def visible(self, access):
        return selectors.releases_visible(access)

    def create(self, request, *args, **kwargs):
        data = _valid(ReleaseCreateSerializer, request)
        release = services.grant_release(
            access=self.get_access(),
            school=data["school"],
            scopes=set(data["scopes"]),
            staff_roles=set(data["staff_roles"]),
            starts_at=data["starts_at"],
            expires_at=data["expires_at"],
            request=request,
        )
        release = _one(selectors.releases_visible(self.get_access()), release.pk)
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class ReleaseScoped(StudentScoped, generics.GenericAPIView):
    read_capability = "can_read_releases"
    write_capability = "can_manage_releases"
    serializer_class = ReleaseSerializer


class ReleaseDetail(ReleaseScoped):
    @documented(
        summary="One release",
        tags=[TAG_RELEASES],
        responses={200: ReleaseSerializer},
        examples=[ex.response("A release in force", ex.RELEASE)],
    )
    def get(self, request, student_id: int, release_id: int):
        release = _one(selectors.releases_visible(self.get_access()), release_id)
        return Response(ReleaseSerializer(release).data)


class ReleaseRevoke(ReleaseScoped):
    @documented(
        summary="Revoke a release",
        description=(
            "For guardians: the school loses access at once. Revoking a revoked release "
            "changes nothing and answers the same."
        ),
        tags=[TAG_RELEASES],
        request=None,
        responses={200: ReleaseSerializer},
        examples=[
            ex.response(
                "Revoked",
                {
                    **ex.RELEASE,
                    "status": "revoked",
                    "revoked_at": "2026-03-01T12:00:00Z",
                    "revoked_by": ex.SAM,
                },
            )
        ],
    )
    def post(self, request, student_id: int, release_id: int):
        access = self.get_access()
        release = _one(selectors.releases_visible(access), release_id)
        services.revoke_release(access=access, release=release, request=request)
        release = _one(selectors.releases_visible(access), release_id)
        return Response(ReleaseSerializer(release).data)
