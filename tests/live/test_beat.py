"""Exactly one beat: a second beat process refuses to start while the first runs."""

import subprocess
import time

import pytest

from portal.notifications.beat import AnotherBeatIsRunning, claim_the_only_beat
from tests.live.worker import BASE_DIR, CELERY


@pytest.mark.django_db
def test_a_second_claim_of_the_beat_lock_fails_until_the_first_is_released(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = claim_the_only_beat()

    with pytest.raises(AnotherBeatIsRunning):
        claim_the_only_beat()

    first.close()
    claim_the_only_beat().close()


def start_beat(env, log_path):
    log = open(log_path, "wb")  # noqa: SIM115 - the process writes to it until it ends
    return subprocess.Popen(
        [str(CELERY), "-A", "portal", "beat", "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_second_beat_process_refuses_to_start_while_one_runs(process_environment, tmp_path):
    first_log, second_log = tmp_path / "beat-1.log", tmp_path / "beat-2.log"
    first = start_beat(process_environment, first_log)
    try:
        assert wait_for(lambda: "This is the portal's only beat." in first_log.read_text()), (
            first_log.read_text()
        )
        second = start_beat(process_environment, second_log)
        try:
            assert second.wait(timeout=60) == 1
        finally:
            second.kill()
        assert "Another beat is already running" in second_log.read_text()
        assert first.poll() is None
    finally:
        first.kill()
        first.wait(timeout=30)
