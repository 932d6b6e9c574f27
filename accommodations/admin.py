"""Django admin for clinic configuration: the accommodation catalog, and schools to look up.

It holds no student health data, for clinic administrators and superusers alike: students,
their plans, emergency cards, releases, care teams, notes and check-ins are read and written only
through the portal's pages and API, which apply the access rule and write the audit log. School
rosters are kept on the portal's school pages for the same reason.
"""

from django.contrib import admin

from accommodations.models import (
    AccommodationTemplate,
    School,
)
from portal.accounts.admin import ClinicScopedAdmin, is_clinic_admin


class ShownOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


def _set_own_clinic(request, obj) -> None:
    if not request.user.is_superuser and not obj.organization_id:
        obj.organization_id = request.user.organization_id


@admin.register(AccommodationTemplate)
class AccommodationTemplateAdmin(ClinicScopedAdmin):
    clinic_admin_can = frozenset({"view", "add", "change"})
    list_display = ["title", "category", "implementer", "is_active"]
    list_filter = ["category", "implementer", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["title", "code", "default_details", "rationale"]
    prepopulated_fields = {"code": ["title"]}
    fields = [
        "organization",
        "title",
        "code",
        "category",
        "implementer",
        "default_details",
        "rationale",
        "is_active",
    ]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not request.user.is_superuser:
            fields.remove("organization")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        organization_id = request.user.organization_id

        class OwnClinicTemplateForm(form):
            # The clinic is not on the form, yet "one code per clinic" must still be checked
            # here rather than fail in the database.
            def _post_clean(self):
                if not self.instance.organization_id:
                    self.instance.organization_id = organization_id
                super()._post_clean()

            def _get_validation_exclusions(self):
                exclusions = super()._get_validation_exclusions()
                exclusions.discard("organization")
                return exclusions

        return OwnClinicTemplateForm

    def save_model(self, request, obj, form, change):
        _set_own_clinic(request, obj)
        super().save_model(request, obj, form, change)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    """Schools, to look up. They are added and changed on the portal's school pages, which
    keep the rule of who may change which school and write the audit log."""

    list_display = ["name", "phone", "added_by"]
    search_fields = ["name", "address"]
    readonly_fields = ["name", "address", "phone", "added_by", "email_domains"]

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_clinic_admin(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_clinic_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
