import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from portal.demo_data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the code the demo clinic staff's authenticator app shows now (the demo's "
        "published key), for trying the demo without an authenticator app."
    )

    def handle(self, *args, **options) -> None:
        now = int(time.time())
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period))
        left = period - now % period
        self.stdout.write(f"{code}   (demo clinic staff only; a new code in {left} seconds)")
