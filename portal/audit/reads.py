"""Reads are recorded where access is granted, once a request, for pages and API alike.

This module only collects; portal.audit.middleware.record_reads writes. The domain's access check (accommodations.selectors.access_student) notes each student it lets
a reader see, and each look-up it refuses; list pages note the students they list. The middleware writes one audit event a student when the answer went out (status
below 400), unless the request already recorded an event about that student (a write: the
service's own event says more). A view can make the noted read more precise (which letter,
which plan version) with `note_read(..., precise=True)`; it cannot make it disappear.

Refused look-ups (the access rule's 404s) are recorded too, and a burst of them from one person
raises an alert for the clinic administrators.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class _Read:
    actor: object
    student: object
    action: str
    target: object = None
    extra: dict = field(default_factory=dict)
    precise: bool = False


@dataclass
class _List:
    actor: object
    action: str
    student_ids: list[int]


@dataclass
class RequestLog:
    reads: dict[int, _Read] = field(default_factory=dict)
    lists: dict[str, _List] = field(default_factory=dict)
    refusals: dict[int | None, tuple[object, object]] = field(default_factory=dict)
    recorded: set[int] = field(default_factory=set)


_current: ContextVar[RequestLog | None] = ContextVar("audit_request_log", default=None)


def note_read(*, actor, student, action, target=None, extra=None, precise=False) -> None:
    """Note that `actor` is being shown `student`'s record; written when the answer goes out.

    Outside a request (tasks, commands) nothing is noted: no one is reading.
    """
    log = _current.get()
    if log is None or not getattr(actor, "is_authenticated", False):
        return
    noted = log.reads.get(student.pk)
    if noted is not None and noted.precise and not precise:
        return
    log.reads[student.pk] = _Read(actor, student, action, target, dict(extra or {}), precise)


def note_list(*, actor, action, student_ids: Iterable[int]) -> None:
    """Note that `actor` is being shown a list of students (names, plan status)."""
    log = _current.get()
    if log is None or not getattr(actor, "is_authenticated", False):
        return
    log.lists[action] = _List(actor, action, sorted(set(student_ids)))


def note_refused(*, actor, student=None, student_id=None) -> None:
    """Note that the access rule refused `actor` a student's page or record."""
    log = _current.get()
    if log is None or not getattr(actor, "is_authenticated", False):
        return
    key = student.pk if student is not None else student_id
    log.refusals[key] = (actor, student)


def recorded(student_id: int) -> None:
    """An event about this student was written in this request: no separate read is needed."""
    log = _current.get()
    if log is not None:
        log.recorded.add(student_id)


@contextmanager
def collecting() -> Iterator[RequestLog]:
    """Collect what one request notes; the middleware writes it when the answer is out."""
    log = RequestLog()
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)
