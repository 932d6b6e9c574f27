"""The clinic's audit log, for its administrators: read only, filtered, paginated."""

from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accommodations.models import Student
from portal.audit import selectors
from portal.rendering import NativeDateInput

EVENTS_PER_PAGE = 50

ACTION_LABELS = {
    "auth.sign_in": _("Signed in"),
    "auth.sign_out": _("Signed out"),
    "auth.sign_in_failed": _("Failed sign-in"),
    "student.viewed": _("Opened a student"),
    "notes.viewed": _("Read care notes"),
    "device_card.viewed": _("Opened an emergency card"),
    "device_card.updated": _("Changed an emergency card"),
    "plan.draft_started": _("Started a plan draft"),
    "plan.item_added": _("Added an accommodation"),
    "plan.item_changed": _("Changed an accommodation"),
    "plan.item_removed": _("Removed an accommodation"),
    "plan.published": _("Published a plan"),
    "plan.draft_discarded": _("Discarded a plan draft"),
    "plan.acknowledged": _("Acknowledged a plan"),
    "note.added": _("Wrote a note"),
    "note.edited": _("Corrected a note"),
    "checkin.submitted": _("Sent a weekly update"),
    "release.granted": _("Granted a release"),
    "release.revoked": _("Revoked a release"),
    "invitation.sent": _("Sent an invitation"),
    "invitation.accepted": _("Accepted an invitation"),
    "invitation.withdrawn": _("Withdrew an invitation"),
    "invitation.resent": _("Sent an invitation again"),
    "plan.viewed": _("Read a plan"),
    "checkins.viewed": _("Read weekly updates"),
    "releases.viewed": _("Read releases"),
    "school_updates.viewed": _("Read messages to school"),
    "letter.drafted": _("Drafted a letter"),
    "letter.edited": _("Edited a letter draft"),
    "letter.draft_discarded": _("Discarded a letter draft"),
    "letter.signed": _("Signed a letter"),
    "letter.revoked": _("Revoked a letter"),
    "letter.pdf_viewed": _("Opened a letter PDF"),
    "letter.shared": _("Shared a letter"),
    "letter.share_revoked": _("Stopped sharing a letter"),
    "letter.verification_upload": _("Checked a letter's authenticity"),
    "letter.signing_profile_saved": _("Changed a signing profile"),
    "letter_template.updated": _("Changed a letter template"),
    "api_token.created": _("Created an API token"),
    "api_token.revoked": _("Revoked an API token"),
}


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

    def __init__(self, *args, organization_id: int, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = Student.objects.filter(organization_id=organization_id)
        self.fields["action"].choices = [("", _("All actions"))] + [
            (action, f"{ACTION_LABELS.get(action, action)} ({action})") for action in actions
        ]

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


@login_required
def events(request: HttpRequest) -> HttpResponse:
    visible = selectors.events_visible_to(request.user)
    actions = sorted(
        set(ACTION_LABELS) | set(visible.order_by().values_list("action", flat=True).distinct())
    )
    form = EventFilterForm(
        request.GET or None, organization_id=request.user.organization_id, actions=actions
    )
    page = Paginator(form.filter(visible), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "events": [(event, ACTION_LABELS.get(event.action, event.action)) for event in page],
    }
    return render(request, "audit/events.html", context)
