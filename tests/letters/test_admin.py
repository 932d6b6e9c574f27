"""The Django admin shows a clinic administrator their own clinic's letters, read only."""

import pytest
from django.urls import reverse

from letters.models import Letter, LetterTemplate
from letters.services import ensure_letter_templates
from tests import factories


@pytest.fixture
def clinic_admin(org_admin):
    org_admin.is_staff = True
    org_admin.save(update_fields=["is_staff"])
    return org_admin


def test_a_clinic_admin_sees_only_their_clinics_templates(
    client_of, clinic_admin, accommodation_template, other_clinic
):
    ensure_letter_templates(organization=other_clinic)
    theirs = LetterTemplate.objects.filter(organization=other_clinic).first()
    client = client_of(clinic_admin)
    listing = client.get(reverse("admin:letters_lettertemplate_changelist"))
    assert listing.status_code == 200
    assert accommodation_template.title in listing.content.decode()
    change = "admin:letters_lettertemplate_change"
    assert client.get(reverse(change, args=[accommodation_template.pk])).status_code == 200
    assert client.get(reverse(change, args=[theirs.pk])).status_code == 302


def test_the_admin_refuses_an_unknown_placeholder(client_of, clinic_admin, accommodation_template):
    url = reverse("admin:letters_lettertemplate_change", args=[accommodation_template.pk])
    response = client_of(clinic_admin).post(
        url,
        {
            "title": "T",
            "kind": "accommodation",
            "subject": "S",
            "body": "{{ shoe_size }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholder" in response.content.decode()


def test_letters_are_not_in_the_admin(client_of, clinic_admin, signed_letter):
    client = client_of(clinic_admin)
    assert client.get("/admin/letters/letter/").status_code == 404
    assert client.get(f"/admin/letters/letter/{signed_letter.pk}/change/").status_code == 404
    assert Letter.objects.get(pk=signed_letter.pk).subject == signed_letter.subject


def test_a_superuser_can_open_every_letters_list(client_of, signed_letter):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    client = client_of(superuser)
    for name in ("lettertemplate", "signingprofile"):
        assert client.get(reverse(f"admin:letters_{name}_changelist")).status_code == 200
