"""Pages for the care team (being written)."""

from django.http import Http404


def edit_plan(request, **kwargs):
    raise Http404


def add_item(request, **kwargs):
    raise Http404


def add_custom_item(request, **kwargs):
    raise Http404


def update_item(request, **kwargs):
    raise Http404


def remove_item(request, **kwargs):
    raise Http404


def move_item(request, **kwargs):
    raise Http404


def preview(request, **kwargs):
    raise Http404


def publish(request, **kwargs):
    raise Http404


def discard(request, **kwargs):
    raise Http404

