"""Letters: drafting, preview, signing, the signed PDF, revoking, and share links."""

from datetime import timedelta

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from accommodations.api.access import StudentScoped
from letters import selectors, services, sharing
from letters.api import examples as ex
from letters.api.serializers import (
    LetterChangeSerializer,
    LetterCreateSerializer,
    LetterSerializer,
    LetterTemplateSerializer,
    NewShareSerializer,
    RevokeLetterSerializer,
    ShareAccessSerializer,
    ShareCreateSerializer,
    ShareSerializer,
    SignSerializer,
)
from letters.models import Letter, LetterShare, LetterTemplate, ShareAccess
from portal.api.filters import FILTER_BACKENDS
from portal.api.schema import ErrorSerializer, documented
from portal.audit import reads
from portal.audit.actions import AuditAction

TAG_LETTERS = "Letters"
TAG_SHARES = "Letter shares"

PDF = OpenApiResponse(
    response=OpenApiTypes.BINARY, description="The PDF file (`Content-Type: application/pdf`)."
)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PDFRenderer(BaseRenderer):
    """Lets clients ask for `Accept: application/pdf`; the views answer with the file itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PDFView:
    renderer_classes = [JSONRenderer, PDFRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):  # a refusal: always in the JSON error format
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class LetterScoped(StudentScoped):
    read_capability = "can_read_signed_letters"
    write_capability = "can_draft_letters"
    model = Letter

    def get_letter(self) -> Letter:
        return selectors.letter_for(access=self.get_access(), letter_id=self.kwargs["letter_id"])

    def letter_response(self, letter: Letter, code: int = 200) -> Response:
        letter = selectors.letter_for(access=self.get_access(), letter_id=letter.pk)
        return Response(LetterSerializer(letter).data, status=code)


@extend_schema_view(
    get=documented(
        summary="List the clinic's letter templates",
        description="For the care team: the kinds of letter a draft can start from.",
        tags=[TAG_LETTERS],
        responses={200: LetterTemplateSerializer(many=True)},
        examples=[ex.response("Accommodation letter", ex.TEMPLATE)],
    )
)
class LetterTemplateList(StudentScoped, generics.ListAPIView):
    read_capability = "can_draft_letters"
    serializer_class = LetterTemplateSerializer
    model = LetterTemplate
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["title"]
    ordering = ["title", "id"]

    def visible(self, access):
        services.ensure_letter_templates(organization=access.student.organization)
        return selectors.templates_for_drafting(access.student.organization)


@extend_schema_view(
    get=documented(
        summary="List letters",
        description=(
            "The student's letters, newest first. The care team sees drafts too; the family "
            "and school staff whose release covers letters see signed, superseded and revoked "
            "letters."
        ),
        tags=[TAG_LETTERS],
        responses={200: LetterSerializer(many=True)},
        examples=[ex.response("A signed letter", ex.LETTER)],
    ),
    post=documented(
        summary="Start a letter draft",
        description=(
            "For the care team: a draft from one of the clinic's templates "
            "(`GET …/letter-templates/`), citing the plan version now in force. Name a signed "
            "letter in `supersedes` to replace it once this one is signed."
        ),
        tags=[TAG_LETTERS],
        request=LetterCreateSerializer,
        responses={201: LetterSerializer},
        examples=[
            ex.request(
                "Accommodation letter",
                {
                    "template": 4,
                    "recipient_name": "School nurse and 504 coordinator",
                    "recipient_role": "School nurse",
                    "supersedes": None,
                },
            ),
            ex.response("Draft started", ex.DRAFT, 201),
        ],
    ),
)
class LetterList(LetterScoped, generics.ListCreateAPIView):
    serializer_class = LetterSerializer
    filter_backends = FILTER_BACKENDS
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at", "signed_at"]
    ordering = ["-created_at", "-id"]

    def visible(self, access):
        return selectors.letters_for(access)

    def create(self, request, *args, **kwargs):
        access = self.get_access()
        data = _valid(LetterCreateSerializer, request)
        template = (
            selectors.templates_for_drafting(access.student.organization)
            .filter(pk=data["template"])
            .first()
        )
        if template is None:
            raise serializers.ValidationError(
                {"template": [_("Choose one of the clinic's letter templates.")]}
            )
        supersedes = None
        if data.get("supersedes"):
            supersedes = selectors.replaceable_letters(access).filter(pk=data["supersedes"]).first()
            if supersedes is None:
                raise serializers.ValidationError(
                    {
                        "supersedes": [
                            _("Only a signed, current letter of this student can be replaced.")
                        ]
                    }
                )
        letter = services.create_draft(
            access=access,
            template=template,
            recipient_name=data["recipient_name"],
            recipient_role=data.get("recipient_role", ""),
            supersedes=supersedes,
            request=request,
        )
        return self.letter_response(letter, status.HTTP_201_CREATED)


class LetterDetail(LetterScoped, generics.GenericAPIView):
    serializer_class = LetterSerializer

    @documented(
        summary="One letter",
        tags=[TAG_LETTERS],
        responses={200: LetterSerializer},
        examples=[ex.response("A signed letter", ex.LETTER)],
    )
    def get(self, request, student_id: int, letter_id: int):
        return Response(LetterSerializer(self.get_letter()).data)

    @documented(
        summary="Edit a draft",
        description=(
            "Send only what changes. `body` is Markdown and may use the template's "
            "placeholders, such as `{{ student_name }}`; an unknown placeholder is refused. "
            "Signed letters never change."
        ),
        tags=[TAG_LETTERS],
        request=LetterChangeSerializer,
        responses={200: LetterSerializer},
        examples=[
            ex.request("A new subject", {"subject": "Accommodations for Mia at school"}),
            ex.response("Saved", ex.DRAFT),
        ],
    )
    def patch(self, request, student_id: int, letter_id: int):
        letter = self.get_letter()
        data = _valid(LetterChangeSerializer, request)
        services.update_draft(
            access=self.get_access(),
            letter=letter,
            recipient_name=data.get("recipient_name", letter.recipient_name),
            recipient_role=data.get("recipient_role", letter.recipient_role),
            subject=data.get("subject", letter.subject),
            body=data.get("body", letter.body),
            cite_current_plan=data["cite_current_plan"],
            request=request,
        )
        return self.letter_response(letter)

    @documented(
        summary="Discard a draft",
        description="Signed letters are never deleted; revoke them instead.",
        tags=[TAG_LETTERS],
        responses={204: None},
    )
    def delete(self, request, student_id: int, letter_id: int):
        services.discard_draft(access=self.get_access(), letter=self.get_letter(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LetterPreview(PDFView, LetterScoped, generics.GenericAPIView):
    read_capability = "can_draft_letters"
    serializer_class = LetterSerializer

    @documented(
        summary="Preview a draft as PDF",
        description=(
            "The draft as it will print when you sign it, without a signature. "
            '`curl -H "Authorization: Bearer $TOKEN" -o preview.pdf …/preview/`'
        ),
        tags=[TAG_LETTERS],
        responses={(200, "application/pdf"): PDF},
    )
    def get(self, request, student_id: int, letter_id: int):
        letter = self.get_letter()
        if not letter.is_draft:
            raise Http404
        data = services.preview_pdf(access=self.get_access(), letter=letter)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="draft-preview.pdf"'
        response["Cache-Control"] = "no-store"
        return response


SIGNING_LOCKED = OpenApiResponse(
    response=ErrorSerializer,
    description=(
        "Five wrong passwords or codes in a row: signing is locked for this signer for 15 "
        "minutes, even with the right password. `Retry-After` gives the seconds left."
    ),
    examples=[
        OpenApiExample(
            "429 example",
            value={
                "status": 429,
                "code": "throttled",
                "detail": (
                    "Too many wrong passwords or codes. For your safety, signing is locked for "
                    "15 more minutes."
                ),
                "field_errors": {},
            },
            response_only=True,
            status_codes=["429"],
        )
    ],
)


class LetterSign(LetterScoped, generics.GenericAPIView):
    serializer_class = LetterSerializer

    @documented(
        summary="Sign a draft",
        description=(
            "Renders the draft, signs the PDF with the clinic's certificate and freezes it. "
            "Needs your signing profile (credentials and signature image, set on the portal) "
            "and, because signing is a legal act, your password or a code from your "
            "authenticator app, asked every time. Five wrong answers in a row lock signing "
            "for 15 minutes (429). If rendering or signing fails the letter stays a draft, "
            "with the reason in `last_error`."
        ),
        tags=[TAG_LETTERS],
        request=SignSerializer,
        responses={200: LetterSerializer, 429: SIGNING_LOCKED},
        examples=[
            ex.request("Your password", {"password": "your portal password"}),
            ex.request("A code from your authenticator app", {"code": "123456"}),
            ex.response("Signed", ex.LETTER),
        ],
    )
    def post(self, request, student_id: int, letter_id: int):
        letter = self.get_letter()
        data = _valid(SignSerializer, request)
        try:
            services.sign_letter(
                access=self.get_access(),
                letter=letter,
                password=data["password"],
                code=data["code"],
                request=request,
            )
        except services.SigningLocked as locked:
            raise Throttled(wait=locked.retry_after, detail=locked.message) from None
        return self.letter_response(letter)


class LetterPDF(PDFView, LetterScoped, generics.GenericAPIView):
    serializer_class = LetterSerializer

    @documented(
        summary="Download the signed PDF",
        description=(
            "The signed letter exactly as it was signed (its SHA-256 is `pdf_sha256`). "
            "Drafts have no PDF here (use the preview); a revoked letter's PDF is kept for "
            "the care team only. "
            '`curl -H "Authorization: Bearer $TOKEN" -o letter.pdf …/pdf/`'
        ),
        tags=[TAG_LETTERS],
        responses={(200, "application/pdf"): PDF},
    )
    def get(self, request, student_id: int, letter_id: int):
        access = self.get_access()
        letter = self.get_letter()
        if not selectors.can_download_pdf(access=access, letter=letter):
            raise Http404
        try:
            handle = letter.pdf.storage.open(letter.pdf.name, "rb")
        except OSError:
            raise Http404 from None
        reads.note_read(
            actor=request.user,
            student=letter.student,
            action=AuditAction.LETTER_PDF_VIEWED,
            target=letter,
            precise=True,
        )
        filename = f"letter-{letter.verification_code}.pdf"
        response = FileResponse(handle, content_type="application/pdf", filename=filename)
        response["Cache-Control"] = "private, no-store"
        return response


class LetterRevoke(LetterScoped, generics.GenericAPIView):
    serializer_class = LetterSerializer

    @documented(
        summary="Revoke a signed letter",
        description=(
            "For the care team: withdraws the letter with a reason shown to the family. Its "
            "share links stop showing it and verification says it was revoked. Revoking "
            "again changes nothing."
        ),
        tags=[TAG_LETTERS],
        request=RevokeLetterSerializer,
        responses={200: LetterSerializer},
        examples=[
            ex.request("Replaced by a new plan", {"reason": "The plan changed in March."}),
            ex.response(
                "Revoked",
                {
                    **ex.LETTER,
                    "status": "revoked",
                    "revoked_at": "2026-03-10T09:00:00Z",
                    "revocation_reason": "The plan changed in March.",
                },
            ),
        ],
    )
    def post(self, request, student_id: int, letter_id: int):
        letter = self.get_letter()
        data = _valid(RevokeLetterSerializer, request)
        services.revoke_letter(
            access=self.get_access(), letter=letter, reason=data["reason"], request=request
        )
        return self.letter_response(letter)


# Shares ---------------------------------------------------------------------------------------


class ShareScoped(LetterScoped):
    write_capability = "can_share_letters"
    model = LetterShare

    def get_share(self) -> LetterShare:
        share = (
            selectors.shares_of(access=self.get_access(), letter=self.get_letter())
            .filter(pk=self.kwargs["share_id"])
            .first()
        )
        if share is None:
            raise Http404
        return share


@extend_schema_view(
    get=documented(
        summary="List a letter's share links",
        description=(
            "For the family, who manage them, and the care team, who see receipts. Empty for "
            "anyone else who can read the letter."
        ),
        tags=[TAG_SHARES],
        responses={200: ShareSerializer(many=True)},
        examples=[ex.response("A confirmed share", ex.SHARE)],
    ),
    post=documented(
        summary="Share a signed letter",
        description=(
            "For guardians: makes a link to this letter for one named recipient and e-mails "
            "it to them. The link (`url`) is in this answer only; it expires after `days` "
            "(1 to 365) and can be revoked. Every use of it is logged."
        ),
        tags=[TAG_SHARES],
        request=ShareCreateSerializer,
        responses={201: NewShareSerializer},
        examples=[
            ex.request(
                "To the school nurse for 30 days",
                {
                    "recipient_name": "Jordan Nurse",
                    "recipient_email": "nurse@maplegrove.example",
                    "recipient_role": "School nurse",
                    "days": 30,
                },
            ),
            ex.response("Shared", ex.NEW_SHARE, 201),
        ],
    ),
)
class ShareList(ShareScoped, generics.ListCreateAPIView):
    serializer_class = ShareSerializer
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["created_at", "expires_at"]
    ordering = ["-created_at", "-id"]

    def visible(self, access):
        return selectors.shares_of(access=access, letter=self.get_letter())

    def create(self, request, *args, **kwargs):
        letter = self.get_letter()
        data = _valid(ShareCreateSerializer, request)
        created = sharing.share_letter(
            access=self.get_access(),
            letter=letter,
            recipient_name=data["recipient_name"],
            recipient_email=data["recipient_email"],
            recipient_role=data["recipient_role"],
            lifetime=timedelta(days=data["days"]),
            request=request,
        )
        created.share.url = created.url
        response = Response(NewShareSerializer(created.share).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class ShareRevoke(ShareScoped, generics.GenericAPIView):
    serializer_class = ShareSerializer

    @documented(
        summary="Revoke a share link",
        description="For guardians: the link stops working at once. Revoking again changes nothing.",
        tags=[TAG_SHARES],
        request=None,
        responses={200: ShareSerializer},
        examples=[
            ex.response(
                "Revoked", {**ex.SHARE, "status": "revoked", "revoked_at": "2026-03-01T08:00:00Z"}
            )
        ],
    )
    def post(self, request, student_id: int, letter_id: int, share_id: int):
        access = self.get_access()
        share = selectors.share_of(
            access=access, letter=self.get_letter(), share_id=self.kwargs["share_id"]
        )
        sharing.revoke_share(access=access, share=share, request=request)
        return Response(ShareSerializer(self.get_share()).data)


@extend_schema_view(
    get=documented(
        summary="A share link's access log",
        description="Every use of the link: opened, PDF downloaded, receipt confirmed; newest first.",
        tags=[TAG_SHARES],
        responses={200: ShareAccessSerializer(many=True)},
        examples=[ex.response("Opened", ex.SHARE_ACCESS)],
    )
)
class ShareAccessList(ShareScoped, generics.ListAPIView):
    serializer_class = ShareAccessSerializer
    model = ShareAccess
    filter_backends = FILTER_BACKENDS
    filterset_fields = ["kind"]
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]

    def visible(self, access):
        return self.get_share().accesses.all()
