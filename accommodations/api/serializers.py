"""What the API shows of students, plans, notes, check-ins and releases, and what it accepts.

Serializers only shape data: whether a reader may see a field is decided by StudentAccess
(passed in the context), never here.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    CareNote,
    Category,
    CheckIn,
    Implementer,
    PlanItem,
    Release,
    School,
    SchoolStaff,
    Student,
    display_name_of,
)
from accommodations.selectors import StudentAccess

# Shared pieces -------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "name"]


class ClinicSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class MyAccessSerializer(serializers.Serializer):
    """What the requesting user may do with this student, from their relations to them."""

    care_team_role = serializers.CharField(allow_null=True)
    is_guardian = serializers.BooleanField()
    school_scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=Release.SCOPES),
        help_text="What releases in force let the user's school see.",
    )
    can_edit_plan = serializers.BooleanField()
    can_read_published_plan = serializers.BooleanField()
    can_acknowledge = serializers.BooleanField()
    can_read_notes = serializers.BooleanField()
    can_write_notes = serializers.BooleanField()
    can_read_checkins = serializers.BooleanField()
    can_write_checkins = serializers.BooleanField()
    can_read_school_messages = serializers.BooleanField()
    can_manage_releases = serializers.BooleanField()
    can_read_signed_letters = serializers.BooleanField()
    can_draft_letters = serializers.BooleanField()
    can_share_letters = serializers.BooleanField()


CAPABILITIES = [name for name in MyAccessSerializer._declared_fields if name.startswith("can_")]


def my_access(access: StudentAccess) -> dict:
    """MyAccess for one StudentAccess."""
    data = {
        "care_team_role": access.care_team_role,
        "is_guardian": access.is_guardian,
        "school_scopes": sorted(access.school_scopes),
    }
    data.update((name, getattr(access, name)) for name in CAPABILITIES)
    return data


@extend_schema_field(MyAccessSerializer)
class MyAccessField(serializers.Field):
    """The reader's StudentAccess to the row's student (from the context), as MyAccess."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, student):
        return my_access(self.context["accesses"][student.pk])


# Students -----------------------------------------------------------------------------------


class StudentProfileSerializer(serializers.ModelSerializer):
    clinic = ClinicSerializer(source="organization", read_only=True)

    class Meta:
        model = Student
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "family_language",
            "clinic",
        ]


class DeviceCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Student
        fields = [*Student.DEVICE_CARD_FIELDS, "device_card_updated_at"]


class StudentSerializer(serializers.ModelSerializer):
    """A student in a list: what every reader of the student may see (name, grade, school).

    The record itself, and what the reader may do with the student, are on the student's own
    address.
    """

    school = SchoolSerializer(read_only=True, allow_null=True)

    # The list reads each student as a row of these columns (QuerySet.values), not as a model
    # instance with its school: building two instances per row was a fifth of a page's cost.
    ROW_COLUMNS = (
        "id",
        "first_name",
        "preferred_name",
        "last_name",
        "grade",
        "school_id",
        "school__name",
    )

    class Meta:
        model = Student
        fields = ["id", "display_name", "grade", "school"]

    def to_representation(self, row):
        # Written out rather than left to DRF's field-by-field machinery, which would be most
        # of the cost of a page of students; the fields declared above are the schema, and
        # the tests hold the two together (Schemathesis validates every answer against it).
        school_id = row["school_id"]
        return {
            "id": row["id"],
            "display_name": display_name_of(
                row["first_name"], row["preferred_name"], row["last_name"]
            ),
            "grade": row["grade"],
            "school": (
                {"id": school_id, "name": row["school__name"]} if school_id is not None else None
            ),
        }


