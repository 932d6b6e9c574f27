"""Pages for families and schools (being written)."""

from django.http import Http404


def my_children(request, **kwargs):
    raise Http404


def checkins(request, **kwargs):
    raise Http404


def new_checkin(request, **kwargs):
    raise Http404


def releases(request, **kwargs):
    raise Http404


def grant_release(request, **kwargs):
    raise Http404


def revoke_release(request, **kwargs):
    raise Http404

