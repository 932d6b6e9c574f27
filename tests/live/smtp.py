"""A real SMTP server on loopback (aiosmtpd) that records every message it accepts.

It can be told to stall in the middle of a conversation (before accepting a recipient, or
after accepting a message but before answering QUIT), so a test can kill a worker at that
exact point, and it can be stopped and started again on the same port.
"""

import asyncio
import email
import socket
import threading
import time
from collections import Counter
from email.message import Message

from aiosmtpd.controller import Controller

STALL_LIMIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[Message] = []
        self.refusal: str | None = None
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._stalls = {"rcpt": 0, "quit": 0}
        self._release = threading.Event()
        self.stalled = threading.Event()
        """Set when a conversation has reached a stall point and is waiting there."""
        self.stalled_peer: tuple | None = None
        """The client address (host, port) of the conversation that stalled."""

    # Running -----------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._controller is not None

    def start(self) -> "SmtpSink":
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        self.release()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # Steering a conversation -------------------------------------------------------------

    def stall_before_recipient(self, times: int = 1) -> None:
        """The next `times` conversations wait before accepting their recipient."""
        self._arm("rcpt", times)

    def stall_before_quit(self, times: int = 1) -> None:
        """The next `times` conversations wait after their message was accepted, at QUIT."""
        self._arm("quit", times)

    def _arm(self, stage: str, times: int) -> None:
        with self._lock:
            self._stalls[stage] = times
            self._release.clear()
            self.stalled.clear()

    def release(self) -> None:
        self._release.set()

    async def _maybe_stall(self, stage: str, session) -> None:
        with self._lock:
            if self._stalls[stage] <= 0:
                return
            self._stalls[stage] -= 1
        self.stalled_peer = session.peer
        self.stalled.set()
        deadline = time.monotonic() + STALL_LIMIT_SECONDS
        while not self._release.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    # What arrived ------------------------------------------------------------------------

    def _record(self, content: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(content))

    def received(self) -> list[Message]:
        with self._lock:
            return list(self.messages)

    def message_ids(self) -> Counter:
        return Counter(message["Message-ID"] for message in self.received())

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        """Wait until at least `count` messages arrived; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received()) >= count:
                return True
            time.sleep(0.05)
        return len(self.received()) >= count


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.sink.refusal:
            return self.sink.refusal
        await self.sink._maybe_stall("rcpt", session)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.sink._record(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802
        await self.sink._maybe_stall("quit", session)
        return "221 Bye"
