"""Second factors (allauth.mfa): whether someone has one, and which kinds.

Clinic staff and clinic administrators must keep an authenticator app or a security key
(`User.must_have_second_factor`); families and school staff may add one. Recovery codes alone
do not count: they come with a first authenticator and go with the last one.
"""

from allauth.mfa.models import Authenticator

# The kinds that can stand on their own at sign-in.
PRIMARY_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    """An authenticator app or a security key is set up for the user."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=PRIMARY_TYPES).exists()


def has_code_factor(user) -> bool:
    """The user can type a code: from an authenticator app, or a recovery code."""
    return (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.WEBAUTHN)
        .exists()
    )


def has_security_key(user) -> bool:
    """A security key or passkey (WebAuthn) is set up for the user."""
    if user is None or user.pk is None:
        return False
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.WEBAUTHN).exists()


def is_last_required_factor(authenticator: Authenticator) -> bool:
    """Removing it would leave someone who must have a second factor without one."""
    if authenticator.type not in PRIMARY_TYPES:
        return False
    if not authenticator.user.must_have_second_factor:
        return False
    others = Authenticator.objects.filter(
        user_id=authenticator.user_id, type__in=PRIMARY_TYPES
    ).exclude(pk=authenticator.pk)
    return not others.exists()
