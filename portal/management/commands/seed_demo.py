from django.conf import settings
from django.core.management.base import BaseCommand

from portal import demo_data


class Command(BaseCommand):
    help = "Create the fictional demo clinic, schools, students and logins (once), then print the logins."

    def handle(self, *args, **options) -> None:
        if demo_data.demo_exists():
            self.stdout.write("Demo data already present; nothing added.")
        else:
            demo_data.build_demo()
            self.stdout.write(
                self.style.SUCCESS("Demo data created (all people and records are fictional).")
            )
        self.stdout.write("\n".join(demo_data.login_lines(settings.SITE_URL)))
