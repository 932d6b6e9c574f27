"""The published plan in plain language, for the care team, the family and the school."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from accommodations.models import AccommodationPlan, Category, Implementer
from tests import factories


def plan_url(student):
    return reverse("accommodations:plan", args=[student.pk])


def version_url(student, version):
    return reverse("accommodations:plan_version", args=[student.pk, version])


def publish_version(student, *, version, by, items):
    """Publish another version of the student's plan with the given (category, title) items."""
    plan = factories.DraftPlanFactory(student=student, version=version, created_by=by)
    for category, title in items:
        factories.PlanItemFactory(plan=plan, category=category, title=title)
    return factories.publish(plan, by=by)


@pytest.fixture
def catalog_item_plan(student, psychologist):
    """Version 2 with one accommodation from the catalog and one written for the student."""
    template = factories.AccommodationTemplateFactory(
        organization=student.organization,
        category=Category.PHYSICAL_ACTIVITY,
        title="Modified PE participation",
        rationale="Graded activity builds tolerance without a flare-up.",
        implementer=Implementer.PE_TEACHER,
    )
    plan = factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    factories.PlanItemFactory(
        plan=plan,
        template=template,
        category=template.category,
        title=template.title,
        details="Walks laps instead of running; may stop when pain rises.",
        implementer=template.implementer,
    )
    factories.PlanItemFactory(
        plan=plan,
        category=Category.ATTENDANCE,
        title="Late start on Mondays",
        details="May arrive by 10:00 after weekend physiotherapy.",
        implementer=Implementer.ALL_STAFF,
    )
    return factories.publish(plan, by=psychologist)


def test_the_guardian_reads_the_plan_grouped_by_category_with_who_and_why(
    client_of, guardian, catalog_item_plan
):
    response = client_of(guardian).get(plan_url(catalog_item_plan.student))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Physical activity and PE" in page
    assert "Attendance and schedule" in page
    assert page.index("Attendance and schedule") < page.index("Physical activity and PE")
    assert "Walks laps instead of running" in page
    assert "Carried out by: PE teacher" in page
    assert "Graded activity builds tolerance without a flare-up." in page


def test_the_plan_shows_its_version_and_review_date(client_of, guardian, student):
    plan = student.plans.get()

    page = client_of(guardian).get(plan_url(student)).content.decode()

    assert date_format(plan.review_date, "DATE_FORMAT") in page
    assert "Next review" in page
    assert "In use" in page


def test_an_item_written_for_the_student_has_no_why_line(client_of, guardian, catalog_item_plan):
    page = client_of(guardian).get(plan_url(catalog_item_plan.student)).content.decode()

    late_start = page[page.index("Late start on Mondays") :]
    late_start = late_start[: late_start.index("</article>")]
    assert "Why it helps" not in late_start


def test_earlier_versions_are_listed_and_can_be_opened(
    client_of, guardian, student, catalog_item_plan
):
    page = client_of(guardian).get(plan_url(student)).content.decode()
    assert version_url(student, 1) in page

    response = client_of(guardian).get(version_url(student, 1))

    assert response.status_code == 200
    page = response.content.decode()
    assert "an earlier version of the plan" in page
    assert "The plan in use is version 2" in page
    assert "Modified PE participation" not in page


def test_a_draft_is_never_shown_on_the_plan_page(client_of, guardian, student, psychologist):
    draft = factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    factories.PlanItemFactory(plan=draft, title="Still being discussed")

    assert (
        "Still being discussed" not in client_of(guardian).get(plan_url(student)).content.decode()
    )
    assert client_of(guardian).get(version_url(student, 2)).status_code == 404
    assert client_of(psychologist).get(version_url(student, 2)).status_code == 404


def test_a_version_that_does_not_exist_is_404(client_of, guardian, student):
    assert client_of(guardian).get(version_url(student, 99)).status_code == 404


def test_before_the_first_version_the_family_is_told_there_is_no_plan_yet(
    client_of, clinic, school
):
    student = factories.StudentFactory(organization=clinic, school=school)
    parent = factories.GuardianshipFactory(student=student).guardian

    response = client_of(parent).get(plan_url(student))

    assert response.status_code == 200
    assert "has not published a plan yet" in response.content.decode()


