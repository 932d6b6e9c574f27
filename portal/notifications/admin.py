"""The outbox in the admin: what was sent to whom and when, and failed e-mail sent again.

A clinic administrator sees the notifications about their own clinic's students; rows are
written only by the portal's services, so nothing here can be added or edited.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.admin import ClinicScopedAdmin
from portal.notifications.models import (
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from portal.notifications.services.outbox import send_after_commit


@admin.register(Notification)
class NotificationAdmin(ClinicScopedAdmin):
    organization_path = "student__organization"
    clinic_admin_can = frozenset({"view", "change"})
    list_display = ("created_at", "kind", "channel", "recipient", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "kind", "frequency")
    search_fields = ("recipient__email", "dedupe_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient", "student", "digest")
    actions = ["send_again"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send failed e-mail again"), permissions=["change"])
    def send_again(self, request, queryset):
        with transaction.atomic():
            rows = queryset.filter(channel="email", status=Status.FAILED)
            ids = list(rows.values_list("pk", flat=True))
            now = timezone.now()
            rows.update(
                status=Status.PENDING,
                attempts=0,
                next_attempt_at=now,
                queued_at=now,
                claimed_until=None,
            )
            send_after_commit(ids)
        messages.success(request, _("%(count)s e-mail queued again.") % {"count": len(ids)})


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "frequency")
    list_filter = ("kind", "frequency")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(DeliverySchedule)
class DeliveryScheduleAdmin(admin.ModelAdmin):
    list_display = ("user", "digest_hour", "weekly_day", "quiet_start", "quiet_end")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)
