"""The roles every access test of the API goes through."""

OUTSIDERS = [
    "other_guardian",
    "nurse_other_school",
    "physician_off_team",
    "other_clinic_clinician",
    "org_admin",
    "teacher_not_covered",
    "school_admin",
]
INSIDERS = ["psychologist", "guardian", "nurse", "nurse_letters_only"]
ROLES = INSIDERS + OUTSIDERS


def people(request, roles) -> dict:
    """Each named persona fixture's user, in the order given."""
    return {role: request.getfixturevalue(role) for role in roles}
