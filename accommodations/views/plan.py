"""Pages for families and schools (being written)."""

from django.http import Http404


def current_plan(request, **kwargs):
    raise Http404


def plan_version(request, **kwargs):
    raise Http404

