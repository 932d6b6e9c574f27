"""Who counts as school staff: the roster is vouched for by the clinic or the school, never by a
family, and a release covers only the staff roles it names."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accommodations import selectors, services
from accommodations.models import Release, School, SchoolStaff, StaffRequest
from accommodations.services import ServiceError, roster
from portal.accounts import services as accounts
from portal.accounts.models import Invitation, User
from portal.api import tokens
from portal.audit.models import AuditEvent
from tests import factories

PASSWORD = "a long pass phrase"


def student_pages(student) -> list[str]:
    """Every page that shows a student to school staff."""
    return [
        reverse("accommodations:student", args=[student.pk]),
        reverse("accommodations:device_card", args=[student.pk]),
        reverse("accommodations:notes", args=[student.pk]),
        reverse("accommodations:plan", args=[student.pk]),
        reverse("accommodations:school_updates", args=[student.pk]),
        reverse("accommodations:releases", args=[student.pk]),
    ]


def api_get(user, path: str):
    client = APIClient()
    secret = tokens.issue_token(user=user, name="probe", lifetime_days=30).secret
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get("/api/v1/" + path)


def sees_nothing_of(client, student) -> bool:
    answers = {path: client.get(path).status_code for path in student_pages(student)}
    listed = client.get(reverse("accommodations:my_students")).context["rows"]
    return set(answers.values()) == {404} and not any(r["student"] == student for r in listed)


@pytest.fixture
def neighbour(clinic, school):
    """Another family's child at the same school, released to it with every scope."""
    child = factories.StudentFactory(organization=clinic, school=school, first_name="Robin")
    parent = factories.GuardianshipFactory(student=child).guardian
    factories.ReleaseFactory(student=child, school=school, granted_by=parent)
    return child


def release_from(guardian, student, school):
    return factories.ReleaseFactory(student=student, school=school, granted_by=guardian)


# A family cannot make a school-staff account ---------------------------------------------------


def _family_tries_to_make_a_nurse(client, guardian, student, school, mailoutbox):
    """The path a family used to take: invite "a nurse" at an address they control."""
    client.force_login(guardian)
    response = client.post(
        reverse("accounts:invitations"),
        {
            "kind": "school_staff",
            "student": student.pk,
            "school": school.pk,
            "email": "made-up-nurse@family.example",
            "role": "nurse",
        },
    )
    assert response.status_code in (200, 400)
    assert not Invitation.objects.filter(email="made-up-nurse@family.example").exists()
    assert mailoutbox == []
    # Whatever account the family holds at that address, it is not on any roster.
    client.logout()
    made_up = factories.UserFactory(email="made-up-nurse@family.example")
    assert not SchoolStaff.objects.filter(user=made_up).exists()
    client.force_login(made_up)
    return made_up


def test_a_family_cannot_make_a_school_nurse_who_reads_other_families_children(
    client, guardian, nurse, student, school, neighbour, mailoutbox
):
    made_up = _family_tries_to_make_a_nurse(client, guardian, student, school, mailoutbox)
    # The family's only way now is a request, which waits for the school and grants nothing.
    ask(guardian, student, school, made_up.email)

    assert sees_nothing_of(client, neighbour)
    assert sees_nothing_of(client, student)


def test_a_family_cannot_reach_another_clinics_student_through_a_shared_school(
    client, guardian, student, other_clinic, other_school, mailoutbox
):
    theirs = factories.StudentFactory(organization=other_clinic, school=other_school)
    their_parent = factories.GuardianshipFactory(student=theirs).guardian
    factories.ReleaseFactory(student=theirs, school=other_school, granted_by=their_parent)
    release_from(guardian, student, other_school)

    _family_tries_to_make_a_nurse(client, guardian, student, other_school, mailoutbox)

    assert sees_nothing_of(client, theirs)


def test_an_account_a_family_once_vouched_for_loses_access_and_waits_for_the_school(
    client, guardian, student, school, neighbour
):
    # Rows made before the roster rules: a family's invitation put "a nurse" on the roster.
    made_up = factories.UserFactory(email="made-up-nurse@family.example")
    Invitation.objects.create(
        email=made_up.email,
        kind="school_staff",
        organization=student.organization,
        student=student,
        school=school,
        role="nurse",
        token_hash="x" * 64,
        invited_by=guardian,
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=made_up,
    )
    SchoolStaff.objects.create(user=made_up, school=school, role="nurse")
    release_from(guardian, student, school)
    migration = importlib.import_module("accommodations.migrations.0004_vouched_rosters")

    migration.bring_under_roster_rules(apps, None)

    assert not SchoolStaff.objects.filter(user=made_up).exists()
    waiting = StaffRequest.objects.get(email=made_up.email)
    assert waiting.status == "pending" and waiting.requested_by == guardian
    Release.objects.filter(granted_by=guardian).update(revoked_at=timezone.now())
    client.force_login(made_up)
    assert sees_nothing_of(client, neighbour)


