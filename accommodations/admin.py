"""Django admin for clinic administrators: the catalog, students, schools, and read-only views
of plans and releases.

Plans, releases, notes and check-ins are written only through the portal's services, which
enforce the rules and write the audit log. The admin therefore shows plans and releases
without letting anyone change them, and does not list care notes or check-ins at all: an
administrator needs neither to run the clinic.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    CareTeamMember,
    Guardianship,
    PlanItem,
    Release,
    School,
    SchoolStaff,
    Student,
)
from portal.accounts.admin import ClinicScopedAdmin, NeverEditedAdmin, is_clinic_admin
from portal.accounts.models import User
from portal.rendering import NativeDateInput


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


class CareTeamInline(admin.TabularInline):
    model = CareTeamMember
    extra = 0
    fields = ["user", "role", "added_at"]
    readonly_fields = ["added_at"]
    autocomplete_fields = []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(
                organization_id=request.user.organization_id, is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allowed(self, request):
        return request.user.is_superuser or is_clinic_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class GuardianshipInline(ShownOnlyInline):
    model = Guardianship
    fields = ["guardian", "relationship"]
    readonly_fields = fields
    verbose_name_plural = _("parents and guardians (invited from the student's page)")


@admin.register(Student)
class StudentAdmin(ClinicScopedAdmin):
    clinic_admin_can = frozenset({"view", "add", "change"})
    list_display = ["last_name", "first_name", "preferred_name", "school", "grade", "device_type"]
    list_filter = ["device_type", "grade"]
    search_fields = ["first_name", "last_name", "preferred_name", "school__name"]
    list_select_related = ["school"]
    inlines = [CareTeamInline, GuardianshipInline]
    # The browser's own date picker; the admin's calendar widget needs Django's form
    # templates on the project's template path, which the portal's form renderer does not use.
    formfield_overrides = {models.DateField: {"widget": NativeDateInput}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organization",
                    ("first_name", "last_name", "preferred_name"),
                    "date_of_birth",
                    ("school", "grade"),
                    "family_language",
                ]
            },
        ),
        (
            _("Implanted device (edited by the care team on the student's emergency card)"),
            {"fields": [*Student.DEVICE_CARD_FIELDS, "device_card_updated_at"]},
        ),
    ]
    readonly_fields = [*Student.DEVICE_CARD_FIELDS, "device_card_updated_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("organization")
        return readonly

    def save_model(self, request, obj, form, change):
        _set_own_clinic(request, obj)
        super().save_model(request, obj, form, change)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    """Schools are shared by every clinic; clinic administrators may add and correct them."""

    list_display = ["name", "phone"]
    search_fields = ["name", "address"]

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_clinic_admin(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_clinic_admin(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or is_clinic_admin(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or is_clinic_admin(request)


@admin.register(SchoolStaff)
class SchoolStaffAdmin(ClinicScopedAdmin):
    """School staff at schools where the clinic has students; removing someone who left the
    school ends their access."""

    organization_path = "school__students__organization"
    clinic_admin_can = frozenset({"view", "delete"})
    list_display = ["user", "role", "school"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "school__name"]
    list_select_related = ["user", "school"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Release)
class ReleaseAdmin(NeverEditedAdmin):
    organization_path = "student__organization"
    list_display = ["student", "school", "granted_by", "starts_at", "expires_at", "revoked_at"]
    list_filter = ["scope_plan", "scope_letters", "scope_updates", "scope_notes"]
    search_fields = ["student__last_name", "student__first_name", "school__name"]
    list_select_related = ["student", "school", "granted_by"]


class PlanItemInline(ShownOnlyInline):
    model = PlanItem
    fields = ["position", "title", "category", "implementer", "start_date", "details"]
    readonly_fields = fields


class AcknowledgementInline(ShownOnlyInline):
    model = Acknowledgement
    fields = ["user", "school", "created_at", "comment"]
    readonly_fields = fields


@admin.register(AccommodationPlan)
class AccommodationPlanAdmin(NeverEditedAdmin):
    """Plans are edited and published in the plan editor; a published version never changes."""

    organization_path = "student__organization"
    list_display = ["student", "version", "status", "review_date", "published_at", "published_by"]
    list_filter = ["status"]
    search_fields = ["student__last_name", "student__first_name"]
    list_select_related = ["student", "published_by"]
    inlines = [PlanItemInline, AcknowledgementInline]
