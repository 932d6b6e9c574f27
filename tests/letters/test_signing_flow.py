"""Signing through the page: password re-entry, failures leave a draft, superseding, revoking."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from accommodations.selectors import access_for
from letters import services, signing
from letters.models import Letter
from portal.audit.models import AuditEvent
from tests.letters.conftest import PASSWORD


def sign_url(letter):
    return reverse("letters:letter_sign", args=[letter.student_id, letter.id])


def stored_files() -> list[str]:
    found = []

    def walk(folder):
        folders, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}")

    if default_storage.exists("letters"):
        walk("letters")
    return found


def test_signing_asks_for_the_password_again(client_of, psychologist, draft, profile):
    client = client_of(psychologist)
    page = client.get(sign_url(draft))
    assert page.status_code == 200
    assert 'type="password"' in page.content.decode()
    response = client.post(sign_url(draft), {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That password is not right." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    assert stored_files() == []


def test_signing_freezes_the_draft_as_a_signed_pdf(client_of, psychologist, draft, profile):
    response = client_of(psychologist).post(sign_url(draft), {"password": PASSWORD})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Letter.Status.SIGNED
    assert draft.signed_by == psychologist
    assert draft.signer_license == profile.license_number
    assert len(draft.verification_code) == 14
    assert stored_files() == [draft.pdf.name]
    event = AuditEvent.objects.get(action="letter.signed")
    assert event.actor == psychologist
    assert event.extra["sha256"] == draft.pdf_sha256


def test_signing_without_a_signature_profile_is_refused(client_of, psychologist, draft):
    response = client_of(psychologist).post(sign_url(draft), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Set up your signature" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_failed_signature_leaves_a_draft_with_a_clear_error_and_no_file(
    client_of, psychologist, draft, profile, settings, tmp_path
):
    broken = tmp_path / "clinic.p12"
    broken.write_bytes(b"this is not a PKCS#12 file")
    settings.LETTERS_SIGNING_PKCS12 = str(broken)
    signing.forget_loaded_signer()
    try:
        response = client_of(psychologist).post(sign_url(draft), {"password": PASSWORD})
    finally:
        signing.forget_loaded_signer()
    assert response.status_code == 200
    assert "could not be signed and is still a draft" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    assert "signing certificate" in draft.last_error
    assert not draft.pdf and not draft.pdf_sha256 and draft.verification_code is None
    assert stored_files() == []
    listing = client_of(psychologist).get(
        reverse("letters:student_letters", args=[draft.student_id])
    )
    assert "Signing failed" in listing.content.decode()


def test_a_draft_edited_while_signing_is_not_signed(draft, psychologist, student, profile):
    access = access_for(user=psychologist, student=student)
    stale = Letter.objects.get(pk=draft.pk)
    services.update_draft(
        access=access,
        letter=draft,
        recipient_name="Someone else",
        recipient_role="",
        subject=draft.subject,
        body=draft.body,
    )
    with pytest.raises(services.LetterError):
        services.sign_letter(access=access, letter=stale, password=PASSWORD)
    draft.refresh_from_db()
    assert draft.is_draft
    assert stored_files() == []


def test_a_clinician_off_the_team_cannot_sign(client_of, physician_off_team, draft):
    response = client_of(physician_off_team).post(sign_url(draft), {"password": PASSWORD})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_newer_letter_supersedes_the_older_one_when_signed(
    client_of, psychologist, signed_letter, accommodation_template, student
):
    client = client_of(psychologist)
    client.post(
        reverse("letters:letter_create", args=[student.id]),
        {
            "template": accommodation_template.id,
            "recipient_name": "School team",
            "supersedes": signed_letter.id,
        },
    )
    newer = Letter.objects.exclude(pk=signed_letter.pk).get()
    assert newer.supersedes == signed_letter
    signed_letter.refresh_from_db()
    assert signed_letter.status == Letter.Status.SIGNED, "a draft replaces nothing yet"
    client.post(sign_url(newer), {"password": PASSWORD})
    signed_letter.refresh_from_db()
    newer.refresh_from_db()
    assert newer.status == Letter.Status.SIGNED
    assert signed_letter.status == Letter.Status.SUPERSEDED
    assert signed_letter.superseded_at == newer.signed_at


def test_revoking_needs_a_reason_and_is_recorded(client_of, psychologist, signed_letter):
    client = client_of(psychologist)
    url = reverse("letters:letter_revoke", args=[signed_letter.student_id, signed_letter.id])
    client.post(url, {"reason": ""})
    signed_letter.refresh_from_db()
    assert signed_letter.status == Letter.Status.SIGNED
    client.post(url, {"reason": "Issued with the wrong school name."})
    signed_letter.refresh_from_db()
    assert signed_letter.status == Letter.Status.REVOKED
    assert signed_letter.revocation_reason == "Issued with the wrong school name."
    assert AuditEvent.objects.filter(action="letter.revoked").count() == 1


@pytest.mark.parametrize("persona", ["guardian", "nurse"])
def test_family_and_school_cannot_revoke(request, client_of, persona, signed_letter):
    client = client_of(request.getfixturevalue(persona))
    url = reverse("letters:letter_revoke", args=[signed_letter.student_id, signed_letter.id])
    assert client.post(url, {"reason": "no"}).status_code == 404
    signed_letter.refresh_from_db()
    assert signed_letter.status == Letter.Status.SIGNED


@pytest.mark.parametrize("persona", ["psychologist", "guardian", "nurse"])
def test_readers_of_signed_letters_can_open_the_pdf(request, client_of, persona, signed_letter):
    client = client_of(request.getfixturevalue(persona))
    response = client.get(
        reverse("letters:letter_pdf", args=[signed_letter.student_id, signed_letter.id])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_nurse_whose_release_does_not_cover_letters_gets_404(client_of, nurse, signed_letter):
    from accommodations.models import Release

    Release.objects.filter(school__staff__user=nurse).update(scope_letters=False)
    client = client_of(nurse)
    assert (
        client.get(
            reverse("letters:letter_pdf", args=[signed_letter.student_id, signed_letter.id])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("letters:student_letters", args=[signed_letter.student_id])).status_code
        == 404
    )


def test_outsiders_get_404_on_signed_letters(client_of, outsiders, signed_letter):
    urls = [
        reverse("letters:letter_detail", args=[signed_letter.student_id, signed_letter.id]),
        reverse("letters:letter_pdf", args=[signed_letter.student_id, signed_letter.id]),
    ]
    for label, user in outsiders.items():
        client = client_of(user)
        for url in urls:
            assert client.get(url).status_code == 404, f"{label} reached {url}"


def test_the_guardians_are_told_when_a_letter_is_signed(guardian, signed_letter):
    from portal.notifications.models import Notification

    told = Notification.objects.filter(recipient=guardian, kind="letter_signed")
    assert told.exists()
    assert told.values("dedupe_key").distinct().count() == 1


def test_the_guardians_are_told_when_a_letter_is_revoked(
    client_of, psychologist, guardian, signed_letter
):
    from portal.notifications.models import Notification

    url = reverse("letters:letter_revoke", args=[signed_letter.student_id, signed_letter.id])
    client_of(psychologist).post(url, {"reason": "Issued with the wrong school name."})
    client_of(psychologist).post(url, {"reason": "Issued with the wrong school name."})

    told = Notification.objects.filter(recipient=guardian, kind="letter_revoked")
    assert told.exists()
    assert told.values("dedupe_key").distinct().count() == 1
    assert not Notification.objects.filter(recipient=psychologist, kind="letter_revoked").exists()
