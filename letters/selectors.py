"""Reads of letters, with the access rules: a letter outside the reader's scope is a 404.

The care team sees drafts and issued letters; guardians and school staff whose release
covers letters see issued letters only. Share links are handled in letters.sharing.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accommodations.selectors import StudentAccess
from letters.models import Letter, LetterShare, LetterTemplate, ShareAccess
from portal.audit import reads
from portal.audit.actions import AuditAction


def letters_for(access: StudentAccess) -> QuerySet[Letter]:
    """The student's letters the reader may see, newest first."""
    access.require("can_read_signed_letters")
    letters = Letter.objects.filter(student=access.student).select_related(
        "plan", "signed_by", "created_by", "supersedes"
    )
    if not access.can_draft_letters:
        letters = letters.exclude(status=Letter.Status.DRAFT)
    return letters.order_by("-created_at", "-id")


def letter_for(*, access: StudentAccess, letter_id: int) -> Letter:
    """One letter of the student the reader may see; Http404 otherwise."""
    letter = letters_for(access).filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    # Which letter was read, for the audit log; a PDF view makes it more precise still.
    reads.note_read(
        actor=access.user,
        student=access.student,
        action=AuditAction.LETTERS_VIEWED,
        target=letter,
        extra={"status": letter.status},
    )
    return letter


def can_download_pdf(*, access: StudentAccess, letter: Letter) -> bool:
    if letter.is_draft:
        return False
    if letter.status == Letter.Status.REVOKED:
        return access.can_draft_letters
    return True


def shares_of(*, access: StudentAccess, letter: Letter) -> QuerySet[LetterShare]:
    """Shares of a letter with their logs: for the family, and the care team (receipts)."""
    if not (access.can_share_letters or access.can_draft_letters):
        return LetterShare.objects.none()
    return (
        LetterShare.objects.filter(letter=letter)
        .select_related("created_by")
        .prefetch_related(Prefetch("accesses", queryset=ShareAccess.objects.order_by("-at")))
        .order_by("-created_at")
    )


def share_of(*, access: StudentAccess, letter: Letter, share_id: int) -> LetterShare:
    """One share of the letter for the guardian who manages it; Http404 otherwise."""
    access.require("can_share_letters")
    share = LetterShare.objects.filter(letter=letter, pk=share_id).first()
    if share is None:
        raise Http404
    return share


def templates_for_drafting(organization) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(organization=organization, is_active=True).order_by(
        "title"
    )


def templates_editable_by(user) -> QuerySet[LetterTemplate]:
    """Templates of the user's clinic, if they administer it; none otherwise."""
    if not (user.is_authenticated and user.is_org_admin and user.organization_id):
        return LetterTemplate.objects.none()
    return LetterTemplate.objects.filter(organization_id=user.organization_id).order_by("title")


def replaceable_letters(access: StudentAccess) -> QuerySet[Letter]:
    """Signed, current letters of the student that a new letter may supersede."""
    access.require("can_draft_letters")
    return Letter.objects.filter(student=access.student, status=Letter.Status.SIGNED).order_by(
        "-signed_at"
    )
