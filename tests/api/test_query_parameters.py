"""Query parameters of every list: a value the API cannot use is a 400 naming the parameter,
never silently ignored, and the schema documents what each parameter takes."""

import re

import pytest

from tests.api.conftest import generated_schema, url
from tests.api.test_errors import assert_error


def _refused(client, path, params, name):
    body = assert_error(client.get(url(path), params), 400, "invalid")
    assert list(body["field_errors"]) == [name], (path, params, body)
    assert body["field_errors"][name][0]


# Every list of the API.
LISTS = [
    "students/",
    "schools/",
    "catalog/",
    "notifications/",
    "students/{student_id}/plan/versions/",
    "students/{student_id}/plan/draft/items/",
    "students/{student_id}/plan/acknowledgements/",
    "students/{student_id}/notes/",
    "students/{student_id}/checkins/",
    "students/{student_id}/school-messages/",
    "students/{student_id}/releases/",
    "students/{student_id}/letter-templates/",
    "students/{student_id}/letters/",
    "students/{student_id}/letters/{letter_id}/shares/",
    "students/{student_id}/letters/{letter_id}/shares/{share_id}/accesses/",
]


@pytest.fixture(scope="module")
def documented():
    """Each list's query parameters, by name, as the schema documents them."""
    paths = generated_schema()["paths"]
    return {path: _query(paths, "/api/v1/" + path) for path in LISTS}


@pytest.fixture
def lists(api_records):
    """Each list's address with real ids, and its template."""
    return {
        re.sub(r"\{(\w+)\}", lambda match: str(api_records[match[1]][0]), path): path
        for path in LISTS
    }


def test_a_yes_no_filter_takes_true_false_1_or_0_and_nothing_else(
    api_as, psychologist, guardian, nurse, student, notify_about
):
    notify_about(guardian, student)
    client = api_as(guardian)
    releases = f"students/{student.pk}/releases/"
    for value in ("maybe", "yes", "on", "True", "", " 1", "2"):
        _refused(client, releases, {"in_force": value}, "in_force")
        _refused(client, "notifications/", {"unread": value}, "unread")
        _refused(api_as(psychologist), "catalog/", {"is_active": value}, "is_active")
    for value, unread in (("true", 1), ("1", 1), ("false", 1), ("0", 1)):
        response = client.get(url("notifications/"), {"unread": value})
        assert response.status_code == 200
        assert response.json()["count"] == unread
    assert client.get(url(releases), {"in_force": "0"}).json()["count"] == 0
    assert client.get(url(releases), {"in_force": "1"}).json()["count"] == 1


def test_unread_true_leaves_out_what_was_read(api_as, guardian, student, notify_about):
    notification = notify_about(guardian, student)
    client = api_as(guardian)
    client.post(url(f"notifications/{notification.pk}/read/"))
    assert client.get(url("notifications/"), {"unread": "true"}).json()["count"] == 0
    assert client.get(url("notifications/"), {"unread": "false"}).json()["count"] == 1


def test_every_list_refuses_an_ordering_it_does_not_name(api_as, psychologist, lists, documented):
    client = api_as(psychologist)
    for path, template in lists.items():
        if "ordering" not in documented[template]:
            continue
        for value in ("bogus", "-", "", "id;drop", "created_at,bogus"):
            _refused(client, path, {"ordering": value}, "ordering")


def test_every_list_refuses_a_page_size_past_the_cap_and_a_page_that_is_not_a_number(
    api_as, psychologist, lists
):
    client = api_as(psychologist)
    for path in lists:
        for value in ("201", "0", "-1", "ten", "1.5", "", "+5", "1e3", "9" * 5000):
            _refused(client, path, {"page_size": value}, "page_size")
        for value in ("0", "-1", "abc", "", "last", "2.0"):
            _refused(client, path, {"page": value}, "page")
        assert client.get(url(path), {"page_size": "200"}).status_code == 200, path
        assert client.get(url(path), {"page": "1", "page_size": "1"}).status_code == 200, path


def test_a_number_filter_refuses_words_and_a_date_filter_refuses_what_is_not_a_date(
    api_as, psychologist, student
):
    client = api_as(psychologist)
    s = f"students/{student.pk}/"
    _refused(client, "students/", {"school": "maple"}, "school")
    _refused(client, s + "plan/acknowledgements/", {"version": "three"}, "version")
    _refused(client, s + "plan/acknowledgements/", {"version": "+3"}, "version")
    _refused(client, s + "checkins/", {"week_from": "last week"}, "week_from")
    _refused(client, s + "notes/", {"created_after": "yesterday"}, "created_after")
    _refused(client, s + "notes/", {"visibility": "everyone"}, "visibility")
    _refused(client, s + "letters/", {"status": "7"}, "status")
    _refused(client, "notifications/", {"kind": "42"}, "kind")
    _refused(client, "catalog/", {"category": "3"}, "category")


def test_well_formed_filters_still_filter(api_as, psychologist, student):
    client = api_as(psychologist)
    rows = client.get(
        url("students/"), {"school": student.school_id, "ordering": "-grade,last_name"}
    )
    assert [row["id"] for row in rows.json()["results"]] == [student.pk]
    catalog = client.get(url("catalog/"), {"is_active": "true", "ordering": "-title"})
    assert catalog.status_code == 200


def test_the_schema_documents_each_query_parameter_as_the_api_reads_it():
    paths = generated_schema()["paths"]
    yes_no = {"type": "string", "enum": ["true", "1", "false", "0"]}
    releases = _query(paths, "/api/v1/students/{student_id}/releases/")
    assert releases["in_force"]["schema"] == yes_no
    assert releases["school"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert releases["ordering"]["schema"]["pattern"].startswith("^-?(?:created_at|")
    assert _query(paths, "/api/v1/notifications/")["unread"]["schema"] == yes_no
    assert _query(paths, "/api/v1/catalog/")["is_active"]["schema"] == yes_no
    for path in LISTS:
        parameters = _query(paths, "/api/v1/" + path)
        if "page_size" in parameters:
            assert parameters["page_size"]["schema"] == {
                "type": "integer",
                "minimum": 1,
                "maximum": 200,
            }, path
            assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}, path


def _query(paths, path) -> dict[str, dict]:
    return {p["name"]: p for p in paths[path]["get"].get("parameters", []) if p["in"] == "query"}
