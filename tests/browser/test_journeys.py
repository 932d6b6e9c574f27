"""The three everyday journeys, in Chromium, at phone size, each person seeing the others' work."""

import re

import pytest
from playwright.sync_api import expect

from accommodations.catalog import load_catalog
from accommodations.models import Acknowledgement, CheckIn, Release, SchoolStaff
from accommodations.selectors import current_published_plan
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school_nurse(school):
    user = factories.UserFactory(email="nurse.lee@maplegrove.example", full_name="Robin Lee, RN")
    factories.SchoolStaffFactory(user=user, school=school, role=SchoolStaff.Role.NURSE)
    return user


def test_psychologist_parent_and_nurse_each_see_the_others_work(
    signed_in_page, clinic, student, psychologist, guardian, school_nurse
):
    load_catalog(organization=clinic)

    # The psychologist adds the elevator pass from the catalog and publishes version 2.
    clinician = signed_in_page(psychologist)
    clinician.goto(f"/students/{student.pk}/plan/edit/")
    clinician.get_by_role("button", name="Start draft version 2").click()
    clinician.get_by_label("Search the catalog").fill("elevator")
    clinician.get_by_role("button", name="Search").click()
    clinician.get_by_role("button", name=re.compile("Add .*Elevator pass")).click()
    expect(clinician.locator("#items")).to_contain_text("Elevator pass")
    clinician.get_by_role("link", name="Review and publish").click()
    expect(clinician.locator("main")).to_contain_text("Elevator pass")
    clinician.get_by_label(re.compile("I have checked this version")).check()
    with clinician.expect_navigation():
        clinician.get_by_role("button", name="Publish version 2").click()
    assert current_published_plan(student).version == 2

    # The parent sends this week's update with a message to school, then grants the school access.
    parent = signed_in_page(guardian)
    parent.goto(f"/students/{student.pk}/checkins/new/")
    for field, score in (("pain_now", 4), ("pain_average", 5), ("pain_worst", 7)):
        parent.locator(f"input[name={field}][value='{score}']").check(force=True)
    for field, days in (("days_full", "4"), ("days_partial", "1"), ("days_missed", "0")):
        parent.locator(f"input[name={field}]").fill(days)
    parent.locator("input[name=sleep_quality]").first.check(force=True)
    parent.locator("input[name=mood][value='4']").check(force=True)
    parent.get_by_label("Message to school").fill(
        "Please remind Mia to use her break pass before PE."
    )
    with parent.expect_navigation():
        parent.get_by_role("button", name="Send the update").click()
    expect(parent.locator("main")).to_contain_text("break pass before PE")
    assert CheckIn.objects.filter(student=student).count() == 1

    parent.goto(f"/students/{student.pk}/releases/new/")
    parent.get_by_label("School", exact=True).select_option(label=student.school.name)
    for scope in ("plan", "updates"):
        parent.locator(f"input[name=scopes][value='{scope}']").check()
    for scope in ("letters", "notes"):
        parent.locator(f"input[name=scopes][value='{scope}']").uncheck()
    with parent.expect_navigation():
        parent.get_by_role("button", name="Give access").click()
    expect(parent.locator("main")).to_contain_text(student.school.name)
    assert Release.objects.in_force().filter(student=student, school=student.school).exists()

    # The nurse finds the student waiting for acknowledgement, reads version 2 and asks a question.
    nurse = signed_in_page(school_nurse)
    nurse.goto("/school/students/")
    expect(nurse.locator("main")).to_contain_text(student.display_name)
    nurse.goto(f"/students/{student.pk}/plan/acknowledge/")
    expect(nurse.locator("main")).to_contain_text("Elevator pass")
    nurse.get_by_label("Comment or question for the care team").fill(
        "Which elevator key should she use?"
    )
    with nurse.expect_navigation():
        nurse.get_by_role("button", name="I have read version 2").click()
    expect(nurse.locator("main")).to_contain_text(re.compile("acknowledged|read version 2", re.I))
    assert Acknowledgement.objects.filter(user=school_nurse, plan__version=2).exists()
    nurse.goto(f"/students/{student.pk}/school-updates/")
    expect(nurse.locator("main")).to_contain_text("break pass before PE")
    expect(nurse.locator("main")).not_to_contain_text("7/10")

    # Back at the clinic and at home, the results are there.
    clinician.goto(f"/students/{student.pk}/")
    expect(clinician.locator("main")).to_contain_text("Robin Lee")
    expect(clinician.locator("main")).to_contain_text("Which elevator key should she use?")
    expect(clinician.locator("main")).to_contain_text("7/10")
    parent.goto("/children/")
    expect(parent.locator("main")).to_contain_text("Robin Lee")


def test_a_nurse_without_a_release_sees_nothing_of_the_student(
    signed_in_page, student, school_nurse
):
    nurse = signed_in_page(school_nurse)
    nurse.goto("/school/students/")
    expect(nurse.locator("main")).not_to_contain_text(student.display_name)
    response = nurse.goto(f"/students/{student.pk}/")
    assert response.status == 404
