"""The e-mail that carries a share link to its recipient."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from letters.models import LetterShare
from letters.sharing import hash_token, share_url


def send_share_link(*, share: LetterShare, token: str) -> None:
    """Send the link once; a retry after success sends nothing (email_sent_at is claimed)."""
    if hash_token(token) != share.token_hash:
        return
    letter = share.letter
    organization = letter.student.organization
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "share": share,
            "url": share_url(token),
            "clinic": organization,
            "guardian_name": share.created_by.full_name,
            "letter_title": letter.get_kind_display(),
            "student_initials": letter.student.initials,
            "expires_on": timezone.localdate(share.expires_at),
        }
        subject = _("%(guardian)s shared a letter from %(clinic)s with you") % {
            "guardian": share.created_by.full_name,
            "clinic": organization.name,
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("letters/email/share_link.txt", context),
            to=[share.recipient_email],
            reply_to=[share.created_by.email],
        )
        message.attach_alternative(
            render_to_string("letters/email/share_link.html", context), "text/html"
        )
    claimed = LetterShare.objects.filter(pk=share.pk, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    if not claimed:
        return
    try:
        message.send()
    except Exception:
        # Give the claim back so the retry sends it.
        LetterShare.objects.filter(pk=share.pk).update(email_sent_at=None)
        raise
