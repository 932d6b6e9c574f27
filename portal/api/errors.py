"""One error format for every API response that is not a success.

    {"status": 400, "code": "invalid", "detail": "…", "field_errors": {"week_of": ["…"]}}

`field_errors` is always present (empty unless the request had fields to correct, or a
conflict names the field it concerns); nested fields are named with dots, as in `items.0.title`.
"""

import logging
import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from accommodations.services import ServiceError
from accommodations.services.notes import SubmissionKeyReused

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


def _refusal_classes() -> tuple[type[Exception], ...]:
    """Service errors of every app: a refusal with a user-facing message and maybe a field."""
    classes: list[type[Exception]] = [ServiceError]
    try:
        from letters.services import LetterError
    except ImportError:  # pragma: no cover - the letters app is optional at import time
        pass
    else:
        classes.append(LetterError)
    try:
        from portal.notifications.services import PreferenceError
    except ImportError:  # pragma: no cover
        pass
    else:
        classes.append(PreferenceError)
    return tuple(classes)


def error_body(*, status_code: int, code: str, detail: str, field_errors=None) -> dict:
    return {
        "status": status_code,
        "code": code,
        "detail": str(detail),
        "field_errors": field_errors or {},
    }


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"dotted.field": ["message", ...]}."""
    flat: dict[str, list[str]] = {}

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            for index, inner in enumerate(value):
                if inner:
                    walk(inner, f"{path}.{index}" if path else str(index))
        elif isinstance(value, list):
            flat.setdefault(path or NON_FIELD, []).extend(str(v) for v in value)
        else:
            flat.setdefault(path or NON_FIELD, []).append(str(value))

    walk(errors, prefix)
    return flat


def _counted_as_anonymous(exc, context):
    """A request refused for its credentials counts against its client's anonymous limit
    (the limits run after authentication, so they would not see it): past the limit, a
    guesser of tokens meets 429 instead of another answer about the token."""
    from portal.api.throttling import ClientThrottle

    request = context.get("request")
    if request is None:
        return exc
    throttle = ClientThrottle()
    if throttle.allow_request(request, context.get("view")):
        return exc
    return exceptions.Throttled(wait=throttle.wait())


def api_exception_handler(exc, context):
    if isinstance(exc, SubmissionKeyReused):
        # Not a field to correct: the key already belongs to another submission.
        set_rollback()
        return Response(
            error_body(
                status_code=409,
                code="conflict",
                detail=exc.message,
                field_errors={exc.field or NON_FIELD: [str(exc.message)]},
            ),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, _refusal_classes()):
        field = getattr(exc, "field", None) or NON_FIELD
        exc = exceptions.ValidationError({field: [exc.message]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        exc = _counted_as_anonymous(exc, context)

    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return Response(
            error_body(
                status_code=400,
                code="invalid",
                detail=_("The request has fields to correct; see field_errors."),
                field_errors=_flatten(exc.detail),
            ),
            status=400,
        )

    response = exception_handler(exc, context)
    if response is None:
        # An unexpected failure: logged with its traceback, answered in the same format.
        set_rollback()
        logger.exception("API request failed", exc_info=exc)
        return Response(
            error_body(
                status_code=500,
                code="server_error",
                detail=_("Something went wrong on our side. Please try again later."),
            ),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if not isinstance(code, str):
        code = "error"
    response.data = error_body(
        status_code=response.status_code,
        code=code,
        detail=detail if isinstance(detail, str) else _("The request was refused."),
    )
    if isinstance(exc, exceptions.Throttled):
        response["Retry-After"] = str(max(1, math.ceil(exc.wait or 0)))
    return response


@csrf_exempt  # answers 404 to every method; nothing to protect, and no HTML refusal instead
def not_found(request, *args, **kwargs):
    """Unknown addresses under /api/ answer in the API's error format, not as a web page."""
    return JsonResponse(
        error_body(status_code=404, code="not_found", detail=_("Not found.")), status=404
    )
