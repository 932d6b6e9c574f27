"""How API views reach a student: through the access module, never around it.

Reading something outside the reader's scope is a 404, exactly as on the pages. Changing
something is a 403 when the user can see the student but their role only reads (a guardian
and the plan draft, a school nurse and care notes), and a 404 when they cannot see the student.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied

from accommodations import selectors
from accommodations.models import Student
from accommodations.selectors import StudentAccess


class ReadOnlyRole(PermissionDenied):
    default_detail = _("Your role lets you read this student's record but not change this.")


def reading(request, student_id: int, capability: str | None = None) -> StudentAccess:
    """The reader's access to the student; Http404 without it (or without `capability`)."""
    return selectors.access_student(user=request.user, student_id=student_id, capability=capability)


def writing(request, student_id: int, capability: str | None) -> StudentAccess:
    """The writer's access; Http404 if they cannot see the student, 403 if they only read
    (and always 403 without a `capability`: then nobody may change this)."""
    access = selectors.access_student(user=request.user, student_id=student_id)
    if capability is None or not getattr(access, capability):
        raise ReadOnlyRole()
    return access


class StudentScoped:
    """Mixin for views under /students/{student_id}/: `read_capability` gates reading,
    `write_capability` gates every other method. List views name their `model` and return
    what the reader may see from `visible(access)`."""

    read_capability: str | None = None
    write_capability: str | None = None
    model = Student  # what the list holds; the schema reads it

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The method first: it depends on the address alone, so a 405 tells nobody anything.
        if not self.answers(request.method):
            raise MethodNotAllowed(request.method)
        # Then access, before anything else: someone outside the student's scope learns
        # nothing, not even whether their request body would have been valid.
        self.get_access()

    def answers(self, method: str) -> bool:
        """Whether the view has a handler for `method` (OPTIONS only with metadata)."""
        name = method.lower()
        if name not in self.http_method_names or not hasattr(self, name):
            return False
        return name != "options" or self.metadata_class is not None

    def visible(self, access: StudentAccess):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the schema, not a request
            return self.model.objects.none()
        return self.visible(self.get_access())

    def get_access(self) -> StudentAccess:
        if getattr(self, "_access", None) is None:
            student_id = self.kwargs["student_id"]
            if self.request.method in ("GET", "HEAD", "OPTIONS"):
                self._access = reading(self.request, student_id, self.read_capability)
            else:
                self._access = writing(self.request, student_id, self.write_capability)
        return self._access
