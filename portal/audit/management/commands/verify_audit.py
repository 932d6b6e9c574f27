"""Walk the audit log's hash chain; exit non-zero at the first row that does not hold."""

from django.core.management.base import BaseCommand, CommandError

from portal.audit import chain
from portal.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check that no audit event was changed, removed or inserted after it was written."

    def handle(self, *args, **options):
        rows = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
        try:
            found = chain.first_break(rows)
        finally:
            rows.close()  # stopping at a break must close PostgreSQL's server-side cursor now
        if found is not None:
            raise CommandError(
                f"The audit log does not hold at event {found.row_id}: {found.reason}."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(f"The audit log holds: {count} events, each linked to the one before.")
