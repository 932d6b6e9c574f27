from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False
