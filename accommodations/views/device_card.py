"""Pages for the care team (being written)."""

from django.http import Http404


def device_card(request, **kwargs):
    raise Http404


def edit_device_card(request, **kwargs):
    raise Http404

