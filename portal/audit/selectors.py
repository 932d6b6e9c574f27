"""Who may read the audit log, and what of it.

A clinic administrator reads their own clinic's events, and the sign-ins (and failed sign-ins)
of the families and school staff who relate to the clinic's students. (A family's view of who
opened their child's record is accommodations.selectors.access_log.)
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accommodations.selectors import people_related_to_clinic
from portal.audit.actions import ALERT_ACTIONS, SIGN_IN_ACTIONS, AuditAction
from portal.audit.models import AuditEvent


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """The audit events a clinic administrator may read; Http404 for anyone else."""
    if (
        not user.is_authenticated
        or not user.is_active
        or not user.is_org_admin
        or user.organization_id is None
    ):
        raise Http404
    related = people_related_to_clinic(user.organization_id)
    related_accounts = [str(pk) for pk in related.values_list("pk", flat=True).distinct()]
    sign_ins_of_related = Q(action__in=SIGN_IN_ACTIONS) & (
        Q(actor_id__in=related) | Q(target_type="accounts.user", target_id__in=related_accounts)
    )
    bursts_on_related = Q(
        action=AuditAction.SIGN_IN_FAILURES_BURST,
        target_type="accounts.user",
        target_id__in=related_accounts,
    )
    return AuditEvent.objects.filter(
        Q(organization_id=user.organization_id) | sign_ins_of_related | bursts_on_related
    ).select_related("actor", "student")


def alerts_visible_to(user, since) -> QuerySet[AuditEvent]:
    """What the clinic administrator is asked to look at: bursts of failed sign-ins or of
    refused look-ups since `since`."""
    return events_visible_to(user).filter(action__in=ALERT_ACTIONS, created_at__gte=since)
