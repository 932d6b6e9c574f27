from django.core.management.base import BaseCommand
from django_celery_beat.models import (
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    PeriodicTasks,
)

from portal.notifications.schedules import ensure_schedules


class Command(BaseCommand):
    help = (
        "Write the portal's beat schedule (digests, reminders, expiry) to the database; idempotent."
    )

    def handle(self, *args, **options):
        count = ensure_schedules(
            periodic_task=PeriodicTask,
            crontab_schedule=CrontabSchedule,
            interval_schedule=IntervalSchedule,
            periodic_tasks=PeriodicTasks,
        )
        self.stdout.write(f"{count} periodic tasks are scheduled; see them in the admin.")
