from django.core.management.base import BaseCommand

from accommodations.catalog import load_catalog
from portal.accounts.models import Organization


class Command(BaseCommand):
    help = "Add the starting accommodation catalog to every clinic that lacks some of it."

    def handle(self, *args, **options) -> None:
        for organization in Organization.objects.all():
            added = load_catalog(organization=organization)
            self.stdout.write(f"{organization.name}: {added} accommodations added to the catalog")
