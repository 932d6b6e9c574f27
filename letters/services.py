"""Every write to letters: templates, drafts, signing, superseding and revoking.

Functions that refuse raise LetterError with a message for the user, and nothing is saved.
Sharing lives in letters.sharing; checking a letter in letters.verification.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations.selectors import StudentAccess, current_published_plan
from letters import documents, events, markup, pdf, signing, storage
from letters.models import Letter, LetterKind, LetterTemplate, SigningProfile
from letters.template_data import LETTER_TEMPLATES, PLACEHOLDERS
from portal.accounts import identity
from portal.audit import reads
from portal.audit.actions import AuditAction
from portal.audit.services import record_event

logger = logging.getLogger(__name__)

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


class LetterError(Exception):
    """A refusal with a message for the user; `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Templates --------------------------------------------------------------------------------


def ensure_letter_templates(*, organization) -> None:
    """Give the clinic every starting template it lacks; idempotent, never overwrites edits."""
    existing = set(
        LetterTemplate.objects.filter(organization=organization).values_list("code", flat=True)
    )
    LetterTemplate.objects.bulk_create(
        [
            LetterTemplate(
                organization=organization,
                code=seed["code"],
                kind=seed["kind"] if seed["kind"] in LetterKind.values else LetterKind.OTHER,
                title=seed["title"],
                subject=seed["subject"],
                body=seed["body"],
            )
            for seed in LETTER_TEMPLATES
            if seed["code"] not in existing
        ],
        ignore_conflicts=True,
    )


def check_placeholders(*, subject: str, body: str) -> None:
    """Raise LetterError naming any placeholder the portal cannot fill."""
    for field, text in (("subject", subject), ("body", body)):
        unknown = markup.unknown_placeholders(text, PLACEHOLDERS)
        if unknown:
            names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
            raise LetterError(_("Unknown placeholder: %(names)s.") % {"names": names}, field=field)


def update_letter_template(
    *, template: LetterTemplate, editor, title: str, subject: str, body: str, is_active: bool
) -> LetterTemplate:
    """Save a clinic administrator's edit of a template; raises LetterError if not theirs."""
    if not (editor.is_org_admin and editor.organization_id == template.organization_id):
        raise LetterError(_("Only this clinic's administrators can edit its templates."))
    check_placeholders(subject=subject, body=body)
    template.title, template.subject, template.body = title, subject, body
    template.is_active, template.updated_by = is_active, editor
    template.save(
        update_fields=["title", "subject", "body", "is_active", "updated_by", "updated_at"]
    )
    record_event(actor=editor, action=AuditAction.LETTER_TEMPLATE_UPDATED, target=template)
    return template


# Drafts -----------------------------------------------------------------------------------


@transaction.atomic
def create_draft(
    *,
    access: StudentAccess,
    template: LetterTemplate,
    recipient_name: str,
    recipient_role: str = "",
    supersedes: Letter | None = None,
    request=None,
) -> Letter:
    """Start a draft from a template, citing the current published plan; care team only."""
    access.require("can_draft_letters")
    student = access.student
    if template.organization_id != student.organization_id or not template.is_active:
        raise LetterError(_("Choose one of the clinic's letter templates."), field="template")
    plan = current_published_plan(student)
    if plan is None:
        raise LetterError(_("Publish the accommodation plan before writing a letter."))
    if supersedes is not None and (
        supersedes.student_id != student.pk or supersedes.status != Letter.Status.SIGNED
    ):
        raise LetterError(_("Only a signed, current letter of this student can be replaced."))
    values = documents.placeholder_values(
        student=student,
        plan=plan,
        recipient_name=recipient_name,
        recipient_role=recipient_role,
        clinician_name=access.user.full_name,
    )
    letter = Letter.objects.create(
        student=student,
        template=template,
        kind=template.kind,
        plan=plan,
        recipient_name=recipient_name,
        recipient_role=recipient_role,
        recipient_school=student.school.name if student.school else "",
        subject=markup.fill_plain(template.subject, values),
        body=markup.fill_placeholders(
            template.body, values, markdown_values=documents.MARKDOWN_PLACEHOLDERS
        ),
        created_by=access.user,
        supersedes=supersedes,
    )
    record_event(
        actor=access.user,
        action=AuditAction.LETTER_DRAFTED,
        student=student,
        target=letter,
        request=request,
        extra={"kind": letter.kind, "plan_version": plan.version},
    )
    return letter


def _draft_of(access: StudentAccess, letter: Letter) -> Letter:
    access.require("can_draft_letters")
    if letter.student_id != access.student.pk:
        raise LetterError(_("This letter belongs to another student."))
    if not letter.is_draft:
        raise LetterError(_("This letter is signed and can no longer change."))
    return letter


@transaction.atomic
def update_draft(
    *,
    access: StudentAccess,
    letter: Letter,
    recipient_name: str,
    recipient_role: str,
    subject: str,
    body: str,
    cite_current_plan: bool = False,
    request=None,
) -> Letter:
    """Save edits to a draft; raises LetterError if it is signed or names unknown placeholders."""
    _draft_of(access, letter)
    check_placeholders(subject=subject, body=body)
    letter.recipient_name, letter.recipient_role = recipient_name, recipient_role
    letter.subject, letter.body, letter.last_error = subject, body, ""
    fields = ["recipient_name", "recipient_role", "subject", "body", "last_error", "updated_at"]
    if cite_current_plan:
        plan = current_published_plan(access.student)
        if plan is not None and plan.pk != letter.plan_id:
            letter.plan = plan
            fields.append("plan")
    letter.save(update_fields=fields)
    record_event(
        actor=access.user,
        action=AuditAction.LETTER_EDITED,
        student=letter.student,
        target=letter,
        request=request,
    )
    return letter


@transaction.atomic
def discard_draft(*, access: StudentAccess, letter: Letter, request=None) -> None:
    """Delete a draft; signed letters are never deleted."""
    _draft_of(access, letter)
    record_event(
        actor=access.user,
        action=AuditAction.LETTER_DRAFT_DISCARDED,
        student=letter.student,
        target=letter,
        request=request,
    )
    letter.delete()


def preview_pdf(*, access: StudentAccess, letter: Letter) -> bytes:
    """Render the draft as it will print when the viewer signs it; raises LetterError."""
    _draft_of(access, letter)
    reads.note_read(
        actor=access.user,
        student=access.student,
        action=AuditAction.LETTER_PDF_VIEWED,
        target=letter,
        extra={"preview": True},
        precise=True,
    )
    profile = SigningProfile.objects.filter(user=access.user).first()
    document = documents.build_document(
        letter=letter,
        signer=access.user,
        profile=profile,
        signed_at=None,
        verification_code="",
        is_development_signature=signing.signature_is_development(),
    )
    try:
        return pdf.render_letter_pdf(document)
    except pdf.RenderError as error:
        logger.warning("letter %s preview failed: %s", letter.pk, error)
        message = _("The preview could not be made: %(error)s") % {"error": error}
        raise LetterError(message) from error


# Signing ----------------------------------------------------------------------------------


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _record_failure(letter: Letter, message: str) -> None:
    Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).update(last_error=message)
    letter.last_error = message


class SigningLocked(LetterError):
    """Too many wrong passwords or codes from this signer: signing waits `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def sign_letter(
    *, access: StudentAccess, letter: Letter, password: str = "", code: str = "", request=None
) -> Letter:
    """Sign the draft once the signer confirms it is them, with their password or a code from
    their second factor; raises LetterError, or SigningLocked after too many wrong answers."""
    _draft_of(access, letter)
    try:
        identity.confirm_identity(
            user=access.user,
            password=password,
            code=code,
            request=request,
            student=letter.student,
            target=letter,
        )
    except identity.ConfirmationLocked as locked:
        raise SigningLocked(locked.message, retry_after=locked.retry_after) from None
    except identity.IdentityNotConfirmed as refusal:
        raise LetterError(refusal.message, field=refusal.field) from None
    return issue_signed_letter(access=access, letter=letter, request=request)


