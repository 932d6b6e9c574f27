from django.contrib import admin

from letters.models import Letter, LetterShare, LetterTemplate, ShareAccess, SigningProfile


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "is_active", "updated_at"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["title", "code"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(SigningProfile)
class SigningProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "credentials", "license_number", "updated_at"]
    search_fields = ["user__email", "user__full_name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Letters and shares change only through the portal's own pages, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "student", "status", "signed_at", "verification_code"]
    list_filter = ["status", "kind", "is_development_signature"]
    search_fields = ["verification_code", "pdf_sha256"]
    exclude = ["body"]


class ShareAccessInline(admin.TabularInline):
    model = ShareAccess
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "ip_address", "user_agent"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LetterShare)
class LetterShareAdmin(ReadOnlyAdmin):
    list_display = ["id", "letter", "recipient_role", "created_at", "expires_at", "revoked_at"]
    exclude = ["token_hash"]
    inlines = [ShareAccessInline]
