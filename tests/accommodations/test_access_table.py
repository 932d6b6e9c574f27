"""Who sees what (DESIGN.md §3), held as tables: every role against every kind of student data.

Each kind of data has one table with the outcome for every role, checked twice: through the
access module (accommodations.selectors) and through the pages a person would open. Outcomes:

    READS      the page opens and shows the data
    HIDDEN     the page opens for this person, but this piece of data is not on it
    NOT_FOUND  the page answers 404, exactly as for a student who does not exist

School staff are given a release of exactly one scope, or a release with every scope that is
revoked, expired or not yet started, each at a school of their own. Any release in force lets
staff open the student's page with name, grade and school (they need them to know whom a
letter or a message is about); the rest of the profile is for the family and the care team.
"""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accommodations import selectors
from accommodations.models import CareNote, Release, SchoolStaff, Student
from tests import factories

READS = "reads"
HIDDEN = "hidden"
NOT_FOUND = "404"

CLINICIAN = "care-team clinician"
GUARDIAN = "guardian"
NURSE_PLAN = "nurse, release in force: plan only"
NURSE_LETTERS = "nurse, release in force: letters only"
NURSE_UPDATES = "nurse, release in force: updates only"
NURSE_NOTES = "nurse, release in force: notes only"
NURSE_REVOKED = "nurse, release revoked"
NURSE_EXPIRED = "nurse, release expired"
NURSE_NOT_STARTED = "nurse, release not started"
OTHER_GUARDIAN = "guardian of another child"
OTHER_SCHOOL = "nurse at another school"
OFF_TEAM = "clinician not on the care team"
OTHER_CLINIC = "user of another clinic"
ORG_ADMIN = "org admin not on the team"

ROLES = [
    CLINICIAN,
    GUARDIAN,
    NURSE_PLAN,
    NURSE_LETTERS,
    NURSE_UPDATES,
    NURSE_NOTES,
    NURSE_REVOKED,
    NURSE_EXPIRED,
    NURSE_NOT_STARTED,
    OTHER_GUARDIAN,
    OTHER_SCHOOL,
    OFF_TEAM,
    OTHER_CLINIC,
    ORG_ADMIN,
]

NOBODY_ELSE = {
    NURSE_REVOKED: NOT_FOUND,
    NURSE_EXPIRED: NOT_FOUND,
    NURSE_NOT_STARTED: NOT_FOUND,
    OTHER_GUARDIAN: NOT_FOUND,
    OTHER_SCHOOL: NOT_FOUND,
    OFF_TEAM: NOT_FOUND,
    OTHER_CLINIC: NOT_FOUND,
    ORG_ADMIN: NOT_FOUND,
}

# The tables ---------------------------------------------------------------------------------

STUDENT_PROFILE_BASICS = {  # name, grade, school
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: READS,
    NURSE_LETTERS: READS,
    NURSE_UPDATES: READS,
    NURSE_NOTES: READS,
    **NOBODY_ELSE,
}

STUDENT_PROFILE_FULL = {  # legal name, date of birth, family language
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: HIDDEN,
    NURSE_LETTERS: HIDDEN,
    NURSE_UPDATES: HIDDEN,
    NURSE_NOTES: HIDDEN,
    **NOBODY_ELSE,
}

