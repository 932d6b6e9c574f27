"""Every page and API operation that shows a student's data leaves an audit event.

The test walks every URL pattern of the portal that names a student (pages and API alike),
fills its other parameters from one fully furnished student (plan, draft, note, check-in,
release, signed letter and letter draft, share), and opens it with GET as each person who
may see the student until one is let in. Whatever answers 200 must have written an audit
event about that student in that request. Lists of students are walked from a table of their
own. The walked list is printed, so a run shows what was covered.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accommodations.models import CareNote
from accommodations.selectors import access_for
from accommodations.services import plans as plan_services
from letters import services as letter_services
from letters import sharing
from letters.models import LetterTemplate
from portal.api import tokens
from portal.audit.models import AuditEvent
from tests import factories
from tests.letters.factories import SigningProfileFactory

# Who may see the student, tried in this order until one is let in.
READERS = ["psychologist", "guardian", "nurse"]


def student_patterns():
    """(route, name) of every URL pattern with a student id, in the order Django resolves."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if "<int:student_id>" in route:
                    found.append(
                        (route, f"{namespace}:{pattern.name}" if namespace else pattern.name)
                    )

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def furnished(student, psychologist, guardian, nurse, clinic):
    """One student with one of everything a page or an endpoint can show."""
    plan = student.plans.get()  # version 1, published
    access = access_for(user=psychologist, student=student)
    item = factories.PlanItemFactory(plan=plan_services.start_draft(access=access))
    note = factories.CareNoteFactory(
        student=student, author=psychologist, visibility=CareNote.Visibility.SCHOOL
    )
    checkin = factories.CheckInFactory(student=student, submitted_by=guardian)
    release = student.releases.get()
    SigningProfileFactory(user=psychologist)
    letter_services.ensure_letter_templates(organization=clinic)
    template = LetterTemplate.objects.get(organization=clinic, code="accommodation-letter")
    signed = letter_services.create_draft(
        access=access, template=template, recipient_name="Ms. Rivera", recipient_role="Nurse"
    )
    signed = letter_services.sign_letter(access=access, letter=signed, password=factories.PASSWORD)
    letter_draft = letter_services.create_draft(
        access=access, template=template, recipient_name="Mr. Chen", recipient_role="Teacher"
    )
    share = sharing.share_letter(
        access=access_for(user=guardian, student=student),
        letter=signed,
        recipient_name="Ms. Rivera",
        recipient_email="nurse.rivera@maplegrove.example",
        recipient_role="School nurse",
    ).share
    values = {
        "student_id": [student.pk],
        "version": [plan.version],
        "item_id": [item.pk],
        "note_id": [note.pk],
        "checkin_id": [checkin.pk],
        "release_id": [release.pk],
        "letter_id": [signed.pk, letter_draft.pk],
        "share_id": [share.pk],
        "member_id": [student.care_team.get().pk],
    }
    return student, values


def _candidate_urls(name, route, values):
    parameters = re.findall(r"<int:(\w+)>", route)
    combinations = [{}]
    for parameter in parameters:
        assert parameter in values, f"{name}: give the walk a value for <{parameter}>"
        combinations = [
            {**combination, parameter: value}
            for combination in combinations
            for value in values[parameter]
        ]
    return [reverse(name, kwargs=combination) for combination in combinations]


_secrets: dict[int, str] = {}


def _client_for(user, url, django_client):
    if url.startswith("/api/"):
        client = APIClient()
        if user.pk not in _secrets:
            _secrets[user.pk] = tokens.issue_token(
                user=user, name="Audit coverage", lifetime_days=30
            ).secret
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {_secrets[user.pk]}")
        return client
    django_client.force_login(user)
    return django_client


def test_every_page_and_endpoint_that_shows_a_student_records_the_read(
    furnished, request, client, capsys
):
    student, values = furnished
    _secrets.clear()
    readers = {role: request.getfixturevalue(role) for role in READERS}
    walked, not_shown, unaudited = [], [], []
    for route, name in student_patterns():
        shown_to = None
        for url in _candidate_urls(name, route, values):
            for role, user in readers.items():
                before = AuditEvent.objects.filter(student=student).count()
                response = _client_for(user, url, client).get(url)
                if response.status_code != 200:
                    continue
                shown_to = role
                written = AuditEvent.objects.filter(student=student).order_by("-id")
                if written.count() == before:
                    unaudited.append(f"{url} as {role}")
                else:
                    walked.append(f"{url:<64} {role:<12} {written.first().action}")
                break
            if shown_to:
                break
        if shown_to is None:
            not_shown.append(f"{name} (no GET answers 200: it changes data or redirects)")

    with capsys.disabled():
        print(f"\nAudit coverage: {len(walked)} student URLs walked, each wrote an event:")
        print("\n".join(f"  {line}" for line in walked))
        print(f"Not shown on GET ({len(not_shown)}): " + ", ".join(not_shown))
    assert not unaudited, f"These showed student data and wrote no audit event: {unaudited}"
    assert len(walked) >= 30, walked


LISTS = [
    ("accommodations:caseload", "psychologist", "caseload.viewed"),
    ("accommodations:my_students", "nurse", "students.list_viewed"),
    ("accommodations:my_children", "guardian", "students.list_viewed"),
    ("v1:student-list", "nurse", "students.list_viewed"),
]


@pytest.mark.parametrize(("name", "role", "action"), LISTS)
def test_lists_of_students_record_whom_they_listed(furnished, request, client, name, role, action):
    student, _ = furnished
    _secrets.clear()
    user = request.getfixturevalue(role)
    url = reverse(name)

    response = _client_for(user, url, client).get(url)

    assert response.status_code == 200
    event = AuditEvent.objects.filter(actor=user, action=action).get()
    assert event.extra["students"] == [student.pk]


def test_a_read_is_recorded_once_however_often_the_view_checks_access(
    client_of, psychologist, student
):
    client_of(psychologist).get(reverse("accommodations:student", args=[student.pk]))

    assert AuditEvent.objects.filter(student=student).count() == 1


def test_a_write_is_recorded_by_its_own_event_not_also_as_a_read(client_of, psychologist, student):
    client_of(psychologist).post(
        reverse("accommodations:notes", args=[student.pk]),
        {
            "body": "Walked the hallway twice today.",
            "visibility": "care_team",
            "submission_key": str(uuid.uuid4()),
        },
    )

    assert list(AuditEvent.objects.filter(student=student).values_list("action", flat=True)) == [
        "note.added"
    ]


def test_a_refused_look_up_is_recorded_and_shows_the_outsider_nothing(
    client_of, other_guardian, student
):
    response = client_of(other_guardian).get(reverse("accommodations:student", args=[student.pk]))

    assert response.status_code == 404
    event = AuditEvent.objects.get(actor=other_guardian, action="access.refused")
    assert event.organization_id == student.organization_id
