"""Settings of the worker process the live tests start: the portal's own, on the test's
database and broker prefix, with short leases and retries so failures recover within a test."""

import os
from pathlib import Path

from celery.signals import worker_ready

from portal.settings import *  # noqa: F403
from tests.live.worker import transport_options

CELERY_BROKER_TRANSPORT_OPTIONS = transport_options(os.environ["LIVE_BROKER_PREFIX"])
NOTIFICATIONS_SEND_LEASE_SECONDS = 5
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = 1


@worker_ready.connect
def _say_ready(**kwargs):
    if os.environ.get("LIVE_WORKER_READY_FILE"):
        Path(os.environ["LIVE_WORKER_READY_FILE"]).touch()
