"""Clinic administrators edit their clinic's letter templates; nobody else can."""

from django.urls import reverse

from letters.models import LetterTemplate
from letters.template_data import LETTER_TEMPLATES


def test_every_kind_of_letter_is_seeded_for_the_clinic(client_of, org_admin, clinic):
    response = client_of(org_admin).get(reverse("letters:template_list"))
    assert response.status_code == 200
    codes = set(LetterTemplate.objects.filter(organization=clinic).values_list("code", flat=True))
    assert codes == {seed["code"] for seed in LETTER_TEMPLATES}
    kinds = set(LetterTemplate.objects.values_list("kind", flat=True))
    assert {
        "accommodation",
        "return_to_school",
        "pe_modification",
        "device_precautions",
        "absence_excuse",
    } <= kinds


def test_an_admin_edits_a_template_and_new_drafts_use_it(
    client_of, org_admin, accommodation_template
):
    url = reverse("letters:template_edit", args=[accommodation_template.id])
    response = client_of(org_admin).post(
        url,
        {
            "title": "Accommodation letter",
            "subject": "Accommodations for {{ student_name }}",
            "body": "Dear {{ recipient_name }},\n\n{{ plan_items }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    accommodation_template.refresh_from_db()
    assert accommodation_template.body == "Dear {{ recipient_name }},\n\n{{ plan_items }}"
    assert accommodation_template.updated_by == org_admin


def test_an_unknown_placeholder_in_a_template_is_refused(
    client_of, org_admin, accommodation_template
):
    url = reverse("letters:template_edit", args=[accommodation_template.id])
    response = client_of(org_admin).post(
        url, {"title": "T", "subject": "S", "body": "Hi {{ nickname }}", "is_active": "on"}
    )
    assert "Unknown placeholder: {{ nickname }}" in response.content.decode()
    accommodation_template.refresh_from_db()
    assert "nickname" not in accommodation_template.body


def test_clinicians_and_families_cannot_edit_templates(
    client_of, psychologist, guardian, accommodation_template
):
    url = reverse("letters:template_edit", args=[accommodation_template.id])
    for user in (psychologist, guardian):
        client = client_of(user)
        assert client.get(reverse("letters:template_list")).status_code == 404
        assert client.get(url).status_code == 404


def test_an_admin_of_another_clinic_cannot_open_our_templates(
    client_of, other_clinic, accommodation_template
):
    from tests.factories import ClinicianFactory

    admin = ClinicianFactory(organization=other_clinic, is_org_admin=True)
    url = reverse("letters:template_edit", args=[accommodation_template.id])
    assert client_of(admin).get(url).status_code == 404
