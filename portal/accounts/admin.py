"""Django admin for clinic administrators: people, the clinic's letterhead, invitations.

A clinic administrator (a staff user with `is_org_admin`) sees only their own clinic's rows,
without per-model permissions; a superuser sees everything. Invitations are sent from the
portal's own page, so that the link is e-mailed and audited, never created here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Invitation, Organization, User


def is_clinic_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_org_admin and user.organization_id)


class ClinicScopedAdmin(admin.ModelAdmin):
    """Rows of the administrator's own clinic, reached through `organization_path`.

    Subclasses say what a clinic administrator may do with `clinic_admin_can` (a subset of
    view, add, change, delete); a superuser keeps Django's usual permissions.
    """

    organization_path = "organization"
    clinic_admin_can: frozenset[str] = frozenset({"view"})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if is_clinic_admin(request):
            return queryset.filter(
                **{self.organization_path: request.user.organization_id}
            ).distinct()
        return queryset.none()

    def _clinic_admin_may(self, request, action: str) -> bool:
        return action in self.clinic_admin_can and is_clinic_admin(request)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._clinic_admin_may(request, "view")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._clinic_admin_may(request, "view")

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self._clinic_admin_may(request, "add")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._clinic_admin_may(
            request, "change"
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self._clinic_admin_may(
            request, "delete"
        )


class NeverEditedAdmin(ClinicScopedAdmin):
    """Rows that change only through the portal's pages and services; the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ClinicScopedAdmin, DjangoUserAdmin):
    clinic_admin_can = frozenset({"view", "change"})
    ordering = ["email"]
    list_display = ["email", "full_name", "organization", "is_org_admin", "is_active", "last_login"]
    list_filter = ["is_active", "is_org_admin", "is_staff", "organization"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "time_zone", "language"]}),
        (_("Clinic"), {"fields": ["organization", "is_org_admin"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "organization", "password1", "password2"],
            },
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A clinic administrator may deactivate staff and name other administrators,
            # not move people between clinics or hand out superuser rights.
            readonly += [
                "email",
                "password",
                "organization",
                "is_staff",
                "is_superuser",
                "groups",
                "user_permissions",
            ]
        return readonly


@admin.register(Organization)
class OrganizationAdmin(ClinicScopedAdmin):
    organization_path = "pk"
    clinic_admin_can = frozenset({"view", "change"})
    list_display = ["name", "slug", "phone", "email"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("slug")
        return readonly


@admin.register(Invitation)
class InvitationAdmin(NeverEditedAdmin):
    list_display = [
        "email",
        "kind",
        "student",
        "school",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
        "resent_at",
    ]
    list_filter = ["kind"]
    search_fields = ["email", "full_name"]
    exclude = ["token_hash"]
    list_select_related = ["student", "school", "invited_by"]
