from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accommodations import selectors
from portal.notifications.selectors import unread_count


def _link(request, label: str, url_name: str) -> dict | None:
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return {"label": label, "url": url, "active": request.path.startswith(url) and url != "/"}


def navigation(request) -> dict:
    """Navigation links for the signed-in user's roles, and the unread notification count."""
    context = {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": [],
        "notifications_enabled": False,
        "unread_notification_count": 0,
        "clinic_name": "",
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    items = []
    if user.is_clinic_staff:
        context["clinic_name"] = user.organization.name
        if user.care_team_roles.exists():
            items.append(_link(request, _("Caseload"), "accommodations:caseload"))
    if selectors.children_of(user).exists():
        items.append(_link(request, _("My children"), "accommodations:my_children"))
    if user.school_roles.exists():
        items.append(_link(request, _("My students"), "accommodations:my_students"))
    keeps_a_roster = user.is_org_admin or selectors.schools_kept_by(user).exists()
    if keeps_a_roster:
        items.append(_link(request, _("School rosters"), "accommodations:schools"))
    if user.is_org_admin:
        items.append(_link(request, _("Audit log"), "audit:events"))
    if user.is_clinic_staff or keeps_a_roster:
        items.append(_link(request, _("Invitations"), "accounts:invitations"))
    context["nav_items"] = [item for item in items if item]
    context["notifications_enabled"] = True
    context["unread_notification_count"] = unread_count(user)
    return context
