"""Sign-ins, failed sign-ins and second factors go to the audit log."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portal.accounts.second_factors import PRIMARY_TYPES
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from portal.audit.services import record_burst_alert, record_event


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    record_event(actor=user, action=AuditAction.SIGN_IN, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(actor=user, action=AuditAction.SIGN_OUT, request=request)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # The attempted address is kept so repeated attempts on one account can be seen, and the
    # account it names is the record, so the clinics it relates to see it; never the password.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    account = (
        get_user_model().objects.filter(email__iexact=attempted).first() if attempted else None
    )
    record_event(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        target=account,
        organization=account.organization_id if account is not None else None,
        extra={"attempted_email": attempted},
    )
    if account is not None:
        record_burst_alert(
            events=AuditEvent.objects.filter(
                target_type="accounts.user", target_id=str(account.pk)
            ),
            counted=AuditAction.SIGN_IN_FAILED,
            alert=AuditAction.SIGN_IN_FAILURES_BURST,
            threshold=settings.AUDIT_SIGN_IN_FAILURES_BURST,
            target=account,
            organization=account.organization_id,
            request=request,
        )


# Recovery codes come and go with the first and last authenticator app or security key, so
# only those two kinds are recorded as a second factor set up or removed.


@receiver(authenticator_added, sender=Authenticator)
def audit_second_factor_added(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type in PRIMARY_TYPES:
        record_event(
            actor=user,
            action=AuditAction.MFA_ENABLED,
            request=request,
            extra={"type": authenticator.type},
        )


@receiver(authenticator_removed, sender=Authenticator)
def audit_second_factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type in PRIMARY_TYPES:
        record_event(
            actor=user,
            action=AuditAction.MFA_DISABLED,
            request=request,
            extra={"type": authenticator.type},
        )


@receiver(authentication_failed, sender=Authenticator)
def audit_wrong_second_factor_code(sender, request, user, authenticator, **kwargs) -> None:
    # The code typed is never kept.
    record_event(
        actor=user,
        action=AuditAction.MFA_FAILED,
        request=request,
        extra={
            "type": authenticator.type,
            "reauthentication": bool(kwargs.get("reauthentication")),
        },
    )