class StudentDetailSerializer(StudentSerializer):
    """One student as the reader may see them, with what they may do (`my_access`).

    `profile` is null for school staff; `device_card` and `current_plan_version` are null
    unless the reader may see the plan. The reader's StudentAccess comes in the context.
    """

    profile = StudentProfileSerializer(source="*", read_only=True, allow_null=True)
    my_access = MyAccessField()
    device_card = DeviceCardSerializer(source="*", read_only=True, allow_null=True)
    current_plan_version = serializers.SerializerMethodField()

    # part of the record -> the capability that shows it (null otherwise)
    shown_if = {
        "profile": "can_read_full_profile",
        "device_card": "can_read_device_card",
        "current_plan_version": "can_read_published_plan",
    }

    class Meta(StudentSerializer.Meta):
        fields = [
            *StudentSerializer.Meta.fields,
            "profile",
            "my_access",
            "device_card",
            "current_plan_version",
        ]

    def to_representation(self, student):
        access = self.context["accesses"][student.pk]
        data = serializers.ModelSerializer.to_representation(self, student)
        for name, capability in self.shown_if.items():
            if not getattr(access, capability):
                data[name] = None
        return data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_current_plan_version(self, student):
        return self.context.get("current_plan_version")


# Catalog -------------------------------------------------------------------------------------


class CatalogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AccommodationTemplate
        fields = [
            "id",
            "code",
            "category",
            "title",
            "default_details",
            "rationale",
            "implementer",
            "is_active",
        ]


# Plans ---------------------------------------------------------------------------------------


class PlanItemSerializer(serializers.ModelSerializer):
    template = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "template",
            "category",
            "title",
            "details",
            "implementer",
            "start_date",
            "position",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    """One version of a plan with its accommodations in order."""

    published_by = PersonSerializer(read_only=True, allow_null=True)
    based_on_version = serializers.IntegerField(
        source="based_on.version", read_only=True, allow_null=True, default=None
    )
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = AccommodationPlan
        fields = [
            "id",
            "version",
            "status",
            "review_date",
            "based_on_version",
            "created_at",
            "updated_at",
            "published_at",
            "published_by",
            "content_hash",
            "items",
        ]
        read_only_fields = fields


class PlanVersionSerializer(serializers.ModelSerializer):
    """A published version without its items (fetch the version for those)."""

    published_by = PersonSerializer(read_only=True, allow_null=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AccommodationPlan
        fields = [
            "id",
            "version",
            "review_date",
            "published_at",
            "published_by",
            "content_hash",
            "item_count",
        ]
        read_only_fields = fields


class DraftChangeSerializer(serializers.Serializer):
    review_date = serializers.DateField(
        allow_null=True, help_text="When the care team will review the plan once published."
    )


class DraftItemCreateSerializer(serializers.Serializer):
    """Either `template` (a catalog entry, with its default details) or a custom item."""

    template = serializers.IntegerField(
        required=False, min_value=1, help_text="Id of a catalog entry of your clinic."
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    title = serializers.CharField(required=False, max_length=200)
    details = serializers.CharField(required=False)
    implementer = serializers.ChoiceField(choices=Implementer.choices, required=False)
    start_date = serializers.DateField(required=False, allow_null=True)

    CUSTOM_FIELDS = ("category", "title", "details", "implementer")

    def validate(self, data):
        if "template" in data:
            extra = [name for name in (*self.CUSTOM_FIELDS, "start_date") if name in data]
            if extra:
                raise serializers.ValidationError(
                    {name: ["Leave this out when adding from the catalog."] for name in extra}
                )
            return data
        missing = [name for name in self.CUSTOM_FIELDS if not str(data.get(name, "")).strip()]
        if missing:
            raise serializers.ValidationError(
                {
                    name: ["Required for a custom accommodation (or send `template`)."]
                    for name in missing
                }
            )
        return data


class DraftItemChangeSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=200)
    details = serializers.CharField(required=False)
    implementer = serializers.ChoiceField(choices=Implementer.choices, required=False)
    start_date = serializers.DateField(required=False, allow_null=True)


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class PublishSerializer(serializers.Serializer):
    review_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Must be in the future; defaults to the draft's review date.",
    )


# Acknowledgements ---------------------------------------------------------------------------


class AcknowledgementSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="plan.version", read_only=True)
    user = PersonSerializer(read_only=True)
    school = SchoolSerializer(read_only=True)

    class Meta:
        model = Acknowledgement
        fields = ["id", "version", "user", "school", "comment", "created_at"]
        read_only_fields = fields


class AcknowledgeSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version you read. Acknowledging a replaced version is refused.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="A comment or question for the care team.",
    )


class AcknowledgementStateSerializer(serializers.Serializer):
    """A school staff member who should read the current version, and whether they have."""

    user = PersonSerializer(source="staff.user")
    school = SchoolSerializer(source="staff.school")
    role = serializers.CharField(source="staff.role")
    acknowledged_at = serializers.DateTimeField(
        source="acknowledgement.created_at", allow_null=True, default=None
    )
    comment = serializers.CharField(source="acknowledgement.comment", default="")


# Care notes --------------------------------------------------------------------------------


class AddendumSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = CareNote
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = fields


class CareNoteSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    addenda = AddendumSerializer(many=True, read_only=True)

    class Meta:
        model = CareNote
        fields = [
            "id",
            "visibility",
            "body",
            "author",
            "created_at",
            "edited_at",
            "is_editable",
            "addenda",
        ]
        read_only_fields = fields


SUBMISSION_KEY_HELP = (
    "Optional: a new UUID for each note. Sending the same key with the same note again (a "
    "retry) saves it once and answers as the first time; the key with anything else, such as "
    "another text or another student, is refused with 409 and saves nothing."
)


class NoteCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)
    visibility = serializers.ChoiceField(choices=CareNote.Visibility.choices)
    submission_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=SUBMISSION_KEY_HELP,
    )


class NoteChangeSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)


class AddendumCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)
    submission_key = serializers.UUIDField(
        required=False, allow_null=True, help_text=SUBMISSION_KEY_HELP
    )


# Check-ins ----------------------------------------------------------------------------------


class CheckInSerializer(serializers.ModelSerializer):
    submitted_by = PersonSerializer(read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "week_of",
            "pain_now",
            "pain_average",
            "pain_worst",
            "days_full",
            "days_partial",
            "days_missed",
            "health_office_visits",
            "sleep_quality",
            "mood",
            "function_score",
            "comments",
            "message_to_school",
            "submitted_by",
            "created_at",
        ]
        read_only_fields = ["id", "submitted_by", "created_at"]
        extra_kwargs = {
            "week_of": {
                "help_text": "Any day of the week the update is about; it is filed under "
                "that week's Monday."
            },
            "comments": {"max_length": 4000},
            "message_to_school": {"max_length": 2000},
        }


class SchoolMessageSerializer(serializers.ModelSerializer):
    """The part of a weekly update the family writes for school: the message alone."""

    class Meta:
        model = CheckIn
        fields = ["id", "week_of", "message_to_school", "created_at"]
        read_only_fields = fields


# Releases ------------------------------------------------------------------------------------


class ReleaseSerializer(serializers.ModelSerializer):
    school = SchoolSerializer(read_only=True)
    scopes = serializers.SerializerMethodField()
    staff_roles = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        choices=["scheduled", "in_force", "expired", "revoked"], read_only=True
    )
    granted_by = PersonSerializer(read_only=True)
    revoked_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Release
        fields = [
            "id",
            "school",
            "scopes",
            "staff_roles",
            "starts_at",
            "expires_at",
            "status",
            "granted_by",
            "created_at",
            "revoked_at",
            "revoked_by",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Release.SCOPES))
    )
    def get_scopes(self, release):
        return sorted(release.scopes)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=SchoolStaff.Role.values))
    )
    def get_staff_roles(self, release):
        return sorted(release.staff_roles)


class ReleaseCreateSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    scopes = serializers.MultipleChoiceField(
        choices=Release.SCOPES,
        allow_empty=False,
        help_text="What the school may see: plan (and the emergency card), letters, "
        "updates (messages to school only), notes (notes written for school).",
    )
    staff_roles = serializers.MultipleChoiceField(
        choices=SchoolStaff.Role.values,
        allow_empty=False,
        required=False,
        default=list(Release.DEFAULT_STAFF_ROLES),
        help_text="Which of the school's confirmed staff may see it: nurse, counselor "
        "(counselor / 504 coordinator), teacher, administrator. Default: nurse and counselor.",
    )
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
