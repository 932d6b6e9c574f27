from django.db import migrations


def write_schedule(apps, schema_editor):
    from portal.notifications.schedules import ensure_schedules

    ensure_schedules(
        periodic_task=apps.get_model("django_celery_beat", "PeriodicTask"),
        crontab_schedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        interval_schedule=apps.get_model("django_celery_beat", "IntervalSchedule"),
        periodic_tasks=apps.get_model("django_celery_beat", "PeriodicTasks"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(write_schedule, migrations.RunPython.noop)]
