"""Example values shown in the API documentation; every person and record is fictional."""

from drf_spectacular.utils import OpenApiExample

SCHOOL = {"id": 3, "name": "Maple Grove Middle School"}
DR_ROWAN = {"id": 12, "name": "Dr. Rowan Example"}
SAM = {"id": 40, "name": "Sam Example"}
JORDAN = {"id": 51, "name": "Jordan Nurse"}

MY_ACCESS_GUARDIAN = {
    "care_team_role": None,
    "is_guardian": True,
    "school_scopes": [],
    "can_edit_plan": False,
    "can_read_published_plan": True,
    "can_acknowledge": False,
    "can_read_notes": True,
    "can_write_notes": False,
    "can_read_checkins": True,
    "can_write_checkins": True,
    "can_read_school_messages": True,
    "can_manage_releases": True,
    "can_read_signed_letters": True,
    "can_draft_letters": False,
    "can_share_letters": True,
}

STUDENT = {"id": 7, "display_name": "Mia Example", "grade": "7", "school": SCHOOL}

STUDENT_DETAIL = {
    **STUDENT,
    "profile": {
        "first_name": "Amelia",
        "last_name": "Example",
        "preferred_name": "Mia",
        "date_of_birth": "2012-04-09",
        "family_language": "English",
        "clinic": {"id": 1, "name": "Lakeside Children's Pain Clinic"},
    },
    "my_access": MY_ACCESS_GUARDIAN,
    "device_card": {
        "device_type": "spinal_cord_stimulator",
        "device_description": "Rechargeable stimulator, lower back",
        "device_emergency_contacts": "Pain clinic on-call nurse: 555-0100",
        "device_warning_signs": "Sudden new weakness, shocks, redness or swelling at the site",
        "device_emergency_steps": "Call the family and the clinic; switch the stimulator off "
        "with the remote if the student asks.",
        "device_do_nots": "No heating pads on the back; no metal-detector wands over the site.",
        "device_card_updated_at": "2026-02-02T15:04:00Z",
    },
    "current_plan_version": 3,
}

CATALOG_ENTRY = {
    "id": 21,
    "code": "rest-break-health-office",
    "category": "health_office",
    "title": "Rest break in the health office",
    "default_details": "Up to 15 minutes lying down in the health office, then back to class.",
    "rationale": "A short, planned break keeps the student in school on high-pain days.",
    "implementer": "nurse",
    "is_active": True,
}

PLAN_ITEM = {
    "id": 301,
    "template": 21,
    "category": "health_office",
    "title": "Rest break in the health office",
    "details": "Up to 15 minutes, twice a day at most, then back to class.",
    "implementer": "nurse",
    "start_date": "2026-03-02",
    "position": 1,
}

PLAN = {
    "id": 88,
    "version": 3,
    "status": "published",
    "review_date": "2026-06-15",
    "based_on_version": 2,
    "created_at": "2026-02-20T14:00:00Z",
    "updated_at": "2026-02-23T09:30:00Z",
    "published_at": "2026-02-23T09:30:00Z",
    "published_by": DR_ROWAN,
    "content_hash": "3f1c9a4e0b7d2c65a8e1f0d9b4c3a2e1f5d6c7b8a9e0f1d2c3b4a5968778695a",
    "items": [PLAN_ITEM],
}

DRAFT = {
    **PLAN,
    "id": 95,
    "version": 4,
    "status": "draft",
    "published_at": None,
    "published_by": None,
    "content_hash": "",
    "based_on_version": 3,
}

PLAN_VERSION = {
    key: PLAN[key]
    for key in ("id", "version", "review_date", "published_at", "published_by", "content_hash")
} | {"item_count": 6}

ACKNOWLEDGEMENT = {
    "id": 14,
    "version": 3,
    "user": JORDAN,
    "school": SCHOOL,
    "comment": "Can the rest break be in the library when the health office is full?",
    "created_at": "2026-02-24T08:12:00Z",
}

ACKNOWLEDGEMENT_STATE = {
    "user": JORDAN,
    "school": SCHOOL,
    "role": "nurse",
    "acknowledged_at": None,
    "comment": "",
}

NOTE = {
    "id": 230,
    "visibility": "school",
    "body": "Mia is practising pacing: one PE activity, then a seated rest. Please let her "
    "sit out the second activity.",
    "author": DR_ROWAN,
    "created_at": "2026-02-24T16:00:00Z",
    "edited_at": None,
    "is_editable": False,
    "addenda": [
        {
            "id": 231,
            "body": "Correction: this applies to swimming weeks too.",
            "author": DR_ROWAN,
            "created_at": "2026-02-25T10:00:00Z",
        }
    ],
}

CHECKIN = {
    "id": 512,
    "week_of": "2026-03-02",
    "pain_now": 4,
    "pain_average": 5,
    "pain_worst": 7,
    "days_full": 3,
    "days_partial": 1,
    "days_missed": 1,
    "health_office_visits": 2,
    "sleep_quality": "fair",
    "mood": 3,
    "function_score": 18,
    "comments": "Tired after PE on Tuesday.",
    "message_to_school": "Mia may need her rest break after PE this week.",
    "submitted_by": SAM,
    "created_at": "2026-03-06T19:45:00Z",
}

CHECKIN_REQUEST = {
    key: value for key, value in CHECKIN.items() if key not in ("id", "submitted_by", "created_at")
}

SCHOOL_MESSAGE = {
    "id": 512,
    "week_of": "2026-03-02",
    "message_to_school": "Mia may need her rest break after PE this week.",
    "created_at": "2026-03-06T19:45:00Z",
}

RELEASE = {
    "id": 9,
    "school": SCHOOL,
    "scopes": ["letters", "plan"],
    "staff_roles": ["counselor", "nurse"],
    "starts_at": "2026-01-05T05:00:00Z",
    "expires_at": "2027-01-05T05:00:00Z",
    "status": "in_force",
    "granted_by": SAM,
    "created_at": "2026-01-05T18:20:00Z",
    "revoked_at": None,
    "revoked_by": None,
}


def response(name: str, value, status: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


def request(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)
