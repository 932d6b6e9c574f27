"""Pages for the care team (being written)."""

from django.http import Http404


def student_detail(request, **kwargs):
    raise Http404

