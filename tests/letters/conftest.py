import io
import subprocess

import pytest
from pypdf import PdfReader

from accommodations.selectors import access_for
from letters import services, signing
from letters.models import LetterTemplate
from tests.letters.factories import SigningProfileFactory

PASSWORD = "pass-phrase-123"


@pytest.fixture(autouse=True, scope="session")
def _development_certificate(tmp_path_factory):
    """One development certificate for the whole run, kept out of the working tree."""
    import os

    os.environ["LETTERS_DEV_SIGNING_DIR"] = str(tmp_path_factory.mktemp("signing"))
    signing.forget_loaded_signer()
    yield
    signing.forget_loaded_signer()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Guessing counters live in the cache, which would otherwise outlive a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def profile(psychologist):
    return SigningProfileFactory(user=psychologist)


@pytest.fixture
def accommodation_template(clinic):
    services.ensure_letter_templates(organization=clinic)
    return LetterTemplate.objects.get(organization=clinic, code="accommodation-letter")


@pytest.fixture
def draft(student, psychologist, accommodation_template):
    access = access_for(user=psychologist, student=student)
    return services.create_draft(
        access=access,
        template=accommodation_template,
        recipient_name="Ms. Lan Nguyễn",
        recipient_role="School nurse",
    )


@pytest.fixture
def signed_letter(draft, student, psychologist, profile):
    access = access_for(user=psychologist, student=student)
    return services.sign_letter(access=access, letter=draft, password=PASSWORD)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def run_tool(*args: str, data: bytes, tmp_path) -> subprocess.CompletedProcess:
    """Run a poppler tool on the PDF bytes; returns the finished process."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [*args, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