def test_the_guardian_and_the_care_team_see_who_at_school_has_read_it(
    client_of, guardian, psychologist, nurse, student, school
):
    counselor = factories.SchoolStaffFactory(
        school=school, role="counselor", user__full_name="Casey Counselor"
    ).user
    factories.AcknowledgementFactory(
        plan=student.plans.get(), user=nurse, school=school, comment="Can she carry water?"
    )

    for reader in (guardian, psychologist):
        page = client_of(reader).get(plan_url(student)).content.decode()
        assert "Read at school" in page
        nurse_line = page[page.index("Jordan Nurse") :]
        assert "Read " in nurse_line[: nurse_line.index("</li>")]
        counselor_line = page[page.index(counselor.full_name) :]
        assert "Not read yet" in counselor_line[: counselor_line.index("</li>")]


def test_only_the_care_team_reads_the_schools_questions(
    client_of, guardian, psychologist, nurse, student, school
):
    factories.AcknowledgementFactory(
        plan=student.plans.get(), user=nurse, school=school, comment="Can she carry water?"
    )

    assert "Can she carry water?" in client_of(psychologist).get(plan_url(student)).content.decode()
    assert "Can she carry water?" not in client_of(guardian).get(plan_url(student)).content.decode()
    assert "Can she carry water?" not in client_of(nurse).get(plan_url(student)).content.decode()


def test_the_nurse_reads_the_plan_and_is_asked_to_acknowledge_it(client_of, nurse, student):
    page = client_of(nurse).get(plan_url(student)).content.decode()

    assert "Read at school" not in page
    assert reverse("accommodations:acknowledge", args=[student.pk]) in page


def test_after_acknowledging_the_nurse_sees_it_is_done(client_of, nurse, student, school):
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)

    page = client_of(nurse).get(plan_url(student)).content.decode()

    assert "You acknowledged version 1" in page


def test_the_care_team_gets_a_link_to_the_editor_and_the_family_does_not(
    client_of, guardian, psychologist, student
):
    edit_url = reverse("accommodations:plan_edit", args=[student.pk])

    assert edit_url in client_of(psychologist).get(plan_url(student)).content.decode()
    assert edit_url not in client_of(guardian).get(plan_url(student)).content.decode()


def test_reading_the_plan_is_recorded_in_the_audit_log(client_of, nurse, student):
    from portal.audit.models import AuditEvent

    client_of(nurse).get(plan_url(student))

    assert AuditEvent.objects.filter(actor=nurse, action="plan.viewed", student=student).exists()


def test_a_nurse_whose_release_does_not_cover_the_plan_gets_404(
    client_of, student, guardian, clinic
):
    school = factories.SchoolFactory()
    teacher = factories.SchoolStaffFactory(school=school, role="teacher").user
    factories.ReleaseFactory(
        student=student, school=school, granted_by=guardian, scope_plan=False, scope_letters=True
    )

    assert client_of(teacher).get(plan_url(student)).status_code == 404
    assert client_of(teacher).get(version_url(student, 1)).status_code == 404


@pytest.mark.parametrize("url_name", ["plan", "plan_version"])
def test_every_outsider_gets_404(client_of, student, outsiders, org_admin, url_name):
    args = [student.pk] if url_name == "plan" else [student.pk, 1]
    for label, outsider in {**outsiders, "org admin not on the team": org_admin}.items():
        response = client_of(outsider).get(reverse(f"accommodations:{url_name}", args=args))
        assert response.status_code == 404, label


def test_a_student_that_does_not_exist_is_404(client_of, guardian):
    assert client_of(guardian).get(reverse("accommodations:plan", args=[999999])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, student):
    response = client.get(plan_url(student))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_published_versions_are_listed_newest_first(client_of, guardian, student, psychologist):
    publish_version(
        student, version=2, by=psychologist, items=[(Category.ACADEMICS, "Extra time on tests")]
    )
    publish_version(
        student, version=3, by=psychologist, items=[(Category.ACADEMICS, "Quiet testing room")]
    )

    page = client_of(guardian).get(plan_url(student)).content.decode()

    assert page.index("Version 3, published") < page.index("Version 2, published")
    assert page.index("Version 2, published") < page.index("Version 1, published")
    assert AccommodationPlan.objects.filter(student=student).count() == 3
