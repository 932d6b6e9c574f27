"""The notification centre, preferences, and the one-click unsubscribe of summary e-mail."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal.notifications import selectors, services
from portal.notifications.forms import FREQUENCY_FIELD_PREFIX, PreferencesForm
from portal.notifications.kinds import Frequency, Kind, choosable_kinds_for, safety_kinds_for
from portal.notifications.services.preferences import (
    frequencies_for,
    read_unsubscribe_token,
    schedule_for,
)


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    rows = selectors.notifications_for(request.user, unread_only=unread_only)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"page_obj": page, "unread_only": unread_only},
    )


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read."""
    notification = selectors.notification_of(request.user, notification_id)
    services.mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:centre")


def _back_to_centre(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_of(request.user, notification_id)
    services.mark_read(user=request.user, notification_id=notification.pk)
    return _back_to_centre(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_centre(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    audiences = selectors.audiences_of(user)
    kinds = choosable_kinds_for(audiences)
    schedule = schedule_for(user)
    initial = {
        "digest_hour": schedule.digest_hour,
        "weekly_day": schedule.weekly_day,
        "quiet_start": schedule.quiet_start,
        "quiet_end": schedule.quiet_end,
        "time_zone": user.time_zone,
        "language": user.language,
        **{FREQUENCY_FIELD_PREFIX + kind: value for kind, value in frequencies_for(user).items()},
    }
    form = PreferencesForm(request.POST or None, initial=initial, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(
                user=user,
                frequencies=form.frequencies(),
                digest_hour=form.cleaned_data["digest_hour"],
                weekly_day=form.cleaned_data["weekly_day"],
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
                time_zone=form.cleaned_data["time_zone"],
                language=form.cleaned_data["language"],
            )
        except services.PreferenceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "safety_kinds": [Kind(kind).label for kind in safety_kinds_for(audiences)],
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    named = read_unsubscribe_token(token)
    if named is None:
        raise Http404
    user_id, frequency = named
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe_from_digest(user=user, frequency=frequency)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "is_weekly": frequency == Frequency.WEEKLY, "token": token},
    )
