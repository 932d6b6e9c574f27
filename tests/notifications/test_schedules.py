"""The beat schedule lives in the database, where the admin shows it."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from portal.celery import app as celery_app
from portal.notifications.schedules import SCHEDULES
from tests import factories

pytestmark = pytest.mark.django_db


def test_writing_the_schedule_twice_leaves_one_task_per_entry():
    call_command("setup_schedules")
    call_command("setup_schedules")

    tasks = PeriodicTask.objects.filter(name__in=SCHEDULES)
    assert tasks.count() == len(SCHEDULES) == 6
    assert {task.task for task in tasks} == {entry[0] for entry in SCHEDULES.values()}
    digests = tasks.get(task="notifications.queue_digests")
    assert digests.crontab.minute == "*/15"
    assert tasks.get(task="notifications.send_due_notifications").interval.every == 60


def test_a_task_paused_in_the_admin_stays_paused_when_the_schedule_is_written_again():
    call_command("setup_schedules")
    PeriodicTask.objects.filter(task="notifications.remind_checkins").update(enabled=False)

    call_command("setup_schedules")

    assert not PeriodicTask.objects.get(task="notifications.remind_checkins").enabled


def test_every_scheduled_task_is_a_task_the_worker_knows():
    celery_app.loader.import_default_modules()
    for task, _, _ in SCHEDULES.values():
        assert task in celery_app.tasks


def test_clinic_administrators_see_the_schedule_in_the_admin(client):
    call_command("setup_schedules")
    admin = factories.UserFactory(email="it@lakeside.example", is_staff=True, is_superuser=True)
    client.force_login(admin)

    page = client.get("/admin/django_celery_beat/periodictask/")

    assert page.status_code == 200
    for name in SCHEDULES:
        assert name in page.content.decode()
