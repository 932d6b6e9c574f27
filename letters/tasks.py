"""Celery entry points for letters: thin, take ids, skip quietly if the row is gone."""

from smtplib import SMTPException

from celery import shared_task

from letters import emails
from letters.models import LetterShare
from letters.sharing import unseal_token


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_share_email(share_id: int, sealed_token: str) -> None:
    share = (
        LetterShare.objects.select_related("letter__student__organization")
        .filter(pk=share_id)
        .first()
    )
    if share is None or not share.is_live:
        return  # deleted or closed meanwhile: nothing to send
    token = unseal_token(sealed_token)
    if token is None:
        return
    emails.send_share_link(share=share, token=token)
