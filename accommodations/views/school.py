"""Pages for families and schools (being written)."""

from django.http import Http404


def my_students(request, **kwargs):
    raise Http404


def acknowledge(request, **kwargs):
    raise Http404


def school_updates(request, **kwargs):
    raise Http404

