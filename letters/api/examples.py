"""Example values for the letters part of the API documentation; all fictional."""

from accommodations.api.examples import DR_ROWAN, SAM, request, response  # noqa: F401

TEMPLATE = {
    "id": 4,
    "code": "accommodation-letter",
    "kind": "accommodation",
    "title": "Accommodation letter",
    "subject": "School accommodations for {{ student_name }}",
}

LETTER = {
    "id": 31,
    "kind": "accommodation",
    "status": "signed",
    "template": 4,
    "plan_version": 3,
    "recipient_name": "School nurse and 504 coordinator",
    "recipient_role": "School nurse",
    "recipient_school": "Maple Grove Middle School",
    "subject": "School accommodations for Mia Example",
    "body": "Dear school team,\n\nMia is treated by our pediatric pain team ...",
    "created_by": DR_ROWAN,
    "created_at": "2026-02-24T10:00:00Z",
    "updated_at": "2026-02-24T10:20:00Z",
    "last_error": "",
    "signed_by": DR_ROWAN,
    "signed_at": "2026-02-24T10:20:00Z",
    "signer_name": "Dr. Rowan Example",
    "signer_credentials": "PhD, Licensed Psychologist",
    "verification_code": "K7QM-4XRT-9PZD",
    "pdf_sha256": "9d2f4c1a7b3e8f60d5c2a1b4e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80912",
    "is_development_signature": False,
    "supersedes": None,
    "superseded_at": None,
    "revoked_at": None,
    "revocation_reason": "",
}

DRAFT = {
    **LETTER,
    "id": 32,
    "status": "draft",
    "signed_by": None,
    "signed_at": None,
    "signer_name": "",
    "signer_credentials": "",
    "verification_code": None,
    "pdf_sha256": None,
}

SHARE = {
    "id": 5,
    "recipient_name": "Jordan Nurse",
    "recipient_email": "nurse@maplegrove.example",
    "recipient_role": "School nurse",
    "status": "live",
    "created_by": SAM,
    "created_at": "2026-02-25T18:00:00Z",
    "expires_at": "2026-03-27T18:00:00Z",
    "revoked_at": None,
    "email_sent_at": "2026-02-25T18:00:03Z",
    "receipt_confirmed_at": "2026-02-26T07:45:00Z",
    "receipt_name": "Jordan Nurse",
    "receipt_note": "Received; shared with Mia's teachers.",
}

NEW_SHARE = {
    **SHARE,
    "email_sent_at": None,
    "receipt_confirmed_at": None,
    "receipt_name": "",
    "receipt_note": "",
    "url": "https://portal.example.org/share/Zm9yIGV4YW1wbGUgb25seSwgbm90IGEgdG9rZW4/",
}

SHARE_ACCESS = {
    "id": 77,
    "kind": "opened",
    "at": "2026-02-26T07:44:10Z",
    "ip_address": "203.0.113.24",
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
}
