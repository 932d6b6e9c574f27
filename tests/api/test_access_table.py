"""The access table of DESIGN §3, held through the API for every endpoint and every role.

Reading outside one's scope answers 404, like something that does not exist; writing with a
role that only reads answers 403; people of another family, school or clinic get 404.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accommodations.models import AccommodationPlan, CareNote
from tests import factories
from tests.api.conftest import url
from tests.api.roles import INSIDERS, ROLES, people


@pytest.fixture
def world(student, psychologist, guardian, nurse, clinic):
    """The student's records, one of each kind, with the ids the table refers to."""
    draft = factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    item = factories.PlanItemFactory(plan=draft)
    factories.PlanItemFactory(plan=draft)
    notes = {
        visibility: factories.CareNoteFactory(
            student=student, author=psychologist, visibility=visibility
        )
        for visibility in CareNote.Visibility.values
    }
    checkin = factories.CheckInFactory(
        student=student, submitted_by=guardian, message_to_school="Rest after PE, please."
    )
    template = factories.AccommodationTemplateFactory(organization=clinic)
    release = student.releases.get(school=nurse.school_roles.get().school)
    return {
        "student": student.pk,
        "draft": draft,
        "item": item.pk,
        "note_care_team": notes["care_team"].pk,
        "note_family": notes["family"].pk,
        "note_school": notes["school"].pk,
        "checkin": checkin.pk,
        "release": release.pk,
        "template": template.pk,
    }


# role -> expected status, for reading each endpoint
READS = {
    "students/{student}/": dict(psychologist=200, guardian=200, nurse=200, nurse_letters_only=200),
    "students/{student}/plan/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/plan/versions/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/plan/versions/1/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/plan/draft/": dict(psychologist=200),
    "students/{student}/plan/draft/items/": dict(psychologist=200),
    "students/{student}/plan/draft/items/{item}/": dict(psychologist=200),
    "students/{student}/plan/acknowledgements/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/plan/acknowledgement-status/": dict(psychologist=200),
    "students/{student}/notes/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/notes/{note_care_team}/": dict(psychologist=200),
    "students/{student}/notes/{note_family}/": dict(psychologist=200, guardian=200),
    "students/{student}/notes/{note_school}/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/checkins/": dict(psychologist=200, guardian=200),
    "students/{student}/checkins/{checkin}/": dict(psychologist=200, guardian=200),
    "students/{student}/school-messages/": dict(psychologist=200, guardian=200, nurse=200),
    "students/{student}/releases/": dict(
        psychologist=200, guardian=200, nurse=200, nurse_letters_only=200
    ),
    "students/{student}/releases/{release}/": dict(psychologist=200, guardian=200, nurse=200),
    "catalog/{template}/": dict(psychologist=200, physician_off_team=200, org_admin=200),
}


@pytest.mark.parametrize("path", list(READS))
def test_each_role_reads_what_the_table_allows_and_gets_404_for_the_rest(
    request, world, api_as, path
):
    expected = READS[path]
    for role, user in people(request, ROLES).items():
        response = api_as(user).get(url(path.format(**world)))
        assert response.status_code == expected.get(role, 404), (role, response.json())


def _a_week_ago():
    return (timezone.localdate() - timedelta(days=7)).isoformat()


CHECKIN = {
    "pain_now": 3,
    "pain_average": 4,
    "pain_worst": 6,
    "days_full": 4,
    "days_partial": 1,
    "days_missed": 0,
    "health_office_visits": 1,
    "sleep_quality": "good",
    "mood": 4,
}

# (method, path, body) -> role -> expected status; unlisted insiders 403, outsiders 404
WRITES = [
    ("post", "students/{student}/plan/draft/", None, dict(psychologist=200)),
    ("patch", "students/{student}/plan/draft/", {"review_date": None}, dict(psychologist=200)),
    (
        "post",
        "students/{student}/plan/draft/items/",
        {"template": "{template}"},
        dict(psychologist=201),
    ),
    (
        "patch",
        "students/{student}/plan/draft/items/{item}/",
        {"details": "Ten minutes, then back to class."},
        dict(psychologist=200),
    ),
    (
        "post",
        "students/{student}/plan/draft/items/{item}/move/",
        {"direction": "down"},
        dict(psychologist=200),
    ),
    ("delete", "students/{student}/plan/draft/items/{item}/", None, dict(psychologist=204)),
    ("post", "students/{student}/plan/draft/publish/", {}, dict(psychologist=200)),
    ("delete", "students/{student}/plan/draft/", None, dict(psychologist=204)),
    ("post", "students/{student}/plan/acknowledgements/", {"version": 1}, dict(nurse=201)),
    (
        "post",
        "students/{student}/notes/",
        {"body": "Walked the track.", "visibility": "family"},
        dict(psychologist=201),
    ),
    (
        "patch",
        "students/{student}/notes/{note_school}/",
        {"body": "Walked the track twice."},
        dict(psychologist=200),
    ),
    (
        "post",
        "students/{student}/notes/{note_school}/addenda/",
        {"body": "And swam."},
        dict(psychologist=201),
    ),
    ("post", "students/{student}/checkins/", "checkin", dict(guardian=201)),
    (
        "post",
        "students/{student}/releases/",
        "release",
        dict(guardian=201),
    ),
    ("post", "students/{student}/releases/{release}/revoke/", None, dict(guardian=200)),
]


def _body(body, world, school_id):
    if body == "checkin":
        return {**CHECKIN, "week_of": _a_week_ago()}
    if body == "release":
        return {
            "school": school_id,
            "scopes": ["plan"],
            "starts_at": timezone.now().isoformat(),
            "expires_at": (timezone.now() + timedelta(days=30)).isoformat(),
        }
    if isinstance(body, dict):
        return {
            key: int(value.format(**world)) if isinstance(value, str) and "{" in value else value
            for key, value in body.items()
        }
    return body


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), WRITES, ids=[f"{m} {p}" for m, p, *_ in WRITES]
)
def test_writing_is_403_for_a_role_that_only_reads_and_404_outside_scope(
    request, world, api_as, method, path, body, allowed
):
    other_school = factories.SchoolFactory(name="Oak Hill Elementary")
    if path.endswith("/publish/"):
        AccommodationPlan.objects.filter(pk=world["draft"].pk).update(
            review_date=timezone.localdate() + timedelta(days=60)
        )
    # Refused roles first: a refusal must change nothing, so the allowed role still succeeds.
    roles = sorted(ROLES, key=lambda role: role in allowed)
    for role, user in people(request, roles).items():
        response = getattr(api_as(user), method)(
            url(path.format(**world)), _body(body, world, other_school.pk), format="json"
        )
        expected = allowed.get(role, 403 if role in INSIDERS else 404)
        assert response.status_code == expected, (role, response.content[:300])
