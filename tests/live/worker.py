"""A real `celery -A portal worker` process on a real Redis broker, for tests that kill it.

Each test run gets its own key prefix on the broker (kombu's global_keyprefix: every queue,
the unacked hash and its index), so runs never see each other's messages.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
QUEUE = "celery"
VISIBILITY_TIMEOUT_SECONDS = 8
READY_TIMEOUT_SECONDS = 60


def transport_options(prefix: str) -> dict:
    return {
        "global_keyprefix": prefix,
        # Short, so a message left unacknowledged by a killed worker comes back within the
        # test; still longer than any task the live tests run.
        "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


@dataclass
class LiveBroker:
    url: str
    prefix: str = field(default_factory=lambda: f"portal-test-{uuid.uuid4().hex[:10]}:")

    @property
    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def queued(self) -> int:
        return self.client.llen(self.prefix + QUEUE)

    def unacknowledged(self) -> int:
        return self.client.hlen(self.prefix + "unacked")

    def is_idle(self) -> bool:
        return self.queued() == 0 and self.unacknowledged() == 0

    def wait_until_idle(self, timeout: float = 60, settle: float = 1.0) -> bool:
        """Wait until no message is queued or in a worker's hands for `settle` seconds."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.is_idle():
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= settle:
                    return True
            else:
                idle_since = None
            time.sleep(0.1)
        return False

    def forget_everything(self) -> None:
        client = self.client
        for key in client.scan_iter(match=self.prefix + "*"):
            client.delete(key)


class WorkerProcess:
    """One worker: its main process and its pool children, in their own process group."""

    def __init__(self, *, env: dict, log_path: Path, ready_path: Path, concurrency: int):
        self.log_path = log_path
        self.ready_path = ready_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in kill()
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "portal",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=live-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready_path.exists():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"the worker did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def child_with_connection_from(self, local_port: int) -> psutil.Process | None:
        """The pool child whose TCP connection leaves from this local port."""
        for child in self.children():
            try:
                connections = child.net_connections(kind="tcp")
            except psutil.NoSuchProcess:
                continue
            if any(conn.laddr and conn.laddr.port == local_port for conn in connections):
                return child
        return None

    def kill_child_with_connection_from(self, local_port: int) -> int:
        """SIGKILL the pool child holding that connection (a send in progress); returns its pid."""
        child = self.child_with_connection_from(local_port)
        if child is None:
            raise AssertionError(f"no worker child holds a connection from {local_port}")
        child.kill()
        child.wait(timeout=10)
        return child.pid

    def kill(self) -> None:
        """SIGKILL the whole worker, main process and children, as a crash or OOM would."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)
        for child in self.children():
            child.kill()
        if not self._log.closed:
            self._log.close()