def issue_signed_letter(*, access: StudentAccess, letter: Letter, request=None) -> Letter:
    """Render, sign and store the draft once; raises LetterError and leaves a draft on failure.

    Callers must already have confirmed the signer (sign_letter asks for a password or code; demo
    seeding has no one to ask). The PDF is rendered and signed outside any transaction,
    stored under its final name through a temporary file, and the letter is claimed from
    draft to signed with one conditional UPDATE; if that finds the letter changed meanwhile,
    the file is removed.
    """
    _draft_of(access, letter)
    signer = access.user
    profile = SigningProfile.objects.filter(user=signer).first()
    if profile is None or not profile.signature_image:
        raise LetterError(_("Set up your signature (credentials and image) before signing."))
    check_placeholders(subject=letter.subject, body=letter.body)
    if letter.supersedes_id and letter.supersedes.status != Letter.Status.SIGNED:
        raise LetterError(_("The letter this one replaces is no longer current."))
    seen_updated_at = letter.updated_at
    signed_at = timezone.now()
    code = new_verification_code()
    try:
        loaded = signing.loaded_signer()
        document = documents.build_document(
            letter=letter,
            signer=signer,
            profile=profile,
            signed_at=signed_at,
            verification_code=code,
            is_development_signature=loaded.is_development,
        )
        unsigned = pdf.render_letter_pdf(document)
        signed = signing.sign_pdf(
            unsigned,
            signer_name=signer.full_name,
            reason=_("School letter %(code)s") % {"code": code},
            location=letter.student.organization.name,
        )
    except (pdf.RenderError, signing.SigningError) as error:
        logger.warning("letter %s could not be signed: %s", letter.pk, error)
        message = _("The letter could not be signed and is still a draft: %(error)s") % {
            "error": error
        }
        _record_failure(letter, message)
        raise LetterError(message) from error

    digest = hashlib.sha256(signed).hexdigest()
    name = storage.store_pdf(f"letters/{letter.student_id}/{code}.pdf", signed)
    try:
        with transaction.atomic():
            claimed = Letter.objects.filter(
                pk=letter.pk, status=Letter.Status.DRAFT, updated_at=seen_updated_at
            ).update(
                status=Letter.Status.SIGNED,
                signed_by=signer,
                signed_at=signed_at,
                signer_name=signer.full_name,
                signer_credentials=profile.credentials,
                signer_license=profile.license_number,
                verification_code=code,
                pdf=name,
                pdf_sha256=digest,
                is_development_signature=loaded.is_development,
                last_error="",
                updated_at=signed_at,
            )
            if claimed != 1:
                raise LetterError(
                    _("The draft changed while it was being signed. Check it and sign again.")
                )
            letter.refresh_from_db()
            if letter.supersedes_id:
                _supersede(old_id=letter.supersedes_id, at=signed_at)
            record_event(
                actor=signer,
                action=AuditAction.LETTER_SIGNED,
                student=letter.student,
                target=letter,
                request=request,
                extra={
                    "verification_code": code,
                    "sha256": digest,
                    "development_signature": loaded.is_development,
                },
            )
            events.letter_signed(letter)
    except BaseException:
        storage.delete_file(name)
        raise
    return letter


