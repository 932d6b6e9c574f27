"""The OpenAPI schema and the documentation pages: complete, served by the portal itself."""

import re

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import url

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_schema_is_openapi_3_and_covers_every_journey(schema):
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for expected in [
        "/api/v1/students/",
        "/api/v1/students/{student_id}/",
        "/api/v1/catalog/",
        "/api/v1/students/{student_id}/plan/",
        "/api/v1/students/{student_id}/plan/versions/",
        "/api/v1/students/{student_id}/plan/draft/",
        "/api/v1/students/{student_id}/plan/draft/items/",
        "/api/v1/students/{student_id}/plan/draft/publish/",
        "/api/v1/students/{student_id}/plan/acknowledgements/",
        "/api/v1/students/{student_id}/notes/",
        "/api/v1/students/{student_id}/checkins/",
        "/api/v1/students/{student_id}/releases/",
        "/api/v1/students/{student_id}/letters/",
        "/api/v1/students/{student_id}/letters/{letter_id}/preview/",
        "/api/v1/students/{student_id}/letters/{letter_id}/sign/",
        "/api/v1/students/{student_id}/letters/{letter_id}/pdf/",
        "/api/v1/students/{student_id}/letters/{letter_id}/revoke/",
        "/api/v1/students/{student_id}/letters/{letter_id}/shares/",
        "/api/v1/students/{student_id}/letters/{letter_id}/shares/{share_id}/revoke/",
        "/api/v1/students/{student_id}/letters/{letter_id}/shares/{share_id}/accesses/",
        "/api/v1/notifications/",
        "/api/v1/notifications/preferences/",
    ]:
        assert expected in paths


def test_every_operation_documents_its_refusals_a_summary_and_an_example(schema):
    """Including the rate limit's 429, with the `Retry-After` header."""
    for path, method, operation in operations(schema):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert {"400", "401", "403", "404", "429"} <= set(operation["responses"]), where
        assert "Retry-After" in operation["responses"]["429"]["headers"], where
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, where
        has_example = any(
            "examples" in content
            for response in operation["responses"].values()
            for content in response.get("content", {}).values()
        )
        assert has_example, where
        if method in {"post", "patch", "put"} and "requestBody" in operation:
            body = operation["requestBody"]["content"]["application/json"]
            assert "examples" in body or path.endswith("/read/"), where


def test_every_operation_needs_credentials_and_names_the_personal_token(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["personalToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["personalToken"]["description"],
    }
    for path, method, operation in operations(schema):
        requirements = operation.get("security", schema.get("security", []))
        assert requirements, (method, path)
        assert {} not in requirements, (method, path)  # no anonymous access
        assert {"personalToken": []} in requirements


def test_every_operation_refuses_a_request_without_credentials(schema, db):
    client = APIClient()
    for path, method, _operation in operations(schema):
        concrete = re.sub(r"\{[a-z_]+\}", "1", path)
        response = getattr(client, method)(concrete, {}, format="json")
        assert response.status_code == 401, (method, path)
        assert response.json()["code"] == "not_authenticated"


def test_the_guide_explains_tokens_errors_and_a_first_journey(schema):
    guide = schema["info"]["description"]
    for words in [
        "/profile/tokens/",
        "Authorization: Bearer",
        "/api/v1/students/7/plan/",
        "/api/v1/students/7/checkins/",
        "/pdf/",
        "404",
        "403",
        "field_errors",
    ]:
        assert words in guide


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_load_nothing_from_the_internet(client, page):
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    # No inline script runs: Swagger UI's start-up script is a file of its own.
    assert "script-src 'self';" in response["Content-Security-Policy"] + ";"
    scripts = re.findall(r"""<script src="(/api/[^"]+)">""", html)
    started = html + "".join(client.get(script).content.decode() for script in scripts)
    assert "/api/schema/" in started


def test_the_schema_can_be_read_without_signing_in(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert url("students/") in response.content.decode()
