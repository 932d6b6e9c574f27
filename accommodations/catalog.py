"""Loading the starting accommodation catalog into a clinic's library."""

from django.db import transaction

from accommodations.catalog_data import CATALOG
from accommodations.models import AccommodationTemplate


@transaction.atomic
def load_catalog(*, organization) -> int:
    """Add the starting accommodations the clinic does not have yet; returns how many were added.

    Idempotent: entries are matched by code, and entries the clinic has edited are left alone.
    """
    existing = set(
        AccommodationTemplate.objects.filter(organization=organization).values_list(
            "code", flat=True
        )
    )
    new = [
        AccommodationTemplate(organization=organization, **entry)
        for entry in CATALOG
        if entry["code"] not in existing
    ]
    AccommodationTemplate.objects.bulk_create(new)
    return len(new)