def _supersede(*, old_id: int, at) -> None:
    updated = Letter.objects.filter(pk=old_id, status=Letter.Status.SIGNED).update(
        status=Letter.Status.SUPERSEDED, superseded_at=at
    )
    if updated != 1:
        raise LetterError(_("The letter this one replaces is no longer current."))


@transaction.atomic
def revoke_letter(*, access: StudentAccess, letter: Letter, reason: str, request=None) -> Letter:
    """Withdraw a signed or superseded letter with a reason; care team only, idempotent."""
    access.require("can_draft_letters")
    if letter.student_id != access.student.pk or letter.is_draft:
        raise LetterError(_("Only a signed letter can be revoked."))
    if not reason.strip():
        raise LetterError(_("Say why the letter is revoked."), field="reason")
    if letter.status == Letter.Status.REVOKED:
        return letter
    now = timezone.now()
    updated = Letter.objects.filter(
        Q(status=Letter.Status.SIGNED) | Q(status=Letter.Status.SUPERSEDED), pk=letter.pk
    ).update(
        status=Letter.Status.REVOKED,
        revoked_at=now,
        revoked_by=access.user,
        revocation_reason=reason.strip(),
    )
    letter.refresh_from_db()
    if updated:
        record_event(
            actor=access.user,
            action=AuditAction.LETTER_REVOKED,
            student=letter.student,
            target=letter,
            request=request,
        )
        events.letter_revoked(letter)
    return letter


# Signing profiles -------------------------------------------------------------------------


@transaction.atomic
def save_signing_profile(
    *, user, credentials: str, license_number: str, signature_png: bytes | None
) -> SigningProfile:
    """Create or update the clinician's signing profile; signature_png is an already-checked PNG."""
    if not user.is_clinic_staff:
        raise LetterError(_("Only clinic staff sign letters."))
    profile = SigningProfile.objects.filter(user=user).first() or SigningProfile(user=user)
    if signature_png is None and not profile.signature_image:
        raise LetterError(_("Upload an image of your handwritten signature."), field="image")
    profile.credentials, profile.license_number = credentials, license_number
    old_name = profile.signature_image.name if profile.signature_image else ""
    if signature_png is not None:
        profile.signature_image.name = storage.store_image(
            f"signatures/{user.pk}-{secrets.token_hex(8)}.png", signature_png
        )
    profile.save()
    if signature_png is not None and old_name:
        transaction.on_commit(lambda: storage.delete_file(old_name))
    record_event(actor=user, action=AuditAction.SIGNING_PROFILE_SAVED, target=profile)
    return profile
