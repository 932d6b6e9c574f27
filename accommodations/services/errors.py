"""What every accommodations service shares: the refusal it raises and the per-student lock."""

from accommodations.models import Student


class ServiceError(Exception):
    """A refusal with a message for the user; `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def lock_student(student: Student) -> None:
    # Serialises concurrent writers of one student's plan (select_for_update is a no-op on
    # SQLite, where the IMMEDIATE transaction mode already serialises writers).
    Student.objects.select_for_update().filter(pk=student.pk).first()
