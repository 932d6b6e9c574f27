"""The beat schedule of the portal, kept in the database (django-celery-beat) so it shows in
the admin. A migration writes it on `migrate`; `manage.py setup_schedules` writes it again.

Run exactly one beat: `manage.py serve` starts one next to the worker. Every task below is
idempotent, so a tick that runs twice (a second beat started by mistake, a redelivered
message) sends nothing twice, but each extra beat still doubles the work.
"""

import json

from django.conf import settings
from django.utils import timezone

# name: (task, schedule, description). A schedule is {"every": seconds} or crontab fields.
SCHEDULES = {
    "Notifications: send what is due": (
        "notifications.send_due_notifications",
        {"every": 60},
        "Queues e-mail whose quiet hours ended, retries that are due, and any whose task was "
        "lost. Safe to run often.",
    ),
    "Notifications: daily and weekly summaries": (
        "notifications.queue_digests",
        {"minute": "*/15", "hour": "*", "day_of_week": "*"},
        "Every 15 minutes, creates the summaries due at that moment in each person's time "
        "zone (at most one per person and period).",
    ),
    "Reminders: weekly check-in": (
        "notifications.remind_checkins",
        {"minute": "0", "hour": "15", "day_of_week": "5"},
        "Friday afternoon: guardians who have not sent this week's update.",
    ),
    "Reminders: plan acknowledgements and escalation": (
        "notifications.remind_acknowledgements",
        {"minute": "30", "hour": "7", "day_of_week": "1-5"},
        "School mornings: staff who have not read the current plan after 2 and 5 school days; "
        "after 7, the psychologist is told.",
    ),
    "Reminders: plan reviews": (
        "notifications.remind_plan_reviews",
        {"minute": "0", "hour": "8", "day_of_week": "*"},
        "14 and 3 days before a plan's review date, to the psychologists.",
    ),
    "Notices: releases and letter links ending": (
        "notifications.notice_expiring_access",
        {"minute": "5", "hour": "*", "day_of_week": "*"},
        "Hourly: releases and letter links that end soon or have just ended.",
    ),
}


def ensure_schedules(*, periodic_task, crontab_schedule, interval_schedule, periodic_tasks) -> int:
    """Create or update the portal's periodic tasks; idempotent. Takes the model classes so a
    migration can pass its historical models. Returns how many tasks it wrote."""
    zone = getattr(settings, "CELERY_TIMEZONE", None) or settings.TIME_ZONE
    for name, (task, schedule, description) in SCHEDULES.items():
        fields = {"interval": None, "crontab": None}
        if "every" in schedule:
            fields["interval"], _ = interval_schedule.objects.get_or_create(
                every=schedule["every"], period="seconds"
            )
        else:
            fields["crontab"], _ = crontab_schedule.objects.get_or_create(
                minute=schedule["minute"],
                hour=schedule["hour"],
                day_of_week=schedule["day_of_week"],
                day_of_month="*",
                month_of_year="*",
                timezone=zone,
            )
        defaults = {**fields, "task": task, "description": description}
        # An administrator may pause a task in the admin; writing the schedule again keeps that.
        periodic_task.objects.update_or_create(
            name=name,
            defaults=defaults,
            create_defaults={
                **defaults,
                "args": json.dumps([]),
                "kwargs": json.dumps({}),
                "enabled": True,
            },
        )
    # Tell a running beat to reload: historical models send no signals.
    periodic_tasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return len(SCHEDULES)
