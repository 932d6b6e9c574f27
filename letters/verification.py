"""Is this letter genuine and current? Answers for a code, an uploaded PDF, or a file on disk.

What a verifier may learn is deliberately small: the student's initials, the issue date,
the signer and the clinic, and whether the letter is current, superseded or revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.utils import timezone

from letters import signing
from letters.models import Letter

CURRENT = "current"
SUPERSEDED = "superseded"
REVOKED = "revoked"
UNKNOWN = "unknown"

_CODE_SHAPE = re.compile(r"^[0-9A-Z]{12}$")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def normalize_code(raw: str) -> str | None:
    """The canonical XXXX-XXXX-XXXX form of what a person typed, or None if it cannot be one."""
    cleaned = re.sub(r"[\s\-]", "", raw or "").upper().translate(_LOOKALIKES)
    if not _CODE_SHAPE.match(cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


@dataclass(frozen=True)
class LetterStatus:
    """The public facts about one issued letter (or that no such letter exists)."""

    state: str
    code: str = ""
    student_initials: str = ""
    issued_on: dt.date | None = None
    signer: str = ""
    clinic: str = ""
    replaced_on: dt.date | None = None
    revoked_on: dt.date | None = None
    letter_id: int | None = None

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


def _replacement_date(letter: Letter) -> dt.date | None:
    newer = (
        Letter.objects.filter(supersedes=letter, signed_at__isnull=False)
        .order_by("signed_at")
        .first()
    )
    return timezone.localdate(newer.signed_at) if newer else None


def status_of(letter: Letter | None) -> LetterStatus:
    if letter is None or letter.is_draft:
        return LetterStatus(state=UNKNOWN)
    state = {
        Letter.Status.SIGNED: CURRENT,
        Letter.Status.SUPERSEDED: SUPERSEDED,
        Letter.Status.REVOKED: REVOKED,
    }[letter.status]
    return LetterStatus(
        state=state,
        code=letter.verification_code or "",
        student_initials=letter.student.initials,
        issued_on=timezone.localdate(letter.signed_at),
        signer=", ".join(part for part in (letter.signer_name, letter.signer_credentials) if part),
        clinic=letter.student.organization.name,
        replaced_on=_replacement_date(letter) if state == SUPERSEDED else None,
        revoked_on=timezone.localdate(letter.revoked_at) if letter.revoked_at else None,
        letter_id=letter.pk,
    )


def status_for_code(code: str) -> LetterStatus:
    """What the public verification page says about a code."""
    normalized = normalize_code(code)
    if normalized is None:
        return LetterStatus(state=UNKNOWN)
    letter = (
        Letter.objects.select_related("student__organization")
        .filter(verification_code=normalized)
        .exclude(status=Letter.Status.DRAFT)
        .first()
    )
    return status_of(letter)


@dataclass(frozen=True)
class FileCheck:
    """An uploaded or local PDF compared with the letters the clinic issued."""

    matches_issued_letter: bool
    signature: signing.SignatureCheck
    letter: LetterStatus
    sha256: str

    @property
    def is_valid_current_letter(self) -> bool:
        return self.matches_issued_letter and self.signature.holds and self.letter.is_current


def check_file(data: bytes) -> FileCheck:
    """Is data byte for byte a letter the clinic issued, and does its signature hold?"""
    digest = hashlib.sha256(data).hexdigest()
    letter = (
        Letter.objects.select_related("student__organization")
        .filter(pdf_sha256=digest)
        .exclude(status=Letter.Status.DRAFT)
        .first()
    )
    return FileCheck(
        matches_issued_letter=letter is not None,
        signature=signing.check_signature(data)
        if data.startswith(b"%PDF")
        else signing.SignatureCheck(found=False),
        letter=status_of(letter),
        sha256=digest,
    )
