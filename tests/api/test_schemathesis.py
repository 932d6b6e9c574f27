"""Schemathesis against the API's own OpenAPI schema, with a token for each role.

A fixed example budget and seed keep the run small and the same every time. For every
generated request and every role: no server error, every answer matches the schema (status,
content type, body), and no operation that needs credentials answers without them.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from accommodations.models import CareNote
from accommodations.selectors import access_for
from letters import sharing
from tests import factories

EXAMPLES_PER_OPERATION = 5
ROLES = ["psychologist", "guardian", "nurse", "nurse_other_school", "org_admin"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


def _generated_schema() -> dict:
    # The schema exactly as /api/schema/ serves it, generated in-process.
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


schema = schemathesis.openapi.from_dict(
    _generated_schema(),
    config=schemathesis.Config.from_dict(
        {
            "seed": 20260301,
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                "mode": "all",
            },
            "phases": {
                "examples": {"enabled": True},
                "fuzzing": {"enabled": True},
                "coverage": {"enabled": False},
                "stateful": {"enabled": False},
            },
        }
    ),
)

schema.app = WSGIHandler()  # requests go to the portal in-process, inside the test's transaction

# The records generated requests may point at: each path parameter is drawn from the real ids
# of that kind or the generated value, so requests reach existing records as well as missing ones.
REAL_IDS: dict[str, list[int]] = {}


def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([*REAL_IDS.get(name, []), value])
            for name, value in path_parameters.items()
        }
    )


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Calling the WSGI handler directly starts and ends each request with Django's
    close_old_connections, which on PostgreSQL would close the connection that holds the
    test's transaction; Django's own test client turns it off the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def records(
    student,
    psychologist,
    guardian,
    nurse,
    clinic,
    org_admin,
    nurse_other_school,
    issued_letter,
    letter_draft,
    notify_about,
):
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
    REAL_IDS.clear()
    REAL_IDS.update(
        student_id=[student.pk],
        version=[1],
        item_id=[item.pk],
        note_id=[note.pk],
        checkin_id=[checkin.pk],
        release_id=[student.releases.first().pk],
        template_id=[template.pk],
        letter_id=[issued_letter.pk, letter_draft.pk],
        share_id=[share.pk],
        notification_id=[notification.pk],
    )
    yield
    REAL_IDS.clear()


@pytest.fixture
def role_headers(request, records, token_for):
    return {
        role: {"Authorization": f"Bearer {token_for(request.getfixturevalue(role))}"}
        for role in ROLES
    }


@schema.hooks.apply(flatmap_path_parameters)
@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
)
def test_every_operation_keeps_to_its_schema_for_every_role(case, role_headers):
    for headers in role_headers.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
