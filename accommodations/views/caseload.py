"""Pages for the care team (being written)."""

from django.http import Http404


def caseload(request, **kwargs):
    raise Http404

