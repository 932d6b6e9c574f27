"""Benchmark of the weekly digest: enqueue time, delivery time, queries per digest, duplicates.

    python bench/digests.py            (10,000 recipients; BENCH_RECIPIENTS to change)

Seeds a fresh PostgreSQL database with recipients and a week of held e-mail each, starts one
Celery worker with 2 pool processes on Redis and an SMTP sink on loopback, runs the weekly
digest tick for 100 recipients and then for 10,000, and finally runs the same tick again. The
worker counts the database queries of every digest task. The last line reads:

    enqueue_s=E deliver_s=D queries_per_digest=Q duplicates=N

Targets: enqueue under 5 s, every digest delivered within 120 s, Q the same at 100 and at
10,000 recipients, and 0 duplicates when the tick runs twice.

Environment: BENCH_DATABASE_URL (a PostgreSQL database the bench may drop and create,
default postgres://postgres@127.0.0.1:5432/portal_bench_digests) and BENCH_REDIS_URL (default
redis://127.0.0.1:6379/14; every key is under a prefix of this run and deleted at the end).

The worker imports this module (`celery -A bench.digests worker`) to count its queries.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

SMALL = 100
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
DAYS = 7
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
KINDS = ("plan_published", "note_shared", "letter_signed", "checkin_reminder", "share_opened")
DIGEST_TASK = "notifications.send_notifications"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_digests"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


# In the worker process ----------------------------------------------------------------------


def _count_queries_in_worker(app) -> None:
    """Count the queries of each digest task in Redis (under the run's prefix)."""
    import redis
    from celery.signals import task_postrun, task_prerun, worker_ready
    from django.db import connection

    prefix = os.environ["BENCH_DIGESTS_PREFIX"]
    app.conf.broker_transport_options = {"global_keyprefix": prefix, "visibility_timeout": 3600}
    state = {"queries": 0}

    def count(execute, sql, params, many, context):
        state["queries"] += 1
        return execute(sql, params, many, context)

    @task_prerun.connect(weak=False)
    def start_counting(task=None, **kwargs):
        if task.name == DIGEST_TASK:
            state["queries"] = 0
            connection.execute_wrappers.append(count)

    @task_postrun.connect(weak=False)
    def stop_counting(task=None, args=None, **kwargs):
        if task.name != DIGEST_TASK:
            return
        connection.execute_wrappers.remove(count)
        client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
        pipe = client.pipeline()
        pipe.incrby(prefix + "bench:queries", state["queries"])
        pipe.incrby(prefix + "bench:digests", len(args[0]))
        pipe.execute()

    @worker_ready.connect(weak=False)
    def say_ready(**kwargs):
        Path(os.environ["BENCH_WORKER_READY_FILE"]).touch()


if __name__ != "__main__" and os.environ.get("BENCH_DIGESTS_PREFIX"):
    from portal.celery import app

    _count_queries_in_worker(app)


# In the bench process -----------------------------------------------------------------------


class SmtpSink:
    """An SMTP server on loopback that counts messages per Message-ID and per recipient."""

    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self.lock = threading.Lock()
        self.message_ids: dict[str, int] = {}
        self.digests = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                content = envelope.original_content or envelope.content
                found = re.search(rb"^Message-ID: (\S+)", content, re.M | re.I)
                message_id = found.group(1).decode() if found else ""
                is_digest = b"summary from the pain team portal" in content
                with sink.lock:
                    sink.message_ids[message_id] = sink.message_ids.get(message_id, 0) + 1
                    sink.digests += is_digest
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def delivered_digests(self) -> int:
        with self.lock:
            return self.digests

    def repeated(self) -> int:
        with self.lock:
            return sum(count - 1 for count in self.message_ids.values())


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def seed(*, count: int, first: int, now) -> None:
    """`count` guardians, each of one student, with a week of held weekly e-mail (and the
    same messages in the portal), due for their weekly digest at `now` in their time zone."""
    from zoneinfo import ZoneInfo

    from django.db import connection

    from accommodations.models import Guardianship, Student
    from portal.accounts.models import Organization, User
    from portal.notifications.models import DeliverySchedule, Notification

    clinic, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench clinic"})
    numbers = range(first, first + count)
    users = User.objects.bulk_create(
        [
            User(
                email=f"parent{n}@bench.example",
                full_name=f"Parent {n}",
                password="!",
                time_zone=ZONES[n % len(ZONES)],
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    students = Student.objects.bulk_create(
        [
            Student(
                organization=clinic,
                first_name=f"Kid{n}",
                last_name="Bench",
                date_of_birth=date(2012, 1, 1),
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    Guardianship.objects.bulk_create(
        [Guardianship(guardian=u, student=s) for u, s in zip(users, students, strict=True)],
        batch_size=2000,
    )
    schedules = []
    for user in users:
        local = now.astimezone(ZoneInfo(user.time_zone))
        schedules.append(
            DeliverySchedule(user=user, digest_hour=local.hour, weekly_day=local.weekday())
        )
    DeliverySchedule.objects.bulk_create(schedules, batch_size=2000)
    rows = []
    for user, student in zip(users, students, strict=True):
        for day in range(DAYS):
            kind = KINDS[(user.pk + day) % len(KINDS)]
            common = {
                "recipient": user,
                "kind": kind,
                "dedupe_key": f"bench:d{day}:{kind}:s{student.pk}:u{user.pk}",
                "student": student,
                "params": {
                    "student": student.first_name,
                    "version": day + 1,
                    "recipient": "Ms. Lee",
                },
                "url": f"/students/{student.pk}/",
            }
            rows.append(Notification(**common, channel="in_app", status="sent", sent_at=now))
            rows.append(Notification(**common, channel="email", status="held", frequency="weekly"))
    Notification.objects.bulk_create(rows, batch_size=5000)
    for day in range(DAYS):
        Notification.objects.filter(
            dedupe_key__startswith=f"bench:d{day}:", recipient__in=users
        ).update(created_at=now - timedelta(days=DAYS - day, hours=1))
    # A week of activity arrives over a week, and autovacuum keeps the planner's statistics
    # current meanwhile; after a bulk load they must be gathered by hand.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def start_worker(env: dict, workdir: Path) -> subprocess.Popen:
    ready = workdir / "worker.ready"
    log = open(workdir / "worker.log", "wb")  # noqa: SIM115 - written until the worker ends
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "bench.digests",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env={**env, "BENCH_WORKER_READY_FILE": str(ready)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the worker did not start:\n" + (workdir / "worker.log").read_text())
        time.sleep(0.1)
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop the worker and its pool processes (they share its process group)."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def run_tick(*, now, sink: SmtpSink, expected_total: int, client, prefix: str):
    """Run the digest tick at `now`; returns (enqueue seconds, delivery seconds, queries per
    digest counted by the worker)."""
    from portal.notifications import services

    client.delete(prefix + "bench:queries", prefix + "bench:digests")
    started = time.perf_counter()
    created = services.queue_digests(now=now)
    enqueue_s = time.perf_counter() - started
    if not wait_for(lambda: sink.delivered_digests() >= expected_total, timeout=600):
        raise SystemExit(f"only {sink.delivered_digests()} of {expected_total} digests arrived")
    deliver_s = time.perf_counter() - started
    wait_for(lambda: int(client.get(prefix + "bench:digests") or 0) >= len(created), timeout=30)
    queries = int(client.get(prefix + "bench:queries") or 0)
    digests = int(client.get(prefix + "bench:digests") or 0)
    return enqueue_s, deliver_s, queries / max(digests, 1), len(created)


def main() -> None:
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("BENCH_DATABASE_URL must name a PostgreSQL database the bench may drop")
    prefix = f"bench-digests-{uuid.uuid4().hex[:8]}:"
    workdir = Path(tempfile.mkdtemp(prefix="bench-digests-"))
    sink = SmtpSink()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "BENCH_DIGESTS_PREFIX": prefix,
        "DEBUG": "false",
        "SECRET_KEY": "bench-digests-only",
        "PORTAL_VAR_DIR": str(workdir / "var"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    env.pop("CACHE_URL", None)
    os.environ.update(env)
    recreate_database(database_url)

    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.utils import timezone

    from portal.celery import app
    from portal.notifications import services
    from portal.notifications.models import Notification

    app.conf.broker_transport_options = {"global_keyprefix": prefix, "visibility_timeout": 3600}
    client = redis.Redis.from_url(redis_url)
    call_command("migrate", verbosity=0)
    sink.controller.start()
    worker = start_worker(env, workdir)
    try:
        seed(count=SMALL, first=0, now=timezone.now())
        _, _, small_queries, _ = run_tick(
            now=timezone.now(), sink=sink, expected_total=SMALL, client=client, prefix=prefix
        )
        print(f"{SMALL} recipients: queries_per_digest={small_queries:.1f}")

        seeding = time.perf_counter()
        seed(count=RECIPIENTS, first=SMALL, now=timezone.now())
        print(
            f"seeded {RECIPIENTS} recipients with {DAYS} held e-mails each "
            f"in {time.perf_counter() - seeding:.1f} s"
        )
        tick = timezone.now()
        enqueue_s, deliver_s, queries, created = run_tick(
            now=tick, sink=sink, expected_total=SMALL + RECIPIENTS, client=client, prefix=prefix
        )
        print(
            f"{created} digests: queries_per_digest={queries:.1f} (at {SMALL}: {small_queries:.1f})"
        )

        again = services.queue_digests(now=tick + timedelta(minutes=1))
        wait_for(lambda: client.llen(prefix + "celery") == 0, timeout=60)
        time.sleep(3)
        digest_rows = Notification.objects.filter(kind="digest").count()
        duplicates = sink.repeated() + (sink.delivered_digests() - (SMALL + RECIPIENTS))
        duplicates += digest_rows - (SMALL + RECIPIENTS)
        print(f"second tick created {len(again)} digests")
    finally:
        stop_worker(worker)
        sink.controller.stop()
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)
        from django.db import connections

        connections.close_all()
        drop_database(database_url)
    print(
        f"enqueue_s={enqueue_s:.2f} deliver_s={deliver_s:.1f} "
        f"queries_per_digest={queries:.1f} duplicates={duplicates}"
    )


if __name__ == "__main__":
    main()
