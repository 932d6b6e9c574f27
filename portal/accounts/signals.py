"""Sign-ins and failed sign-ins go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portal.audit.services import record_event


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    record_event(actor=user, action="auth.sign_in", request=request)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(actor=user, action="auth.sign_out", request=request)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # The attempted address is kept so repeated attempts on one account can be seen;
    # the password never is.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record_event(
        action="auth.sign_in_failed", request=request, extra={"attempted_email": attempted}
    )
