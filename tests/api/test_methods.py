"""A method an address does not have is a 405 in the error format, for every role, before any
question of access: it depends on the address alone."""

import re

import pytest

from tests.api.conftest import generated_schema
from tests.api.roles import ROLES, people
from tests.api.test_errors import assert_error

SCHEMA_METHODS = {"get", "post", "put", "patch", "delete"}
TRIED = ["TRACE", "POST", "PUT", "PATCH", "DELETE"]

# The read-only addresses, where a write once failed on the way to the access check.
READ_ONLY = [
    "students/{student_id}/plan/",
    "students/{student_id}/plan/versions/",
    "students/{student_id}/plan/versions/{version}/",
    "students/{student_id}/plan/acknowledgement-status/",
    "students/{student_id}/school-messages/",
    "students/{student_id}/letter-templates/",
    "students/{student_id}/checkins/{checkin_id}/",
]


@pytest.fixture(scope="module")
def documented_methods() -> dict[str, set[str]]:
    return {
        path.removeprefix("/api/v1/"): {method for method in item if method in SCHEMA_METHODS}
        for path, item in generated_schema()["paths"].items()
    }


def _address(path: str, ids: dict[str, list[int]]) -> str:
    return "/api/v1/" + re.sub(r"\{(\w+)\}", lambda match: str(ids[match[1]][0]), path)


def test_the_read_only_addresses_are_documented_for_reading_only(documented_methods):
    for path in READ_ONLY:
        assert documented_methods[path] == {"get"}, path


def test_an_unsupported_method_on_a_read_only_address_is_405_for_every_role(
    request, api_as, api_records
):
    for role, user in people(request, ROLES).items():
        client = api_as(user)
        for path in READ_ONLY:
            for method in TRIED:
                response = client.generic(method, _address(path, api_records))
                assert_error(response, 405, "method_not_allowed")
                assert method not in response["Allow"], (role, path)
                assert "GET" in response["Allow"], (role, path)


def test_every_address_answers_405_for_each_method_it_does_not_document(
    api_as, psychologist, guardian, nurse, api_records, documented_methods
):
    """The care team, the family and the school each reach every address of the student."""
    clients = [api_as(psychologist), api_as(guardian), api_as(nurse)]
    for path, methods in documented_methods.items():
        address = _address(path, api_records)
        for method in TRIED:
            if method.lower() in methods:
                continue
            for client in clients:
                assert_error(client.generic(method, address), 405, "method_not_allowed")


def test_a_405_does_not_depend_on_whether_the_student_exists(api_as, guardian, student):
    client = api_as(guardian)
    for student_id in (student.pk, student.pk + 1000):
        response = client.put(f"/api/v1/students/{student_id}/plan/")
        assert_error(response, 405, "method_not_allowed")


def test_without_credentials_an_unsupported_method_is_still_401(student):
    from rest_framework.test import APIClient

    response = APIClient().delete(f"/api/v1/students/{student.pk}/plan/versions/")
    assert_error(response, 401, "not_authenticated")


def test_a_supported_write_still_goes_through_the_access_check(
    api_as, student, nurse, other_guardian
):
    path = f"/api/v1/students/{student.pk}/notes/"
    body = {"body": "From school", "visibility": "school"}
    assert_error(api_as(nurse).post(path, body, format="json"), 403, "permission_denied")
    assert_error(api_as(other_guardian).post(path, body, format="json"), 404, "not_found")
