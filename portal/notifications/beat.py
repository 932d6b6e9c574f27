"""Exactly one beat: a beat process holds a lock for as long as it runs, and a second one
refuses to start.

On PostgreSQL the lock is a session advisory lock on a connection of the beat's own, so it is
shared by every machine using the database and released by the server when the process dies.
On SQLite (one machine) it is an exclusive lock on a file next to the database. Ticks are
idempotent anyway, so two beats would not send anything twice; the lock keeps the schedule
from doing all its work twice.
"""

import fcntl
import logging
import os
from pathlib import Path

from celery.signals import beat_init
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# An arbitrary constant naming "the portal's beat" among advisory locks.
ADVISORY_LOCK_KEY = 7_401_288_312

_held = []  # keeps the lock's connection or file open for the life of the process


class AnotherBeatIsRunning(Exception):
    pass


def claim_the_only_beat():
    """Take the beat lock for this process, or raise AnotherBeatIsRunning; returns what holds
    the lock (closing it releases the lock)."""
    if connections["default"].vendor == "postgresql":
        holder = connections.create_connection("default")
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            (taken,) = cursor.fetchone()
        if not taken:
            holder.close()
            raise AnotherBeatIsRunning("another beat holds the advisory lock in the database")
        return holder
    path = Path(settings.VAR_DIR) / "beat.lock"
    lock_file = open(path, "a+")  # noqa: SIM115 - held open for the life of the beat
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock_file.close()
        raise AnotherBeatIsRunning(f"another beat holds {path}") from None
    lock_file.seek(0)
    lock_file.truncate()
    lock_file.write(str(os.getpid()))
    lock_file.flush()
    return lock_file


@beat_init.connect
def _refuse_a_second_beat(**kwargs) -> None:
    try:
        _held.append(claim_the_only_beat())
    except AnotherBeatIsRunning as error:
        logger.critical("Another beat is already running (%s). Run exactly one beat.", error)
        raise SystemExit(1) from None
    logger.info("This is the portal's only beat.")
