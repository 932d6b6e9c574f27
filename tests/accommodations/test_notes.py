"""Care notes: who reads which, writing once, correcting in the grace period, addenda after."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accommodations.models import CareNote, Release
from portal.api import tokens
from tests import factories


def u(name, student, *args):
    return reverse(f"accommodations:{name}", args=[student.pk, *args])


@pytest.fixture
def notes(student, psychologist):
    return {
        visibility: factories.CareNoteFactory(
            student=student, author=psychologist, visibility=visibility, body=f"About {visibility}"
        )
        for visibility in CareNote.Visibility.values
    }


def _write(client, student, body="Pacing is going well.", visibility="family", key=None):
    return client.post(
        u("notes", student),
        {"body": body, "visibility": visibility, "submission_key": str(key or uuid.uuid4())},
    )


def test_every_outsider_gets_404(client_of, student, outsiders, notes):
    note = notes["school"]
    for who, user in outsiders.items():
        client = client_of(user)
        assert client.get(u("notes", student)).status_code == 404, who
        assert client.get(u("note_edit", student, note.pk)).status_code == 404, who
        assert client.get(u("note_addendum", student, note.pk)).status_code == 404, who
        assert _write(client, student).status_code == 404, who
    assert CareNote.objects.count() == 3


def test_the_care_team_reads_every_note_with_its_visibility(
    client_of, psychologist, student, notes
):
    page = client_of(psychologist).get(u("notes", student)).content.decode()

    for note in notes.values():
        assert note.body in page
    assert "Care team only" in page and "Shared with school" in page


def test_a_guardian_reads_family_and_school_notes_only(client_of, guardian, student, notes):
    page = client_of(guardian).get(u("notes", student)).content.decode()

    assert notes["family"].body in page and notes["school"].body in page
    assert notes["care_team"].body not in page
    assert "Write a note" not in page


def test_school_staff_read_school_notes_only_with_a_notes_release(client_of, nurse, student, notes):
    page = client_of(nurse).get(u("notes", student)).content.decode()
    assert notes["school"].body in page
    assert notes["family"].body not in page and notes["care_team"].body not in page

    Release.objects.filter(student=student).update(scope_notes=False)
    assert client_of(nurse).get(u("notes", student)).status_code == 404


def test_readers_cannot_write_notes(client_of, guardian, student):
    response = _write(client_of(guardian), student)

    assert response.status_code == 405
    assert not CareNote.objects.exists()


def test_a_note_sent_twice_is_saved_once(client_of, psychologist, student):
    client = client_of(psychologist)
    key = uuid.uuid4()

    _write(client, student, key=key)
    _write(client, student, key=key)

    assert CareNote.objects.filter(student=student).count() == 1


def test_an_empty_note_is_refused(client_of, psychologist, student):
    response = _write(client_of(psychologist), student, body="   ")

    assert response.status_code == 400
    assert not CareNote.objects.exists()


def test_an_unknown_visibility_is_refused(client_of, psychologist, student):
    response = _write(client_of(psychologist), student, visibility="everyone")

    assert response.status_code == 400
    assert not CareNote.objects.exists()


def test_the_author_can_correct_a_note_in_the_first_minutes(client_of, psychologist, student):
    client = client_of(psychologist)
    _write(client, student)
    note = CareNote.objects.get()

    response = client.post(u("note_edit", student, note.pk), {"body": "Pacing is going better."})

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Pacing is going better." and note.edited_at is not None


def test_after_the_grace_period_a_correction_becomes_an_addendum(client_of, psychologist, student):
    client = client_of(psychologist)
    _write(client, student)
    note = CareNote.objects.get()
    CareNote.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=20))

    response = client.post(u("note_edit", student, note.pk), {"body": "Changed"})

    assert response.status_code == 302
    assert response["Location"] == u("note_addendum", student, note.pk)
    note.refresh_from_db()
    assert note.body == "Pacing is going well."


def test_another_clinician_cannot_correct_my_note(client_of, student, psychologist, clinic):
    colleague = factories.ClinicianFactory(organization=clinic)
    factories.CareTeamMemberFactory(student=student, user=colleague, role="physician")
    note = factories.CareNoteFactory(student=student, author=psychologist, body="Mine")

    client_of(colleague).post(u("note_edit", student, note.pk), {"body": "Theirs"})

    note.refresh_from_db()
    assert note.body == "Mine"


def test_an_addendum_keeps_the_notes_visibility_and_shows_under_it(
    client_of, psychologist, guardian, student, notes
):
    client = client_of(psychologist)
    key = str(uuid.uuid4())
    address = u("note_addendum", student, notes["family"].pk)

    client.post(address, {"body": "Correction: two days, not three.", "submission_key": key})
    client.post(address, {"body": "Correction: two days, not three.", "submission_key": key})

    addendum = CareNote.objects.get(addendum_to=notes["family"])
    assert addendum.visibility == "family"
    page = client_of(guardian).get(u("notes", student)).content.decode()
    assert "Correction: two days, not three." in page


def test_a_note_of_another_student_cannot_be_reached_through_mine(
    client_of, psychologist, student, other_student
):
    foreign = factories.CareNoteFactory(student=other_student, visibility="school")

    client = client_of(psychologist)
    assert client.get(u("note_edit", student, foreign.pk)).status_code == 404
    assert client.get(u("note_addendum", student, foreign.pk)).status_code == 404


def test_the_timeline_is_paginated(client_of, psychologist, student):
    for n in range(25):
        factories.CareNoteFactory(student=student, author=psychologist, body=f"Note {n}")

    response = client_of(psychologist).get(u("notes", student), {"page": "2"})

    assert response.status_code == 200
    assert len(response.context["notes"]) == 5
    assert client_of(psychologist).get(u("notes", student), {"page": "abc"}).status_code == 200


def test_a_submission_key_reused_for_another_student_is_refused_and_saves_nothing(
    client_of, psychologist, student, clinic
):
    second = factories.StudentFactory(organization=clinic)
    factories.CareTeamMemberFactory(student=second, user=psychologist)
    client = client_of(psychologist)
    key = uuid.uuid4()
    assert _write(client, student, body="First note", key=key).status_code == 302

    response = _write(client, second, body="Second note", key=key)

    assert response.status_code == 400
    assert "already used for another note" in response.content.decode()
    assert "Second note" not in CareNote.objects.values_list("body", flat=True)


def test_the_api_refuses_a_submission_key_reused_for_another_student(psychologist, student, clinic):
    second = factories.StudentFactory(organization=clinic)
    factories.CareTeamMemberFactory(student=second, user=psychologist)
    client = APIClient()
    secret = tokens.issue_token(user=psychologist, name="sync", lifetime_days=30).secret
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    key = str(uuid.uuid4())
    body = {"body": "First", "visibility": "family", "submission_key": key}
    assert (
        client.post(f"/api/v1/students/{student.pk}/notes/", body, format="json").status_code == 201
    )

    response = client.post(
        f"/api/v1/students/{second.pk}/notes/", {**body, "body": "Second"}, format="json"
    )

    assert response.status_code in (400, 409)
    assert "submission_key" in response.json()["field_errors"]
    assert not CareNote.objects.filter(body="Second").exists()
