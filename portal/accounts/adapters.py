import time
from io import BytesIO

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _

from portal.accounts import second_factors
from portal.audit.services import client_address


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The sign-in limits count per client, as the audit log names it, not per proxy.
        return client_address(request) or "unknown"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Adding or removing a second factor asks for the password again, unless the person
        # signed in within the last few minutes: right after the sign-in that sent them to set
        # one up, asking again would only be in the way.
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _signed_in_recently(context.request):
            return False
        return required


def _signed_in_recently(request) -> bool:
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


class PortalMFAAdapter(DefaultMFAAdapter):
    """Second factors as the portal offers them: clinic staff cannot remove their last one,
    and the authenticator app's QR code has a white background, so any phone reads it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Clinic staff must keep a second factor. Add another one (an authenticator app or a "
            "security key) before you remove this one."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        return not second_factors.is_last_required_factor(authenticator)

    def build_totp_svg(self, url: str) -> str:
        import qrcode
        from qrcode.image.svg import SvgFillImage

        image = qrcode.make(url, image_factory=SvgFillImage, border=2)
        buffer = BytesIO()
        image.save(buffer)
        return buffer.getvalue().decode("utf8")
