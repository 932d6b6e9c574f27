from datetime import timedelta

import pytest
from django.utils import timezone

from accommodations import selectors, services
from tests.live.fixtures import smtp_server  # noqa: F401 - a real SMTP server on loopback


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block, then what would run after its transaction commits (queued tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(committed):
    """The psychologist publishes a new version of the student's plan through the service."""

    def publish_new_version(*, by, student):
        access = selectors.access_for(user=by, student=student)
        with committed():
            draft = services.start_draft(access=access)
            services.add_custom_item(
                access=access,
                plan=draft,
                category="health_office",
                title="Rest in the health office",
                details="Up to 15 minutes, then back to class.",
                implementer="nurse",
            )
            return services.publish_plan(
                access=access, plan=draft, review_date=timezone.localdate() + timedelta(days=60)
            )

    return publish_new_version


@pytest.fixture
def smtp_backend(settings, smtp_server):  # noqa: F811 - the imported fixture
    """E-mail goes over SMTP to the loopback server instead of Django's test outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_server
