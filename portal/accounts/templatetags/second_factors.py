"""Second-factor facts for the set-up pages (templates/mfa/)."""

from django import template

from portal.accounts import second_factors

register = template.Library()


@register.filter
def is_last_required_factor(authenticator) -> bool:
    """{% if authenticator|is_last_required_factor %}: removing it is refused."""
    return second_factors.is_last_required_factor(authenticator)


@register.filter
def has_security_key(user) -> bool:
    """{% if user|has_security_key %}: offer the security-key button at sign-in."""
    return second_factors.has_security_key(user)
