import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from accommodations.models import SchoolStaff
from portal.api import tokens
from tests import factories


@pytest.fixture
def nurse_letters_only(student, school, guardian):
    """A counselor at the student's school whose own release covers letters and nothing else."""
    user = factories.UserFactory(email="counselor@maplegrove.example")
    other_school = factories.SchoolFactory(name="Maple Grove Annex")
    factories.SchoolStaffFactory(user=user, school=other_school, role=SchoolStaff.Role.COUNSELOR)
    factories.ReleaseFactory(
        student=student,
        school=other_school,
        granted_by=guardian,
        scope_plan=False,
        scope_letters=True,
        scope_updates=False,
        scope_notes=False,
    )
    return user


@pytest.fixture
def token_for():
    """A fresh personal API token's secret for the given user."""

    def issue(user, *, lifetime_days: int = 90) -> str:
        return tokens.issue_token(user=user, name="Test sync", lifetime_days=lifetime_days).secret

    return issue


@pytest.fixture
def api_as(token_for):
    """An API client that sends the given user's personal token, as an integration does."""

    def client_for(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return client_for


def url(path: str) -> str:
    return "/api/v1/" + path.lstrip("/")


@pytest.fixture(autouse=True, scope="session")
def _development_signing_certificate(tmp_path_factory):
    """Letters are signed with a development certificate made once, outside the working tree."""
    import os

    from letters import signing

    os.environ["LETTERS_DEV_SIGNING_DIR"] = str(tmp_path_factory.mktemp("signing"))
    signing.forget_loaded_signer()
    yield
    signing.forget_loaded_signer()


# The rates the portal runs with (from the environment, else the defaults), before any test
# changes them.
CONFIGURED_THROTTLE_RATES = dict(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
GENEROUS_THROTTLE_RATES = {scope: "100000/min" for scope in CONFIGURED_THROTTLE_RATES}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _rates_no_test_meets(settings):
    """A test sends in seconds what a client sends in minutes (the fuzzer thousands of
    requests, most of them without credentials): the limits are tested where they are meant."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": GENEROUS_THROTTLE_RATES,
    }


@pytest.fixture
def throttle_rates(settings):
    """Set the API's rate limits for one test: throttle_rates(user="5/min")."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**CONFIGURED_THROTTLE_RATES, **rates},
        }

    return set_rates


@pytest.fixture
def letter_template(clinic):
    from letters import services
    from letters.models import LetterTemplate

    services.ensure_letter_templates(organization=clinic)
    return LetterTemplate.objects.get(organization=clinic, code="accommodation-letter")


@pytest.fixture
def letter_draft(student, psychologist, letter_template):
    from accommodations.selectors import access_for
    from letters import services

    return services.create_draft(
        access=access_for(user=psychologist, student=student),
        template=letter_template,
        recipient_name="School nurse and 504 coordinator",
        recipient_role="School nurse",
    )


@pytest.fixture
def signing_profile(psychologist):
    from tests.letters.factories import SigningProfileFactory

    return SigningProfileFactory(user=psychologist)


@pytest.fixture
def signed_letter(letter_draft, student, psychologist, signing_profile):
    """A letter signed by the real service: rendered, signed and stored."""
    from accommodations.selectors import access_for
    from letters import services

    return services.sign_letter(
        access=access_for(user=psychologist, student=student),
        letter=letter_draft,
        password="pass-phrase-123",
    )


@pytest.fixture
def issued_letter(student, psychologist, letter_template):
    """A signed letter as the signing service leaves it, without rendering a PDF: for tests
    about who may do what with a letter, where the file's content does not matter."""
    import hashlib

    from django.utils import timezone

    from accommodations.selectors import access_for
    from letters import services, storage
    from letters.models import Letter

    draft = services.create_draft(
        access=access_for(user=psychologist, student=student),
        template=letter_template,
        recipient_name="School nurse",
    )
    data = b"%PDF-1.7\n% a stand-in for a signed letter\n%%EOF\n"
    code = services.new_verification_code()
    name = storage.store_pdf(f"letters/{student.pk}/{code}.pdf", data)
    Letter.objects.filter(pk=draft.pk).update(
        status=Letter.Status.SIGNED,
        signed_by=psychologist,
        signed_at=timezone.now(),
        signer_name=psychologist.full_name,
        verification_code=code,
        pdf=name,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
    )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def notify_about():
    """Send the user one notification about the student through the outbox service."""
    from portal.notifications.models import Channel, Notification
    from portal.notifications.services import notify

    def send(user, student, *, key: str = "test", kind: str = "plan_published"):
        notify(
            kind=kind,
            recipients=[user],
            key=f"{key}:{student.pk}",
            student=student,
            params={"student": student.display_name, "version": 1},
            url=f"/students/{student.pk}/plan/",
        )
        return Notification.objects.get(
            recipient=user, channel=Channel.IN_APP, dedupe_key=f"{key}:{student.pk}:u{user.pk}"
        )

    return send


@pytest.fixture
def api_records(
    student,
    psychologist,
    guardian,
    nurse,
    clinic,
    issued_letter,
    letter_draft,
    notify_about,
) -> dict[str, list[int]]:
    """One record of every kind the API's addresses name, with the ids of each path parameter:
    {"student_id": [7], "letter_id": [31, 32], …}."""
    from accommodations.models import CareNote
    from accommodations.selectors import access_for
    from letters import sharing

    draft = factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    item = factories.PlanItemFactory(plan=draft)
    note = factories.CareNoteFactory(
        student=student, author=psychologist, visibility=CareNote.Visibility.SCHOOL
    )
    checkin = factories.CheckInFactory(
        student=student, submitted_by=guardian, message_to_school="Rest after PE."
    )
    template = factories.AccommodationTemplateFactory(organization=clinic)
    share = sharing.share_letter(
        access=access_for(user=guardian, student=student),
        letter=issued_letter,
        recipient_name="Jordan Nurse",
        recipient_email="nurse@maplegrove.example",
        recipient_role="School nurse",
    ).share
    notification = notify_about(guardian, student)
    return {
        "student_id": [student.pk],
        "version": [1],
        "item_id": [item.pk],
        "note_id": [note.pk],
        "checkin_id": [checkin.pk],
        "release_id": [student.releases.first().pk],
        "template_id": [template.pk],
        "letter_id": [issued_letter.pk, letter_draft.pk],
        "share_id": [share.pk],
        "notification_id": [notification.pk],
    }


def generated_schema() -> dict:
    """The OpenAPI schema exactly as /api/schema/ serves it, generated in-process."""
    import json

    from drf_spectacular.generators import SchemaGenerator

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))
