"""The audit log in the Django admin: read only, for superusers and each clinic's
administrators (their own clinic's events). Nothing here can add, change or delete an event."""

from django.contrib import admin

from portal.accounts.admin import NeverEditedAdmin
from portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(NeverEditedAdmin):
    list_display = [
        "created_at",
        "actor_label",
        "action",
        "student_id",
        "target_type",
        "target_id",
        "ip_address",
    ]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_id"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    show_full_result_count = False

    def get_actions(self, request):
        return {}
