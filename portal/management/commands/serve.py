"""Serve the portal on one machine: the web server, one Celery worker and exactly one beat."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal import demo_data


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together until interrupted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host: str, port: int, **options) -> None:
        # With debug off WhiteNoise serves the collected, fingerprinted files only.
        call_command("collectstatic", interactive=False, verbosity=0)
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "portal"]
        commands = {
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [
                *celery,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(settings.VAR_DIR / "celerybeat"),
            ],
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        }
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        site = f"http://{host}:{port}"
        # Links in e-mails and on signed letters point at this server unless SITE_URL says
        # otherwise.
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL") or site}
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and args
        time.sleep(2)
        if demo_data.demo_exists():
            self.stdout.write("\n" + "\n".join(demo_data.login_lines(site)) + "\n")
        self.stdout.write(f"Mail the portal sends is written to {settings.EMAIL_FILE_PATH}/\n")
        self.stdout.write("Press Ctrl+C to stop.\n")
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            f"The {name} process stopped (exit code {process.returncode})."
                        )
                        stopping = True
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
