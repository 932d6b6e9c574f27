"""Django admin for clinic administrators: their clinic's letter templates, and read-only views
of signing profiles.

Letters are about students, so they are not here at all: they are drafted, signed, read,
revoked and shared only through the portal's pages and API, which keep the access rule and the
audit log.
"""

from django import forms
from django.contrib import admin

from letters import services
from letters.models import LetterTemplate, SigningProfile
from portal.accounts.admin import ClinicScopedAdmin, NeverEditedAdmin


class LetterTemplateAdminForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["title", "kind", "subject", "body", "is_active"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.check_placeholders(
                subject=cleaned.get("subject", ""), body=cleaned.get("body", "")
            )
        except services.LetterError as error:
            self.add_error(error.field, error.message)
        return cleaned


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ClinicScopedAdmin):
    form = LetterTemplateAdminForm
    clinic_admin_can = frozenset({"view", "change"})
    list_display = ["title", "kind", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "code"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SigningProfile)
class SigningProfileAdmin(NeverEditedAdmin):
    organization_path = "user__organization"
    list_display = ["user", "credentials", "license_number", "updated_at"]
    search_fields = ["user__email", "user__full_name"]
