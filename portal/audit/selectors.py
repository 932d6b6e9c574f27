"""Who may read the audit log: a clinic administrator, their own clinic's events only."""

from django.http import Http404

from portal.audit.models import AuditEvent


def events_visible_to(user):
    """The audit events of the user's clinic; Http404 for anyone but its administrators."""
    if (
        not user.is_authenticated
        or not user.is_active
        or not user.is_org_admin
        or user.organization_id is None
    ):
        raise Http404
    return AuditEvent.objects.filter(organization_id=user.organization_id).select_related(
        "actor", "student"
    )
