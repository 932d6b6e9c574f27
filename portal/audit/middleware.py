"""Writes what a request noted through portal.audit.reads: one event a student shown, one a
list shown, one a refused look-up, and an alert when one person is refused many in a row."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from portal.audit import reads
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from portal.audit.services import record_burst_alert, record_event


def record_reads(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: collect what the request noted and write it to the audit log."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with reads.collecting() as log:
            response = get_response(request)
        _write(log, request, response)
        return response

    return middleware


def _where(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    return {
        "view": match.view_name if match is not None else "",
        "via": "api" if request.path.startswith("/api/") else "page",
    }


def _write(log: reads.RequestLog, request: HttpRequest, response: HttpResponse) -> None:
    where = _where(request)
    shown = response.status_code < 400 and request.method != "OPTIONS"
    if shown:
        for student_id, read in log.reads.items():
            if student_id in log.recorded:
                continue
            record_event(
                actor=read.actor,
                action=read.action,
                student=read.student,
                target=read.target,
                request=request,
                extra={**where, **read.extra},
            )
        for listed in log.lists.values():
            record_event(
                actor=listed.actor,
                action=listed.action,
                request=request,
                extra={**where, "students": listed.student_ids},
            )
    for student_id, (actor, student) in log.refusals.items():
        record_event(
            actor=actor,
            action=AuditAction.ACCESS_REFUSED,
            student=student,
            request=request,
            extra={**where, "student_id": student_id},
        )
        record_burst_alert(
            events=AuditEvent.objects.filter(actor=actor),
            counted=AuditAction.ACCESS_REFUSED,
            alert=AuditAction.ACCESS_REFUSALS_BURST,
            threshold=settings.AUDIT_REFUSALS_BURST,
            actor=actor,
            student=student,
            request=request,
        )
