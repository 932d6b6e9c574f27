"""The clinic's audit log, for its administrators: read only, filtered, paginated, exported."""

import csv
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accommodations.models import Student
from portal.audit import selectors
from portal.audit.actions import AuditAction
from portal.audit.services import record_event
from portal.rendering import NativeDateInput

EVENTS_PER_PAGE = 50
ALERT_DAYS = 30
EXPORT_MAX_DAYS = 366


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    student = forms.ModelChoiceField(
        label=_("Student"),
        required=False,
        queryset=Student.objects.none(),
        empty_label=_("All students"),
    )
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=254,
        help_text=_("Part of an e-mail address."),
    )
    since = forms.DateField(label=_("From"), required=False, widget=NativeDateInput)
    until = forms.DateField(label=_("To"), required=False, widget=NativeDateInput)

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = Student.objects.filter(organization_id=organization_id)
        self.fields["action"].choices = [("", _("All actions")), *AuditAction.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["student"]:
            events = events.filter(student=data["student"])
        if data["actor"].strip():
            events = events.filter(actor_label__icontains=data["actor"].strip())
        zone = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(created_at__gte=datetime.combine(data["since"], time.min, zone))
        if data["until"]:
            events = events.filter(created_at__lte=datetime.combine(data["until"], time.max, zone))
        return events


class ExportForm(EventFilterForm):
    """The same filter, with the date range required and bounded: an export is a deliberate
    copy of part of the log, itself recorded."""

    since = forms.DateField(label=_("From"), widget=NativeDateInput)
    until = forms.DateField(label=_("To"), widget=NativeDateInput)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and (until - since).days >= EXPORT_MAX_DAYS:
            self.add_error(
                "until",
                _("Export at most %(days)d days at a time.") % {"days": EXPORT_MAX_DAYS},
            )
        return cleaned


@login_required
def events(request: HttpRequest) -> HttpResponse:
    return _events_page(request)


def _events_page(request, *, export_form: "ExportForm | None" = None) -> HttpResponse:
    visible = selectors.events_visible_to(request.user)
    filters = request.GET if export_form is None else None
    form = EventFilterForm(filters or None, organization_id=request.user.organization_id)
    page = Paginator(form.filter(visible), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    alerts = selectors.alerts_visible_to(
        request.user, since=timezone.now() - timedelta(days=ALERT_DAYS)
    )[:20]
    context = {
        "form": form,
        "export_form": export_form
        or ExportForm(
            initial={
                "since": timezone.localdate() - timedelta(days=30),
                "until": timezone.localdate(),
            },
            organization_id=request.user.organization_id,
            auto_id="export_%s",
        ),
        "page_obj": page,
        "events": page.object_list,
        "alerts": alerts,
        "alert_days": ALERT_DAYS,
    }
    return render(request, "audit/events.html", context, status=200 if export_form is None else 400)


EXPORT_COLUMNS = [
    _("When (UTC)"),
    _("Who"),
    _("Action"),
    _("Action code"),
    _("What it means"),
    _("Student id"),
    _("Student"),
    _("Record"),
    _("Record id"),
    _("From address"),
    _("Event id"),
    _("Row hash"),
]


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """A spreadsheet must not take a name or address for a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filtered log for a date range as CSV, for the clinic's own records or a request."""
    visible = selectors.events_visible_to(request.user)
    form = ExportForm(
        request.GET, organization_id=request.user.organization_id, auto_id="export_%s"
    )
    if not form.is_valid():
        return _events_page(request, export_form=form)
    rows = form.filter(visible).order_by("created_at", "id")
    data = form.cleaned_data
    exported = record_event(
        actor=request.user,
        action=AuditAction.AUDIT_EXPORTED,
        student=data["student"],
        request=request,
        organization=request.user.organization_id,
        extra={
            "since": data["since"].isoformat(),
            "until": data["until"].isoformat(),
            "action": data["action"] or None,
            "events": rows.count(),
        },
    )
    rows = rows.filter(pk__lt=exported.pk)  # the log as it stood when the export was asked for
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([str(column) for column in EXPORT_COLUMNS])
        for event in rows.iterator(chunk_size=1000):
            yield writer.writerow(
                _cell(value)
                for value in [
                    event.created_at.astimezone(UTC).isoformat(timespec="seconds"),
                    event.actor_label,
                    str(event.get_action_display()),
                    event.action,
                    event.description,
                    event.student_id or "",
                    event.student.display_name if event.student else "",
                    event.target_type,
                    event.target_id,
                    event.ip_address or "",
                    event.pk,
                    event.row_hash,
                ]
            )

    filename = f"audit-{data['since']:%Y%m%d}-{data['until']:%Y%m%d}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
