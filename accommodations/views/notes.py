"""Pages for the care team (being written)."""

from django.http import Http404


def notes(request, **kwargs):
    raise Http404


def edit_note(request, **kwargs):
    raise Http404


def add_addendum(request, **kwargs):
    raise Http404

