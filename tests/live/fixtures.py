"""Fixtures with real processes and servers: an SMTP server on loopback, a Redis broker with a
key prefix of the test's own, and Celery worker processes on the test's database.

Import them into a conftest (`from tests.live.fixtures import *`) or list this module in
`pytest_plugins` of the top-level conftest.
"""

import os
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from tests.live.smtp import SmtpSink
from tests.live.worker import LiveBroker, WorkerProcess, transport_options

__all__ = [
    "live_broker",
    "live_database_url",
    "process_environment",
    "smtp_server",
    "start_worker",
]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that records what it accepts; see tests/live/smtp.py."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def _use_broker(url: str, options: dict) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = options
    # Connections are pooled per URL and options on first use; start from fresh pools so the
    # next publish goes to this broker and prefix.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def live_broker():
    """The configured Redis broker under a key prefix of this test's own (skips without
    Redis: the failure tests need a broker that redelivers what a dead worker held)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip(
            "live tests need CELERY_BROKER_URL=redis://…: the embedded file-system broker "
            "does not redeliver what a killed worker held, which these tests are about"
        )
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {url} is not reachable: {error}")
    broker = LiveBroker(url)
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    _use_broker(url, transport_options(broker.prefix))
    yield broker
    _use_broker(*previous)
    broker.forget_everything()


@pytest.fixture
def live_database_url(transactional_db) -> str:
    """A DATABASE_URL naming the test database, for another process to share it."""
    data = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip(
                "a worker process cannot share an in-memory SQLite database: set "
                "SQLITE_TEST_NAME to a file path, or DATABASE_URL to PostgreSQL"
            )
        return f"sqlite:///{Path(data['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(data["USER"] or "", safe="")
        if data["PASSWORD"]:
            credentials += ":" + quote(data["PASSWORD"], safe="")
        host = data["HOST"] or "127.0.0.1"
        port = data["PORT"] or "5432"
        return f"postgres://{credentials}@{host}:{port}/{data['NAME']}"
    pytest.skip(f"no live-worker support for {connection.vendor}")


@pytest.fixture
def process_environment(live_broker, live_database_url, smtp_server, tmp_path) -> dict:
    """The environment of a Celery process sharing the test's database, broker prefix and
    SMTP server (settings: tests/live/worker_settings.py)."""
    return {
        **_inherited_environment(),
        "DJANGO_SETTINGS_MODULE": "tests.live.worker_settings",
        "DATABASE_URL": live_database_url,
        "CELERY_BROKER_URL": live_broker.url,
        "LIVE_BROKER_PREFIX": live_broker.prefix,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "5",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


@pytest.fixture
def start_worker(request, process_environment, smtp_server, tmp_path):
    """Start `celery -A portal worker` processes on the test's database, broker prefix and
    SMTP server; every one is killed at teardown."""
    if request.node.get_closest_marker("live_worker") is None:
        raise pytest.UsageError("mark tests that start a worker with @pytest.mark.live_worker")
    workers: list[WorkerProcess] = []

    def start(*, concurrency: int = 2) -> WorkerProcess:
        number = len(workers) + 1
        ready = tmp_path / f"worker-{number}.ready"
        worker = WorkerProcess(
            env={**process_environment, "LIVE_WORKER_READY_FILE": str(ready)},
            log_path=tmp_path / f"worker-{number}.log",
            ready_path=ready,
            concurrency=concurrency,
        )
        workers.append(worker)
        worker.wait_until_ready()
        return worker

    yield start
    for worker in workers:
        worker.kill()
    smtp_server.release()


def _inherited_environment() -> dict:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "CACHE_URL", "SECRET_KEY", "TZ")
    return {name: os.environ[name] for name in keep if name in os.environ}
