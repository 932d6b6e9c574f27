from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.api"
    label = "api"
    verbose_name = _("API access")

    def ready(self):
        # A mistyped API_THROTTLE_* stops the portal at start, not at its first API request.
        from rest_framework.settings import api_settings

        from portal.api.throttling import parse_rate

        for rate in api_settings.DEFAULT_THROTTLE_RATES.values():
            parse_rate(rate)
