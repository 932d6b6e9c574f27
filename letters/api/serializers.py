"""What the API shows of letters and share links, and what it accepts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accommodations.api.serializers import PersonSerializer
from letters.models import Letter, LetterShare, LetterTemplate, ShareAccess
from letters.sharing import DEFAULT_LIFETIME, LONGEST_LIFETIME

SHARE_STATUSES = ["live", "expired", "revoked"]


class LetterTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterTemplate
        fields = ["id", "code", "kind", "title", "subject"]
        read_only_fields = fields


class LetterSerializer(serializers.ModelSerializer):
    """A letter; `subject` and `body` are Markdown with the student's details filled in."""

    plan_version = serializers.IntegerField(source="plan.version", read_only=True)
    template = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    created_by = PersonSerializer(read_only=True)
    signed_by = PersonSerializer(read_only=True, allow_null=True)
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    verification_code = serializers.CharField(read_only=True, allow_null=True)
    pdf_sha256 = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "kind",
            "status",
            "template",
            "plan_version",
            "recipient_name",
            "recipient_role",
            "recipient_school",
            "subject",
            "body",
            "created_by",
            "created_at",
            "updated_at",
            "last_error",
            "signed_by",
            "signed_at",
            "signer_name",
            "signer_credentials",
            "verification_code",
            "pdf_sha256",
            "is_development_signature",
            "supersedes",
            "superseded_at",
            "revoked_at",
            "revocation_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_sha256(self, letter):
        return letter.pdf_sha256 or None


class LetterCreateSerializer(serializers.Serializer):
    template = serializers.IntegerField(
        min_value=1, help_text="Id of one of the clinic's letter templates."
    )
    recipient_name = serializers.CharField(max_length=200)
    recipient_role = serializers.CharField(max_length=120, required=False, allow_blank=True)
    supersedes = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="Id of a signed, current letter this one replaces once signed.",
    )


class LetterChangeSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=200, required=False)
    recipient_role = serializers.CharField(max_length=120, required=False, allow_blank=True)
    subject = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(required=False, max_length=50000)
    cite_current_plan = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Cite the plan version now in force instead of the one cited so far.",
    )


class SignSerializer(serializers.Serializer):
    """One of the two: signing is a legal act, so the signer confirms it is them every time."""

    password = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        trim_whitespace=False,
        help_text="Your portal password. Give this or `code`.",
    )
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text=(
            "Instead of the password: the code your authenticator app shows now, or one of your "
            "unused recovery codes."
        ),
    )


class RevokeLetterSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, help_text="Shown to the family; the verification page only says revoked."
    )


class ShareSerializer(serializers.ModelSerializer):
    created_by = PersonSerializer(read_only=True)
    status = serializers.ChoiceField(choices=SHARE_STATUSES, read_only=True)

    class Meta:
        model = LetterShare
        fields = [
            "id",
            "recipient_name",
            "recipient_email",
            "recipient_role",
            "status",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "email_sent_at",
            "receipt_confirmed_at",
            "receipt_name",
            "receipt_note",
        ]
        read_only_fields = fields


class NewShareSerializer(ShareSerializer):
    url = serializers.URLField(
        read_only=True,
        help_text="The link for the recipient. Shown only in this answer; it is e-mailed too.",
    )

    class Meta(ShareSerializer.Meta):
        fields = [*ShareSerializer.Meta.fields, "url"]
        read_only_fields = fields


class ShareCreateSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=200)
    recipient_email = serializers.EmailField()
    recipient_role = serializers.CharField(max_length=120)
    days = serializers.IntegerField(
        min_value=1,
        max_value=LONGEST_LIFETIME.days,
        default=DEFAULT_LIFETIME.days,
        help_text="How many days the link works.",
    )


class ShareAccessSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareAccess
        fields = ["id", "kind", "at", "ip_address", "user_agent"]
        read_only_fields = fields
