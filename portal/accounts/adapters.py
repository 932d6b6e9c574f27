from allauth.account.adapter import DefaultAccountAdapter

from portal.audit.services import client_address


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The sign-in limits count per client, as the audit log names it, not per proxy.
        return client_address(request) or "unknown"
