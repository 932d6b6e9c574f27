"""What every operation of the API documents: its request, its success, its errors, examples.

`documented(...)` wraps drf-spectacular's `extend_schema` and adds the refusals every
operation can answer (400, 401, 403, 404, 429) in the one error format, each with an example,
and the `Retry-After` header of a 429.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text=(
            "A stable, machine-readable reason: `invalid`, `not_authenticated`, "
            "`authentication_failed`, `permission_denied`, `not_found`, `method_not_allowed`, "
            "`conflict`, `parse_error`, `unsupported_media_type`, `not_acceptable`, "
            "`throttled` or `server_error`."
        )
    )
    detail = serializers.CharField(help_text="What went wrong, in words for a person.")
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=(
            "Messages per request field (nested fields joined with dots; refusals that concern "
            "no single field under `non_field_errors`). Empty unless the status is 400, or a "
            "409 that names the field it concerns."
        ),
    )


def _error(status: int, description: str, example: dict) -> OpenApiResponse:
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description,
        examples=[
            OpenApiExample(
                f"{status} example",
                value=example,
                response_only=True,
                status_codes=[str(status)],
            )
        ],
    )


ERRORS = {
    400: _error(
        400,
        "The request was understood but refused: a field to correct, or a rule of the portal "
        "(for example a week that already has an update). Nothing was changed.",
        {
            "status": 400,
            "code": "invalid",
            "detail": "The request has fields to correct; see field_errors.",
            "field_errors": {
                "week_of": ["An update for the week of 2026-03-02 has already been sent."]
            },
        },
    ),
    401: _error(
        401,
        "No credentials, or a token that is mistyped, expired or revoked.",
        {
            "status": 401,
            "code": "not_authenticated",
            "detail": "Authentication credentials were not provided.",
            "field_errors": {},
        },
    ),
    403: _error(
        403,
        "You can see this student, but your role only lets you read this, not change it "
        "(for example a guardian changing the plan draft, or a school nurse writing a note).",
        {
            "status": 403,
            "code": "permission_denied",
            "detail": "Your role lets you read this student's record but not change this.",
            "field_errors": {},
        },
    ),
    404: _error(
        404,
        "Not found, or outside what you may see: a student who is not yours answers exactly "
        "like one who does not exist.",
        {"status": 404, "code": "not_found", "detail": "Not found.", "field_errors": {}},
    ),
    429: _error(
        429,
        "Too many requests: more than your limit per minute (per person, or per client address "
        "for requests without valid credentials). Nothing was done; `Retry-After` says how "
        "many seconds to wait.",
        {
            "status": 429,
            "code": "throttled",
            "detail": "Request was throttled. Expected available in 12 seconds.",
            "field_errors": {},
        },
    ),
}

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[429],
    required=True,
    description="Seconds to wait before asking again.",
)

CONFLICT = _error(
    409,
    "The `submission_key` was already used for a different note (another student, another "
    "note to correct, or another text). Nothing was saved; send a new key for a new note. The "
    "same key with the same note answers as the first time, without saving it twice.",
    {
        "status": 409,
        "code": "conflict",
        "detail": "This form was already used for another note. Reload the page and write it "
        "again.",
        "field_errors": {
            "submission_key": [
                "This form was already used for another note. Reload the page and write it again."
            ]
        },
    },
)


NO_BODY = object()


def documented(
    *,
    summary: str,
    description: str = "",
    tags: list[str],
    responses: dict,
    request=NO_BODY,
    examples: list[OpenApiExample] | None = None,
    parameters: list | None = None,
    operation_id: str | None = None,
    methods: list[str] | None = None,
):
    """extend_schema for one operation, with the refusals every operation can answer."""
    all_responses = {**ERRORS, **responses}
    kwargs = {
        "summary": summary,
        "description": description,
        "tags": tags,
        "responses": dict(
            sorted(
                all_responses.items(),
                key=lambda item: str(item[0][0] if isinstance(item[0], tuple) else item[0]),
            )
        ),
        "examples": examples or [],
        "parameters": [*(parameters or []), RETRY_AFTER],
    }
    if request is not NO_BODY:
        kwargs["request"] = request  # None: the operation takes no body
    if operation_id is not None:
        kwargs["operation_id"] = operation_id
    if methods is not None:
        kwargs["methods"] = methods
    return extend_schema(**kwargs)
