"""Turning an outbox row into an e-mail: HTML and plain text from templates, in the
recipient's language and time zone, with a link to their preferences and, for summaries, a
one-click unsubscribe (RFC 8058)."""

import hashlib
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.notifications.kinds import Frequency, info
from portal.notifications.models import Notification
from portal.notifications.services.preferences import unsubscribe_token
from portal.notifications.services.timing import local_zone


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt, so a repeated send can be recognised as one."""
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:16]
    domain = urlparse(settings.SITE_URL).hostname or "portal.invalid"
    return f"<notification-{notification.pk}.{digest}@{domain}>"


def _subject(notification: Notification, items) -> str:
    if items is not None:
        if notification.frequency == Frequency.WEEKLY:
            return _("Your weekly summary from the pain team portal")
        return _("Your daily summary from the pain team portal")
    student = notification.params.get("student")
    if info(notification.kind).safety:
        if student:
            return _("Important: a safety update about %(student)s") % {"student": student}
        return _("Important: a safety update in the pain team portal")
    if student:
        return _("There is an update about %(student)s in the portal") % {"student": student}
    return _("There is an update in the pain team portal")


def build_message(notification: Notification, *, items=None) -> EmailMultiAlternatives:
    """The e-mail for one notification, or for a summary when `items` are given."""
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(local_zone(recipient.time_zone)):
        headers = {
            "Message-ID": message_id(notification),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        }
        context = {
            "recipient": recipient,
            "notification": notification,
            "subject": _subject(notification, items),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "centre_url": absolute(reverse("notifications:centre")),
            "site_url": settings.SITE_URL,
        }
        if items is not None:
            unsubscribe_url = absolute(
                reverse(
                    "notifications:unsubscribe",
                    args=[unsubscribe_token(user=recipient, frequency=notification.frequency)],
                )
            )
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            context.update(
                items=[
                    {
                        "line": item.email_line,
                        "url": absolute(item.url),
                        "action": item.action_label,
                        "at": item.created_at,
                    }
                    for item in items
                ],
                is_weekly=notification.frequency == Frequency.WEEKLY,
                unsubscribe_url=unsubscribe_url,
            )
            template = "email/digest"
        else:
            context.update(
                line=notification.email_line,
                action=notification.action_label,
                action_url=absolute(notification.url) or context["centre_url"],
                is_safety=info(notification.kind).safety,
            )
            template = "email/notification"
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        message = EmailMultiAlternatives(
            subject=context["subject"],
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
    return message
