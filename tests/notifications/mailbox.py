"""What reached whom: the e-mail outbox of the test run, and the portal's own rows."""

from django.core import mail

from portal.notifications.models import Channel, Notification


def emails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def in_app(user):
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP)


def email_rows(user):
    return Notification.objects.filter(recipient=user, channel=Channel.EMAIL)