PLAN_DRAFTS = {
    CLINICIAN: READS,
    GUARDIAN: NOT_FOUND,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

PUBLISHED_PLAN = {
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: READS,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

ACKNOWLEDGING_THE_PLAN = {
    CLINICIAN: NOT_FOUND,
    GUARDIAN: NOT_FOUND,
    NURSE_PLAN: READS,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

DEVICE_CARD = {
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: READS,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

NOTE_FOR_CARE_TEAM_ONLY = {
    CLINICIAN: READS,
    GUARDIAN: HIDDEN,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: HIDDEN,
    **NOBODY_ELSE,
}

NOTE_FOR_FAMILY = {
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: HIDDEN,
    **NOBODY_ELSE,
}

NOTE_FOR_SCHOOL = {
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: READS,
    **NOBODY_ELSE,
}

CHECK_INS = {  # pain, attendance, sleep, mood, function, comments
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

SENDING_A_CHECK_IN = {
    CLINICIAN: NOT_FOUND,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

MESSAGES_TO_SCHOOL = {
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: READS,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

RELEASES = {  # school staff read their own school's only
    CLINICIAN: READS,
    GUARDIAN: READS,
    NURSE_PLAN: READS,
    NURSE_LETTERS: READS,
    NURSE_UPDATES: READS,
    NURSE_NOTES: READS,
    **NOBODY_ELSE,
}

GRANTING_AND_WITHDRAWING_RELEASES = {
    CLINICIAN: NOT_FOUND,
    GUARDIAN: READS,
    NURSE_PLAN: NOT_FOUND,
    NURSE_LETTERS: NOT_FOUND,
    NURSE_UPDATES: NOT_FOUND,
    NURSE_NOTES: NOT_FOUND,
    **NOBODY_ELSE,
}

ALL_TABLES = [
    STUDENT_PROFILE_BASICS,
    STUDENT_PROFILE_FULL,
    PLAN_DRAFTS,
    PUBLISHED_PLAN,
    ACKNOWLEDGING_THE_PLAN,
    DEVICE_CARD,
    NOTE_FOR_CARE_TEAM_ONLY,
    NOTE_FOR_FAMILY,
    NOTE_FOR_SCHOOL,
    CHECK_INS,
    SENDING_A_CHECK_IN,
    MESSAGES_TO_SCHOOL,
    RELEASES,
    GRANTING_AND_WITHDRAWING_RELEASES,
]


def cases(table):
    return pytest.mark.parametrize("role, expected", list(table.items()), ids=list(table))


# The people and the data --------------------------------------------------------------------


@pytest.fixture
def record(student, psychologist, guardian):
    """The student's record: published plan v1 (from the persona), a draft, a device card,
    one note of each visibility and a check-in with a message to school."""
    Student.objects.filter(pk=student.pk).update(
        device_type=Student.Device.INTRATHECAL_PUMP,
        device_emergency_steps="Call 911 and the pain clinic.",
    )
    student.refresh_from_db()
    draft = factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    factories.PlanItemFactory(plan=draft, title="Draft-only accommodation")
    notes = {
        visibility: factories.CareNoteFactory(
            student=student,
            author=psychologist,
            visibility=visibility,
            body=f"Note meant for {visibility} readers.",
        )
        for visibility in CareNote.Visibility.values
    }
    checkin = factories.CheckInFactory(
        student=student,
        submitted_by=guardian,
        comments="Comment for the care team only.",
        message_to_school="Message the school may read.",
    )
    return {"student": student, "draft": draft, "notes": notes, "checkin": checkin}


def _staff_with_release(student, guardian, *, scopes=Release.SCOPES, **timing):
    school = factories.SchoolFactory()
    staff = factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.NURSE).user
    factories.ReleaseFactory(
        student=student,
        school=school,
        granted_by=guardian,
        **{f"scope_{scope}": scope in scopes for scope in Release.SCOPES},
        **timing,
    )
    return staff


@pytest.fixture
def user_in(request, record, guardian):
    """The user playing a role towards the record's student; built only when asked for."""
    student = record["student"]
    now = timezone.now()
    persona = {
        CLINICIAN: "psychologist",
        GUARDIAN: "guardian",
        OTHER_GUARDIAN: "other_guardian",
        OTHER_SCHOOL: "nurse_other_school",
        OFF_TEAM: "physician_off_team",
        OTHER_CLINIC: "other_clinic_clinician",
        ORG_ADMIN: "org_admin",
    }
    one_scope = {
        NURSE_PLAN: "plan",
        NURSE_LETTERS: "letters",
        NURSE_UPDATES: "updates",
        NURSE_NOTES: "notes",
    }
    timing = {
        NURSE_REVOKED: {"revoked_at": now - timedelta(minutes=1), "revoked_by": guardian},
        NURSE_EXPIRED: {
            "starts_at": now - timedelta(days=200),
            "expires_at": now - timedelta(minutes=1),
        },
        NURSE_NOT_STARTED: {
            "starts_at": now + timedelta(days=1),
            "expires_at": now + timedelta(days=200),
        },
    }

    def build(role):
        if role in persona:
            return request.getfixturevalue(persona[role])
        if role in one_scope:
            return _staff_with_release(student, guardian, scopes={one_scope[role]})
        return _staff_with_release(student, guardian, **timing[role])

    return build


# How an outcome is observed -----------------------------------------------------------------


def selector_outcome(user, student, capability=None):
    try:
        selectors.access_student(user=user, student_id=student.pk, capability=capability)
    except Http404:
        return NOT_FOUND
    return READS


def page_outcome(client, url, shows=None):
    response = client.get(url)
    if response.status_code == 404:
        return NOT_FOUND
    assert response.status_code == 200, (url, response.status_code)
    if shows is not None and shows not in response.content.decode():
        return HIDDEN
    return READS


def url(name, student, *args):
    return reverse(f"accommodations:{name}", args=[student.pk, *args])


# One test per kind of data ------------------------------------------------------------------


def test_every_table_names_every_role_once():
    for table in ALL_TABLES:
        assert list(table) == ROLES or set(table) == set(ROLES)
        assert len(table) == len(ROLES)


@cases(STUDENT_PROFILE_BASICS)
def test_student_profile_basics(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student) == expected
    assert page_outcome(client_of(user), url("student", student), shows="Grade 7") == expected


@cases(STUDENT_PROFILE_FULL)
def test_student_profile_in_full(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    try:
        access = selectors.access_student(user=user, student_id=student.pk)
        by_selector = READS if access.can_read_full_profile else HIDDEN
    except Http404:
        by_selector = NOT_FOUND
    assert by_selector == expected
    page = page_outcome(client_of(user), url("student", student), shows="Date of birth")
    assert page == expected


@cases(PLAN_DRAFTS)
def test_plan_drafts(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_edit_plan") == expected
    page = page_outcome(
        client_of(user), url("plan_edit", student), shows="Draft-only accommodation"
    )
    assert page == expected


@cases(PUBLISHED_PLAN)
def test_published_plan(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]
    title = student.plans.get(version=1).items.first().title

    assert selector_outcome(user, student, "can_read_published_plan") == expected
    client = client_of(user)
    assert page_outcome(client, url("plan", student), shows=title) == expected
    assert page_outcome(client, url("plan_version", student, 1), shows=title) == expected
    assert page_outcome(client, url("plan_version", student, 2)) == NOT_FOUND  # a draft


@cases(ACKNOWLEDGING_THE_PLAN)
def test_acknowledging_the_plan(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_acknowledge") == expected
    assert page_outcome(client_of(user), url("acknowledge", student)) == expected


@cases(DEVICE_CARD)
def test_device_emergency_card(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_read_device_card") == expected
    page = page_outcome(
        client_of(user), url("device_card", student), shows="Call 911 and the pain clinic."
    )
    assert page == expected


def _note_outcomes(user, record, visibility, client):
    student, note = record["student"], record["notes"][visibility]
    try:
        access = selectors.access_student(
            user=user, student_id=student.pk, capability="can_read_notes"
        )
        by_selector = READS if selectors.notes_visible(access).filter(pk=note.pk) else HIDDEN
    except Http404:
        by_selector = NOT_FOUND
    return by_selector, page_outcome(client, url("notes", student), shows=note.body)


@cases(NOTE_FOR_CARE_TEAM_ONLY)
def test_care_notes_for_the_care_team_only(role, expected, user_in, record, client_of):
    user = user_in(role)

    assert _note_outcomes(user, record, "care_team", client_of(user)) == (expected, expected)


@cases(NOTE_FOR_FAMILY)
def test_care_notes_for_the_family(role, expected, user_in, record, client_of):
    user = user_in(role)

    assert _note_outcomes(user, record, "family", client_of(user)) == (expected, expected)


@cases(NOTE_FOR_SCHOOL)
def test_care_notes_for_the_school(role, expected, user_in, record, client_of):
    user = user_in(role)

    assert _note_outcomes(user, record, "school", client_of(user)) == (expected, expected)


@cases(CHECK_INS)
def test_check_ins(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_read_checkins") == expected
    page = page_outcome(
        client_of(user), url("checkins", student), shows="Comment for the care team only."
    )
    assert page == expected


@cases(SENDING_A_CHECK_IN)
def test_sending_a_check_in(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_write_checkins") == expected
    assert page_outcome(client_of(user), url("checkin_new", student)) == expected


@cases(MESSAGES_TO_SCHOOL)
def test_messages_to_school(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_read_school_messages") == expected
    client = client_of(user)
    assert page_outcome(client, url("school_updates", student), shows="Message the school") == (
        expected
    )
    if expected == READS:
        page = client.get(url("school_updates", student)).content.decode()
        assert "Comment for the care team only." not in page


@cases(RELEASES)
def test_releases(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_read_releases") == expected
    assert page_outcome(client_of(user), url("releases", student)) == expected


@cases(GRANTING_AND_WITHDRAWING_RELEASES)
def test_granting_and_withdrawing_releases(role, expected, user_in, record, client_of):
    user, student = user_in(role), record["student"]

    assert selector_outcome(user, student, "can_manage_releases") == expected
    assert page_outcome(client_of(user), url("release_new", student)) == expected


# What the table alone does not say ----------------------------------------------------------


def test_school_staff_get_only_the_message_from_a_check_in(user_in, record):
    user, student = user_in(NURSE_UPDATES), record["student"]
    access = selectors.access_student(user=user, student_id=student.pk)

    checkin = selectors.checkins_visible(access).get()

    assert checkin.message_to_school == "Message the school may read."
    assert {"pain_now", "pain_average", "pain_worst", "comments", "mood", "sleep_quality"} <= (
        checkin.get_deferred_fields()
    )


def test_school_staff_read_only_their_own_schools_releases(user_in, record):
    plan_nurse, letters_nurse = user_in(NURSE_PLAN), user_in(NURSE_LETTERS)
    student = record["student"]

    access = selectors.access_student(user=plan_nurse, student_id=student.pk)
    schools = {release.school for release in selectors.releases_visible(access)}

    assert schools == {plan_nurse.school_roles.get().school}
    assert letters_nurse.school_roles.get().school not in schools


def test_withdrawing_a_release_cuts_access_on_the_next_request(
    user_in, record, guardian, client_of
):
    student = record["student"]
    staff = user_in(NURSE_PLAN)
    release = Release.objects.get(student=student, school__staff__user=staff)
    pages = [url("plan", student), url("device_card", student), url("acknowledge", student)]
    staff_client = client_of(staff)
    assert [staff_client.get(page).status_code for page in pages] == [200, 200, 200]

    client_of(guardian).post(url("release_revoke", student, release.pk))

    staff_client = client_of(staff)
    assert [staff_client.get(page).status_code for page in pages] == [404, 404, 404]
    assert student not in selectors.students_released_to(staff)
