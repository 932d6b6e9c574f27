"""Drafting a letter through the pages: only the care team, citing the published plan."""

import pytest
from django.urls import reverse

from letters.models import Letter
from portal.audit.models import AuditEvent
from tests import factories


def create_url(student):
    return reverse("letters:letter_create", args=[student.id])


def test_a_psychologist_starts_a_draft_prefilled_for_the_student(
    client_of, psychologist, student, accommodation_template
):
    client = client_of(psychologist)
    page = client.get(create_url(student))
    assert page.status_code == 200
    assert "Accommodation letter" in page.content.decode()
    response = client.post(
        create_url(student),
        {
            "template": accommodation_template.id,
            "recipient_name": "Ms. Lan Nguyễn",
            "recipient_role": "School nurse",
        },
    )
    letter = Letter.objects.get(student=student)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:letter_detail", args=[student.id, letter.id])
    assert letter.is_draft
    assert letter.plan.version == 1 and letter.plan.is_published
    assert "Mia Example" in letter.body
    assert "Dear Ms. Lan Nguyễn," in letter.body
    assert "{{" not in letter.body
    for item in letter.plan.items.all():
        assert item.title in letter.body
    assert AuditEvent.objects.filter(action="letter.drafted", student=student).exists()


def test_the_draft_page_shows_an_editable_body_and_a_preview(client_of, psychologist, draft):
    client = client_of(psychologist)
    page = client.get(reverse("letters:letter_detail", args=[draft.student_id, draft.id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="body"' in html
    assert reverse("letters:letter_preview", args=[draft.student_id, draft.id]) in html


def test_editing_the_draft_saves_the_new_text(client_of, psychologist, draft):
    client = client_of(psychologist)
    url = reverse("letters:letter_detail", args=[draft.student_id, draft.id])
    response = client.post(
        url,
        {
            "recipient_name": "Mr. Chen",
            "recipient_role": "504 coordinator",
            "subject": "Plan for {{ student_first_name }}",
            "body": "Dear Mr. Chen,\n\nNew text.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.recipient_name == "Mr. Chen"
    assert draft.body == "Dear Mr. Chen,\n\nNew text."


def test_an_unknown_placeholder_is_refused_with_a_clear_message(client_of, psychologist, draft):
    client = client_of(psychologist)
    url = reverse("letters:letter_detail", args=[draft.student_id, draft.id])
    response = client.post(
        url,
        {
            "recipient_name": "X",
            "recipient_role": "",
            "subject": "S",
            "body": "Hello {{ favourite_colour }}",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholder: {{ favourite_colour }}" in response.content.decode()
    draft.refresh_from_db()
    assert "favourite_colour" not in draft.body


def test_the_preview_is_a_pdf_marked_draft(client_of, psychologist, draft, profile):
    from tests.letters.conftest import pdf_text

    response = client_of(psychologist).get(
        reverse("letters:letter_preview", args=[draft.student_id, draft.id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "DRAFT" in text
    assert "Mia Example" in text


def test_script_in_the_body_never_reaches_the_pdf_as_markup(client_of, psychologist, draft):
    from letters.markup import markdown_to_safe_html

    html = markdown_to_safe_html('Hi <script>alert(1)</script> <a href="http://x">y</a> **bold**')
    assert "<script" not in html and "href" not in html
    assert "<strong>bold</strong>" in html


def test_without_a_published_plan_there_is_no_letter(client_of, psychologist, clinic, school):
    from accommodations.models import CareTeamMember

    student = factories.StudentFactory(organization=clinic, school=school)
    factories.CareTeamMemberFactory(
        student=student, user=psychologist, role=CareTeamMember.Role.PSYCHOLOGIST
    )
    from letters.services import ensure_letter_templates

    ensure_letter_templates(organization=clinic)
    template = clinic.letter_templates.first()
    response = client_of(psychologist).post(
        create_url(student), {"template": template.id, "recipient_name": "Nurse"}
    )
    assert response.status_code == 200
    assert "Publish the accommodation plan" in response.content.decode()
    assert not Letter.objects.filter(student=student).exists()


@pytest.mark.parametrize("persona", ["guardian", "nurse"])
def test_family_and_school_cannot_draft(
    request, client_of, persona, student, accommodation_template
):
    user = request.getfixturevalue(persona)
    client = client_of(user)
    assert client.get(create_url(student)).status_code == 404
    response = client.post(
        create_url(student), {"template": accommodation_template.id, "recipient_name": "X"}
    )
    assert response.status_code == 404
    assert not Letter.objects.exists()


@pytest.mark.parametrize("persona", ["guardian", "nurse"])
def test_family_and_school_do_not_see_drafts(request, client_of, persona, draft):
    client = client_of(request.getfixturevalue(persona))
    assert (
        client.get(reverse("letters:letter_detail", args=[draft.student_id, draft.id])).status_code
        == 404
    )
    assert (
        client.get(reverse("letters:letter_preview", args=[draft.student_id, draft.id])).status_code
        == 404
    )
    listing = client.get(reverse("letters:student_letters", args=[draft.student_id]))
    assert listing.status_code == 200
    assert reverse("letters:letter_detail", args=[draft.student_id, draft.id]) not in (
        listing.content.decode()
    )


def test_every_outsider_gets_404_on_every_letter_page(client_of, outsiders, draft, student):
    urls = [
        reverse("letters:student_letters", args=[student.id]),
        create_url(student),
        reverse("letters:letter_detail", args=[student.id, draft.id]),
        reverse("letters:letter_preview", args=[student.id, draft.id]),
        reverse("letters:letter_sign", args=[student.id, draft.id]),
    ]
    for label, user in outsiders.items():
        client = client_of(user)
        for url in urls:
            assert client.get(url).status_code == 404, f"{label} reached {url}"


def test_a_letter_of_another_student_is_404_under_this_students_url(
    client_of, psychologist, draft, clinic, school
):
    from accommodations.models import CareTeamMember

    sibling = factories.StudentFactory(organization=clinic, school=school)
    factories.CareTeamMemberFactory(
        student=sibling, user=psychologist, role=CareTeamMember.Role.PSYCHOLOGIST
    )
    url = reverse("letters:letter_detail", args=[sibling.id, draft.id])
    assert client_of(psychologist).get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, student):
    response = client.get(reverse("letters:student_letters", args=[student.id]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_draft_can_be_discarded_but_not_after_signing(client_of, psychologist, draft):
    client = client_of(psychologist)
    url = reverse("letters:letter_discard", args=[draft.student_id, draft.id])
    assert client.post(url).status_code == 302
    assert not Letter.objects.filter(pk=draft.pk).exists()
