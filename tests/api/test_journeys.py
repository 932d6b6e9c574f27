"""Whole journeys through the API, as an integration would make them."""

import hashlib
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accommodations.family_forms import monday_of
from accommodations.models import CareNote
from tests import factories
from tests.api.conftest import url


def test_a_guardian_with_a_token_from_the_profile_page_reads_the_plan_sends_a_checkin_and_downloads_the_signed_letter(  # noqa: E501
    client_of, guardian, student, signed_letter
):
    page = client_of(guardian).post(
        reverse("api:tokens"), {"name": "Family calendar", "lifetime_days": 30}
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {page.context['issued'].secret}")

    students = api.get(url("students/")).json()["results"]
    assert [row["display_name"] for row in students] == [student.display_name]
    student_id = students[0]["id"]

    plan = api.get(url(f"students/{student_id}/plan/")).json()
    assert plan["version"] == 1
    assert plan["status"] == "published"
    assert len(plan["items"]) == 3

    this_week = timezone.localdate()
    sent = api.post(
        url(f"students/{student_id}/checkins/"),
        {
            "week_of": this_week.isoformat(),
            "pain_now": 4,
            "pain_average": 5,
            "pain_worst": 7,
            "days_full": 3,
            "days_partial": 1,
            "days_missed": 1,
            "health_office_visits": 2,
            "sleep_quality": "fair",
            "mood": 3,
            "comments": "",
            "message_to_school": "Rest break after PE, please.",
        },
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    assert sent.json()["week_of"] == monday_of(this_week).isoformat()

    letters = api.get(url(f"students/{student_id}/letters/?status=signed")).json()["results"]
    assert [letter["id"] for letter in letters] == [signed_letter.pk]
    download = api.get(url(f"students/{student_id}/letters/{signed_letter.pk}/pdf/"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == letters[0]["pdf_sha256"]


def test_the_care_team_drafts_publishes_and_the_school_acknowledges(
    api_as, psychologist, nurse, guardian, student, clinic
):
    template = factories.AccommodationTemplateFactory(organization=clinic, title="Elevator pass")
    team = api_as(psychologist)
    base = url(f"students/{student.pk}/plan/")

    opened = team.post(base + "draft/")
    assert opened.status_code == 201
    assert opened.json()["version"] == 2
    assert len(opened.json()["items"]) == 3  # starts from version 1
    assert team.post(base + "draft/").status_code == 200  # the same draft again

    added = team.post(base + "draft/items/", {"template": template.pk}, format="json")
    assert added.status_code == 201
    assert added.json()["title"] == "Elevator pass"
    duplicate = team.post(base + "draft/items/", {"template": template.pk}, format="json")
    assert duplicate.status_code == 400
    custom = team.post(
        base + "draft/items/",
        {
            "category": "physical_activity",
            "title": "Modified PE",
            "details": "Walks the laps.",
            "implementer": "pe_teacher",
        },
        format="json",
    )
    assert custom.status_code == 201
    incomplete = team.post(base + "draft/items/", {"title": "Something"}, format="json")
    assert set(incomplete.json()["field_errors"]) == {"category", "details", "implementer"}

    item_id = custom.json()["id"]
    changed = team.patch(
        base + f"draft/items/{item_id}/", {"details": "Walks two laps."}, format="json"
    )
    assert changed.json()["details"] == "Walks two laps."
    moved = team.post(base + f"draft/items/{item_id}/move/", {"direction": "up"}, format="json")
    assert [item["id"] for item in moved.json()["items"]][-2] == item_id

    past = team.post(
        base + "draft/publish/", {"review_date": timezone.localdate().isoformat()}, format="json"
    )
    assert past.status_code == 400
    assert "review_date" in past.json()["field_errors"]
    review = (timezone.localdate() + timedelta(days=120)).isoformat()
    published = team.post(base + "draft/publish/", {"review_date": review}, format="json")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert team.get(base + "draft/").status_code == 404

    school = api_as(nurse)
    assert school.get(base).json()["version"] == 2
    stale = school.post(base + "acknowledgements/", {"version": 1}, format="json")
    assert stale.status_code == 400
    read = school.post(
        base + "acknowledgements/", {"version": 2, "comment": "Where is the elevator key?"}
    )
    assert read.status_code == 201
    status = team.get(base + "acknowledgement-status/").json()
    assert [(row["user"]["id"], row["comment"]) for row in status] == [
        (nurse.pk, "Where is the elevator key?")
    ]
    assert api_as(guardian).get(base + "acknowledgements/").json()["results"] == []


def test_notes_reach_each_reader_by_visibility_and_are_saved_once_per_submission_key(
    api_as, psychologist, guardian, nurse, student
):
    team = api_as(psychologist)
    notes = url(f"students/{student.pk}/notes/")
    key = str(uuid.uuid4())
    for visibility in ("care_team", "family", "school"):
        body = {"body": f"For {visibility}", "visibility": visibility}
        if visibility == "school":
            body["submission_key"] = key
        assert team.post(notes, body, format="json").status_code == 201
    again = team.post(
        notes, {"body": "For school", "visibility": "school", "submission_key": key}, format="json"
    )
    assert again.status_code == 201
    assert CareNote.objects.filter(student=student).count() == 3

    def bodies(client):
        return sorted(row["body"] for row in client.get(notes).json()["results"])

    assert bodies(team) == ["For care_team", "For family", "For school"]
    assert bodies(api_as(guardian)) == ["For family", "For school"]
    assert bodies(api_as(nurse)) == ["For school"]

    school_note = CareNote.objects.get(body="For school")
    addendum = team.post(
        notes + f"{school_note.pk}/addenda/", {"body": "Also on Fridays."}, format="json"
    )
    assert [row["body"] for row in addendum.json()["addenda"]] == ["Also on Fridays."]
    CareNote.objects.filter(pk=school_note.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    late = team.patch(notes + f"{school_note.pk}/", {"body": "Changed"}, format="json")
    assert late.status_code == 400


def test_a_week_has_one_checkin_and_schools_read_only_the_message(api_as, guardian, nurse, student):
    family = api_as(guardian)
    path = url(f"students/{student.pk}/checkins/")
    answers = {
        "pain_now": 2,
        "pain_average": 3,
        "pain_worst": 5,
        "days_full": 5,
        "days_partial": 0,
        "days_missed": 0,
        "health_office_visits": 0,
        "sleep_quality": "good",
        "mood": 4,
        "message_to_school": "A good week.",
    }
    monday = monday_of(timezone.localdate()) - timedelta(weeks=1)
    first = family.post(path, {**answers, "week_of": monday.isoformat()}, format="json")
    assert first.status_code == 201
    wednesday = monday + timedelta(days=2)
    second = family.post(path, {**answers, "week_of": wednesday.isoformat()}, format="json")
    assert second.status_code == 400
    assert "week_of" in second.json()["field_errors"]
    future = family.post(
        path,
        {**answers, "week_of": (timezone.localdate() + timedelta(days=8)).isoformat()},
        format="json",
    )
    assert future.status_code == 400

    school = api_as(nurse)
    assert school.get(path).status_code == 404
    messages = school.get(url(f"students/{student.pk}/school-messages/")).json()["results"]
    assert messages == [
        {
            "id": first.json()["id"],
            "week_of": monday.isoformat(),
            "message_to_school": "A good week.",
            "created_at": first.json()["created_at"],
        }
    ]


def test_a_guardian_grants_and_revokes_a_schools_access(api_as, guardian, student, other_school):
    staff = factories.SchoolStaffFactory(school=other_school).user
    family = api_as(guardian)
    releases = url(f"students/{student.pk}/releases/")
    granted = family.post(
        releases,
        {
            "school": other_school.pk,
            "scopes": ["plan"],
            "starts_at": timezone.now().isoformat(),
            "expires_at": (timezone.now() + timedelta(days=60)).isoformat(),
        },
        format="json",
    )
    assert granted.status_code == 201
    assert granted.json()["scopes"] == ["plan"]
    assert granted.json()["status"] == "in_force"

    school = api_as(staff)
    student_view = school.get(url(f"students/{student.pk}/")).json()
    assert student_view["profile"] is None
    assert student_view["my_access"]["school_scopes"] == ["plan"]
    assert school.get(url(f"students/{student.pk}/plan/")).status_code == 200
    assert school.get(url(f"students/{student.pk}/notes/")).status_code == 404
    assert [row["id"] for row in school.get(releases).json()["results"]] == [granted.json()["id"]]

    revoked = family.post(releases + f"{granted.json()['id']}/revoke/")
    assert revoked.json()["status"] == "revoked"
    assert school.get(url(f"students/{student.pk}/")).status_code == 404
    assert school.get(url(f"students/{student.pk}/plan/")).status_code == 404


def test_a_guardian_shares_a_signed_letter_and_sees_its_access_log(
    api_as, guardian, psychologist, student, issued_letter, client
):
    family = api_as(guardian)
    shares = url(f"students/{student.pk}/letters/{issued_letter.pk}/shares/")
    created = family.post(
        shares,
        {
            "recipient_name": "Jordan Nurse",
            "recipient_email": "nurse@maplegrove.example",
            "recipient_role": "School nurse",
            "days": 14,
        },
        format="json",
    )
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    link = created.json()["url"]
    opened = client.get(urlsplit(link).path, follow=True)  # the recipient opens it
    assert opened.status_code == 200

    share_id = created.json()["id"]
    log = family.get(shares + f"{share_id}/accesses/").json()["results"]
    assert [row["kind"] for row in log] == ["opened"]
    assert "url" not in family.get(shares).json()["results"][0]

    assert family.post(shares + f"{share_id}/revoke/").json()["status"] == "revoked"
    revoke_letter = api_as(psychologist).post(
        url(f"students/{student.pk}/letters/{issued_letter.pk}/revoke/"),
        {"reason": "Replaced by the March plan."},
        format="json",
    )
    assert revoke_letter.json()["status"] == "revoked"
    assert (
        family.get(url(f"students/{student.pk}/letters/{issued_letter.pk}/pdf/")).status_code == 404
    )
