"""Notification preferences and delivery schedules in the admin.

The outbox itself is not here: each notification names a student and what happened to their
plan or letters, which the admin shows to no one.
"""

from django.contrib import admin

from portal.notifications.models import (
    DeliverySchedule,
    NotificationPreference,
)


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
