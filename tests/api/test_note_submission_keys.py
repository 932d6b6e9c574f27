"""A submission key saves one note once: sent again with the same note it answers as the first
time; sent with anything else it is refused and saves nothing, through the API and the pages."""

import uuid

import pytest
from django.urls import reverse

from accommodations.models import CareNote
from tests import factories
from tests.api.conftest import generated_schema, url
from tests.api.test_errors import assert_error

REUSED = "This form was already used for another note. Reload the page and write it again."


@pytest.fixture
def second_student(clinic, psychologist):
    second = factories.StudentFactory(organization=clinic, first_name="Noor")
    factories.CareTeamMemberFactory(student=second, user=psychologist)
    return second


def _notes(student):
    return url(f"students/{student.pk}/notes/")


def _addenda(student, note_id):
    return url(f"students/{student.pk}/notes/{note_id}/addenda/")


def _note(body="Pacing is going well.", visibility="family", key=None):
    return {"body": body, "visibility": visibility, "submission_key": str(key or uuid.uuid4())}


def _conflict(response):
    body = assert_error(response, 409, "conflict")
    assert body["field_errors"] == {"submission_key": [REUSED]}


def test_the_same_note_sent_twice_with_its_key_is_saved_once_and_answered_alike(
    api_as, psychologist, student
):
    client = api_as(psychologist)
    note = _note()

    first = client.post(_notes(student), note, format="json")
    again = client.post(_notes(student), {**note, "body": f"  {note['body']}\n"}, format="json")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert CareNote.objects.filter(student=student).count() == 1


def test_the_key_with_another_text_is_a_409_and_keeps_the_first_note(api_as, psychologist, student):
    client = api_as(psychologist)
    key = uuid.uuid4()
    first = client.post(_notes(student), _note("First words", key=key), format="json").json()

    _conflict(client.post(_notes(student), _note("Other words", key=key), format="json"))
    _conflict(client.post(_notes(student), _note("First words", "school", key=key), format="json"))

    assert list(CareNote.objects.values_list("id", "body", "visibility")) == [
        (first["id"], "First words", "family")
    ]


def test_the_key_for_another_student_is_a_409_and_saves_nothing(
    api_as, psychologist, student, second_student
):
    client = api_as(psychologist)
    note = _note()
    assert client.post(_notes(student), note, format="json").status_code == 201

    _conflict(client.post(_notes(second_student), note, format="json"))

    assert not CareNote.objects.filter(student=second_student).exists()


def test_a_colleague_reusing_my_key_learns_nothing_about_my_note(
    api_as, psychologist, student, clinic
):
    colleague = factories.ClinicianFactory(organization=clinic)
    factories.CareTeamMemberFactory(student=student, user=colleague, role="physician")
    note = _note("About Mia's week")
    assert api_as(psychologist).post(_notes(student), note, format="json").status_code == 201

    response = api_as(colleague).post(_notes(student), note, format="json")

    _conflict(response)
    assert "Mia" not in response.content.decode()
    assert CareNote.objects.count() == 1


def test_a_notes_key_cannot_be_used_for_an_addendum_nor_an_addendums_for_a_note(
    api_as, psychologist, student
):
    client = api_as(psychologist)
    note = _note("The note")
    note_id = client.post(_notes(student), note, format="json").json()["id"]
    addendum = {"body": "The correction", "submission_key": str(uuid.uuid4())}
    assert client.post(_addenda(student, note_id), addendum, format="json").status_code == 201

    # The same text with the other kind's key, and the same key on another note.
    _conflict(
        client.post(
            _addenda(student, note_id),
            {"body": "The note", "submission_key": note["submission_key"]},
            format="json",
        )
    )
    _conflict(
        client.post(
            _notes(student),
            _note("The correction", key=addendum["submission_key"]),
            format="json",
        )
    )
    other_id = client.post(_notes(student), _note("Another note"), format="json").json()["id"]
    _conflict(client.post(_addenda(student, other_id), addendum, format="json"))

    assert CareNote.objects.count() == 3


def test_an_addendum_sent_twice_with_its_key_is_saved_once(api_as, psychologist, student):
    client = api_as(psychologist)
    note_id = client.post(_notes(student), _note(), format="json").json()["id"]
    addendum = {"body": "Two days, not three.", "submission_key": str(uuid.uuid4())}

    first = client.post(_addenda(student, note_id), addendum, format="json")
    again = client.post(_addenda(student, note_id), addendum, format="json")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(again.json()["addenda"]) == 1


def test_the_schema_documents_the_conflict_on_both_operations():
    paths = generated_schema()["paths"]
    for path in (
        "/api/v1/students/{student_id}/notes/",
        "/api/v1/students/{student_id}/notes/{note_id}/addenda/",
    ):
        assert "409" in paths[path]["post"]["responses"], path


# The pages -------------------------------------------------------------------------------------


def _page(name, student, *args):
    return reverse(f"accommodations:{name}", args=[student.pk, *args])


def test_on_the_page_a_resent_form_saves_once_and_a_reused_one_is_refused_with_a_message(
    client_of, psychologist, student, second_student
):
    client = client_of(psychologist)
    form = _note("Rest after PE")

    assert client.post(_page("notes", student), form).status_code == 302
    assert client.post(_page("notes", student), form).status_code == 302
    for reused in (
        (_page("notes", student), {**form, "body": "Rest after lunch"}),
        (_page("notes", second_student), form),
    ):
        response = client.post(*reused)
        assert response.status_code == 400
        assert REUSED in response.content.decode()

    assert list(CareNote.objects.values_list("body", flat=True)) == ["Rest after PE"]


def test_on_the_page_a_notes_form_key_reused_for_an_addendum_is_refused_with_a_message(
    client_of, psychologist, student
):
    client = client_of(psychologist)
    form = _note("Rest after PE")
    client.post(_page("notes", student), form)
    note = CareNote.objects.get()

    response = client.post(
        _page("note_addendum", student, note.pk),
        {"body": "Rest after PE", "submission_key": form["submission_key"]},
    )

    assert response.status_code == 400
    assert REUSED in response.content.decode()
    assert CareNote.objects.count() == 1