def test_a_familys_request_grants_nothing_until_the_school_confirms_it(
    client,
    guardian,
    student,
    school,
    school_admin,
    neighbour,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    release_from(guardian, student, school)
    client.force_login(guardian)
    response = client.post(
        reverse("accommodations:staff_request_new", args=[student.pk]),
        {
            "school": school.pk,
            "full_name": "Ms. Díaz",
            "email": "diaz@maplegrove.example",
            "role": "nurse",
        },
    )
    assert response.status_code == 302
    staff_request = StaffRequest.objects.get()
    assert staff_request.status == "pending" and mailoutbox == []
    assert not User.objects.filter(email="diaz@maplegrove.example").exists()

    client.force_login(school_admin)
    roster_page = client.get(reverse("accommodations:school_roster", args=[school.pk]))
    assert "diaz@maplegrove.example" in roster_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accommodations:staff_request_confirm", args=[staff_request.pk]))

    staff_request.refresh_from_db()
    assert staff_request.status == "confirmed" and staff_request.decided_by == school_admin
    [mail] = mailoutbox
    assert mail.to == ["diaz@maplegrove.example"]
    assert Invitation.objects.get(email="diaz@maplegrove.example").invited_by == school_admin


def test_a_declined_request_invites_no_one(client_of, guardian, student, school, school_admin):
    release_from(guardian, student, school)
    staff_request = ask(guardian, student, school, "diaz@maplegrove.example")

    client_of(school_admin).post(
        reverse("accommodations:staff_request_decline", args=[staff_request.pk])
    )

    staff_request.refresh_from_db()
    assert staff_request.status == "declined"
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(action="staff_request.declined").exists()


def test_a_family_can_ask_only_a_school_that_holds_their_release(guardian, student, other_school):
    with pytest.raises(ServiceError) as refused:
        ask(guardian, student, other_school, "someone@riverbend.example", full_name="Someone")
    assert refused.value.field == "school"


def test_a_request_off_the_schools_verified_domains_is_refused(guardian, student, school):
    school.email_domains = "maplegrove.example"
    school.save()
    release_from(guardian, student, school)

    with pytest.raises(ServiceError) as refused:
        ask(guardian, student, school, "someone@gmail.example", full_name="Someone")
    assert refused.value.field == "email"
    assert not StaffRequest.objects.exists()


@pytest.mark.parametrize(
    "who", ["guardian", "nurse", "psychologist", "other_clinic_clinician", "school_admin_elsewhere"]
)
def test_only_a_roster_keeper_answers_a_request(who, request, client, guardian, student, school):
    if who == "school_admin_elsewhere":
        other = factories.SchoolFactory(name="Elsewhere Elementary")
        user = factories.SchoolStaffFactory(school=other, role="administrator").user
    else:
        user = request.getfixturevalue(who)
    release_from(guardian, student, school)
    staff_request = ask(guardian, student, school, "diaz@maplegrove.example")
    client.force_login(user)

    for name in ("staff_request_confirm", "staff_request_decline"):
        assert (
            client.post(reverse(f"accommodations:{name}", args=[staff_request.pk])).status_code
            == 404
        )
    assert client.get(reverse("accommodations:school_roster", args=[school.pk])).status_code == 404
    staff_request.refresh_from_db()
    assert staff_request.status == "pending"


def _access(user, student):
    return selectors.access_for(user=user, student=student)


def ask(guardian, student, school, email, *, full_name="Ms. Díaz", role="nurse"):
    """The family asks the school to add someone, through the service the page calls."""
    return roster.request_school_staff(
        access=_access(guardian, student),
        school=school,
        full_name=full_name,
        email=email,
        role=role,
    )


# The roster keeper -----------------------------------------------------------------------------


def test_removing_someone_from_the_roster_ends_their_access_at_once(
    client, school_admin, nurse, student, neighbour
):
    client.force_login(nurse)
    assert client.get(reverse("accommodations:device_card", args=[neighbour.pk])).status_code == 200
    member = SchoolStaff.objects.get(user=nurse)

    client.force_login(school_admin)
    client.post(reverse("accommodations:school_staff_remove", args=[member.school_id, member.pk]))

    assert not SchoolStaff.objects.filter(user=nurse).exists()
    assert AuditEvent.objects.filter(action="school_staff.removed").exists()
    client.force_login(nurse)
    assert sees_nothing_of(client, neighbour)
    assert sees_nothing_of(client, student)
    assert api_get(nurse, f"students/{student.pk}/").status_code == 404


def test_a_roster_keeper_cannot_remove_themselves(client_of, school_admin, school):
    member = SchoolStaff.objects.get(user=school_admin)

    client_of(school_admin).post(
        reverse("accommodations:school_staff_remove", args=[school.pk, member.pk])
    )

    assert SchoolStaff.objects.filter(pk=member.pk).exists()


def test_a_school_administrator_adds_staff_from_the_roster_page(
    client, school_admin, school, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accommodations:school_roster", args=[school.pk]),
            {"email": "coach@maplegrove.example", "full_name": "Coach Lee", "role": "teacher"},
        )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["coach@maplegrove.example"]
    assert "Maple Grove Middle School" in mail.body


def test_the_roster_page_shows_a_clear_error_for_an_address_off_the_domains(
    client_of, school_admin, school
):
    school.email_domains = "maplegrove.example"
    school.save()

    response = client_of(school_admin).post(
        reverse("accommodations:school_roster", args=[school.pk]),
        {"email": "coach@gmail.example", "full_name": "Coach Lee", "role": "teacher"},
    )

    assert response.status_code == 400
    assert "maplegrove.example" in response.context["add_form"].errors["email"][0]
    assert not Invitation.objects.exists()


def test_a_clinic_administrator_keeps_the_rosters_of_schools_the_clinic_works_with(
    client_of, org_admin, student, school, other_school
):
    page = client_of(org_admin).get(reverse("accommodations:schools"))

    assert page.status_code == 200
    assert [s.name for s in page.context["schools"]] == ["Maple Grove Middle School"]
    assert (
        client_of(org_admin)
        .get(reverse("accommodations:school_roster", args=[other_school.pk]))
        .status_code
        == 404
    )


def test_a_clinic_administrator_changes_only_schools_their_clinic_added_and_no_other_uses(
    client_of, org_admin, clinic, other_clinic, student
):
    ours = factories.SchoolFactory(name="Ours", added_by=clinic)
    shared = factories.SchoolFactory(name="Shared", added_by=clinic)
    factories.StudentFactory(organization=other_clinic, school=shared)
    theirs = factories.SchoolFactory(name="Theirs", added_by=other_clinic)
    factories.StudentFactory(organization=clinic, school=theirs)
    client = client_of(org_admin)
    data = {"name": "Renamed", "address": "", "phone": "", "email_domains": "ours.example"}

    assert (
        client.post(reverse("accommodations:school_edit", args=[ours.pk]), data).status_code == 302
    )
    for school in (shared, theirs):
        url = reverse("accommodations:school_edit", args=[school.pk])
        assert client.post(url, data).status_code == 404

    ours.refresh_from_db()
    assert ours.name == "Renamed" and ours.domain_list == ["ours.example"]
    assert School.objects.filter(name__in=["Shared", "Theirs"]).count() == 2


def test_a_clinic_administrator_adds_a_school_for_their_clinic(client_of, org_admin, clinic):
    response = client_of(org_admin).post(
        reverse("accommodations:school_new"),
        {"name": "Lakeside Elementary", "address": "", "phone": "", "email_domains": ""},
    )

    school = School.objects.get(name="Lakeside Elementary")
    assert response.status_code == 302 and school.added_by == clinic


@pytest.mark.parametrize("who", ["guardian", "nurse", "psychologist"])
def test_no_one_but_a_clinic_administrator_adds_or_changes_schools(
    who, request, client, clinic, student
):
    client.force_login(request.getfixturevalue(who))
    school = factories.SchoolFactory(added_by=clinic)

    assert client.get(reverse("accommodations:school_new")).status_code == 404
    assert client.get(reverse("accommodations:school_edit", args=[school.pk])).status_code == 404
    assert client.get(reverse("accommodations:schools")).status_code == 404


# A release covers the staff roles it names -----------------------------------------------------

ROLES = [choice for choice, _label in SchoolStaff.Role.choices]


@pytest.mark.parametrize("covered", ROLES)
def test_a_release_covers_only_the_staff_roles_it_names(client, covered, clinic, school):
    child = factories.StudentFactory(organization=clinic, school=school)
    parent = factories.GuardianshipFactory(student=child).guardian
    factories.ReleaseFactory(
        student=child,
        school=school,
        granted_by=parent,
        **{f"covers_{role}": role == covered for role in ROLES},
    )
    staff = {role: factories.SchoolStaffFactory(school=school, role=role).user for role in ROLES}

    for role, user in staff.items():
        client.force_login(user)
        page = client.get(reverse("accommodations:device_card", args=[child.pk]))
        api = api_get(user, f"students/{child.pk}/")
        if role == covered:
            assert (page.status_code, api.status_code) == (200, 200), role
        else:
            assert (page.status_code, api.status_code) == (404, 404), role
            assert sees_nothing_of(client, child)


def test_a_release_notice_reaches_only_the_roles_it_covers(
    guardian, student, school, django_capture_on_commit_callbacks
):
    nurse = factories.SchoolStaffFactory(school=school, role="nurse").user
    teacher = factories.SchoolStaffFactory(school=school, role="teacher").user

    with django_capture_on_commit_callbacks(execute=True):
        services.grant_release(
            access=_access(guardian, student),
            school=school,
            scopes={"plan"},
            staff_roles={"nurse"},
            starts_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=30),
        )

    assert nurse.notifications.exists()
    assert not teacher.notifications.exists()


def test_the_family_chooses_the_roles_on_the_release_form(client_of, guardian, student, school):
    today = timezone.localdate()
    response = client_of(guardian).post(
        reverse("accommodations:release_new", args=[student.pk]),
        {
            "school": school.pk,
            "scopes": ["plan"],
            "staff_roles": ["nurse", "teacher"],
            "starts_at": today.isoformat(),
            "expires_at": (today + timedelta(days=90)).isoformat(),
        },
    )

    assert response.status_code == 302
    release = Release.objects.get(student=student)
    assert release.staff_roles == {"nurse", "teacher"}


def test_a_release_without_any_staff_role_is_refused_with_a_field_error(
    client_of, guardian, student, school
):
    today = timezone.localdate()
    response = client_of(guardian).post(
        reverse("accommodations:release_new", args=[student.pk]),
        {
            "school": school.pk,
            "scopes": ["plan"],
            "starts_at": today.isoformat(),
            "expires_at": (today + timedelta(days=90)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "staff_roles" in response.context["form"].errors
    assert not Release.objects.exists()


def test_the_api_grants_a_release_to_the_roles_named(guardian, student, school):
    client = APIClient()
    secret = tokens.issue_token(user=guardian, name="app", lifetime_days=30).secret
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    now = timezone.now()

    response = client.post(
        f"/api/v1/students/{student.pk}/releases/",
        {
            "school": school.pk,
            "scopes": ["plan"],
            "staff_roles": ["counselor"],
            "starts_at": now.isoformat(),
            "expires_at": (now + timedelta(days=30)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["staff_roles"] == ["counselor"]
    bad = client.post(
        f"/api/v1/students/{student.pk}/releases/",
        {"school": school.pk, "scopes": ["plan"], "staff_roles": ["janitor"]},
        format="json",
    )
    assert bad.status_code == 400 and "staff_roles" in bad.json()["field_errors"]


def test_accepting_checks_the_domains_as_they_are_now(org_admin, student, school):
    _invitation, token = accounts.create_invitation(
        inviter=org_admin,
        kind="school_staff",
        email="nurse2@gmail.example",
        school=school,
        role="nurse",
    )
    school.email_domains = "maplegrove.example"
    school.save()

    with pytest.raises(ServiceError):
        accounts.accept_invitation(token=token, full_name="N", password=PASSWORD)

    assert not SchoolStaff.objects.filter(user__email="nurse2@gmail.example").exists()


@pytest.mark.parametrize("who", ["other_guardian", "nurse", "psychologist", "school_admin"])
def test_only_the_family_asks_to_add_someone_for_their_child(who, request, client, student):
    client.force_login(request.getfixturevalue(who))
    url = reverse("accommodations:staff_request_new", args=[student.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "X", "email": "x@maplegrove.example"}).status_code == 404
    assert not StaffRequest.objects.exists()


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow_roster(school, keeper, guardian, student, n):
    for _ in range(n):
        factories.SchoolStaffFactory(school=school, role="teacher", added_by=keeper)
        StaffRequest.objects.create(
            school=school,
            student=student,
            requested_by=guardian,
            full_name="Someone",
            email=f"someone{StaffRequest.objects.count()}@maplegrove.example",
            role="nurse",
        )


def test_the_roster_pages_read_as_many_queries_for_50_people_as_for_5(
    client_of, school_admin, guardian, student, school
):
    client = client_of(school_admin)
    pages = [
        reverse("accommodations:schools"),
        reverse("accommodations:school_roster", args=[school.pk]),
    ]
    _grow_roster(school, school_admin, guardian, student, 5)
    with_5 = [_queries_for(client, url) for url in pages]
    _grow_roster(school, school_admin, guardian, student, 45)

    assert [_queries_for(client, url) for url in pages] == with_5
