"""The public verification page and the verify_letter command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accommodations.selectors import access_for
from letters import guessing, services
from letters.models import Letter
from portal.audit.models import AuditEvent
from tests.letters.conftest import PASSWORD


def pdf_bytes(letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


def verify_url(letter) -> str:
    return reverse("letters:verify_code", args=[letter.verification_code])


def test_a_current_letter_is_valid_and_shows_only_initials(client, signed_letter):
    response = client.get(verify_url(signed_letter))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid and current" in html
    assert "M.E." in html
    assert "Dr. Rowan Example" in html
    assert "Lakeside Children&#x27;s Pain Clinic" in html
    assert "Mia" not in html
    assert "Example" not in html.replace("Dr. Rowan Example", "")


def test_codes_are_forgiving_of_case_spaces_and_lookalike_letters(client, signed_letter):
    typed = signed_letter.verification_code.lower().replace("-", " ").replace("0", "o")
    response = client.get(reverse("letters:verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(signed_letter)


def test_a_superseded_letter_names_the_date_of_the_newer_one(
    client, signed_letter, psychologist, student, accommodation_template
):
    access = access_for(user=psychologist, student=student)
    newer = services.create_draft(
        access=access,
        template=accommodation_template,
        recipient_name="School team",
        supersedes=signed_letter,
    )
    newer = services.sign_letter(access=access, letter=newer, password=PASSWORD)
    html = client.get(verify_url(signed_letter)).content.decode()
    assert "Superseded" in html
    assert timezone.localdate(newer.signed_at).strftime("%B %-d, %Y") in html
    assert "Valid and current" in client.get(verify_url(newer)).content.decode()


def test_a_revoked_letter_says_revoked(client, signed_letter, psychologist, student):
    access = access_for(user=psychologist, student=student)
    services.revoke_letter(access=access, letter=signed_letter, reason="Wrong grade.")
    html = client.get(verify_url(signed_letter)).content.decode()
    assert "Revoked" in html
    assert "Wrong grade." not in html


def test_an_unknown_code_says_unknown_and_reveals_nothing(client, signed_letter):
    response = client.get(reverse("letters:verify_code", args=["ZZZZ-ZZZZ-ZZZZ"]))
    html = response.content.decode()
    assert "Unknown code" in html
    assert "M.E." not in html and "Rowan" not in html


def test_a_draft_has_no_public_status(client, draft):
    Letter.objects.filter(pk=draft.pk).update(verification_code="AAAA-BBBB-CCCC")
    html = client.get(reverse("letters:verify_code", args=["AAAA-BBBB-CCCC"])).content.decode()
    assert "Unknown code" in html


def test_guessing_codes_is_cut_off_but_a_real_code_still_answers(client, signed_letter):
    for attempt in range(guessing.LIMITS["verify"]):
        client.get(reverse("letters:verify_code", args=[f"QQQQ-QQQQ-{attempt:04d}"]))
    blocked = client.get(reverse("letters:verify_code", args=["QQQQ-QQQQ-9999"]))
    assert blocked.status_code == 429
    assert client.get(verify_url(signed_letter)).status_code == 200


def upload(client, url, data: bytes, name="letter.pdf"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_uploading_the_issued_pdf_confirms_it_exactly(client, signed_letter):
    response = upload(client, verify_url(signed_letter), pdf_bytes(signed_letter))
    html = response.content.decode()
    assert "exactly a letter the clinic issued, and it is current" in html
    event = AuditEvent.objects.get(action="letter.verification_upload")
    assert event.extra["matches_issued_letter"] is True
    assert event.extra["signature_holds"] is True


def test_uploading_an_altered_pdf_says_it_is_not_the_clinics(client, signed_letter):
    data = bytearray(pdf_bytes(signed_letter))
    data[len(data) // 2] ^= 0x01
    html = upload(client, reverse("letters:verify"), bytes(data)).content.decode()
    assert "This file is not a letter the clinic issued" in html
    assert AuditEvent.objects.get(action="letter.verification_upload").extra == {
        "matches_issued_letter": False,
        "signature_holds": False,
        "letter_id": None,
        "state": "unknown",
    }


def test_uploading_something_that_is_not_a_pdf_is_refused(client, db):
    response = upload(client, reverse("letters:verify"), b"GIF89a not a pdf", name="x.gif")
    assert "That file is not a PDF." in response.content.decode()
    assert not AuditEvent.objects.filter(action="letter.verification_upload").exists()


def test_uploading_a_revoked_letter_says_so(client, signed_letter, psychologist, student):
    services.revoke_letter(
        access=access_for(user=psychologist, student=student),
        letter=signed_letter,
        reason="Replaced by phone call.",
    )
    html = upload(client, reverse("letters:verify"), pdf_bytes(signed_letter)).content.decode()
    assert "A genuine letter, but revoked" in html


def test_the_command_exits_zero_for_a_valid_current_letter(signed_letter, tmp_path, capsys):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes(signed_letter))
    call_command("verify_letter", str(path))
    out = capsys.readouterr().out
    assert "VALID" in out
    assert f"code: {signed_letter.verification_code}" in out


def test_the_command_fails_for_an_altered_file(signed_letter, tmp_path):
    data = bytearray(pdf_bytes(signed_letter))
    data[1000] ^= 0x01
    path = tmp_path / "letter.pdf"
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError) as failure:
        call_command("verify_letter", str(path))
    assert failure.value.returncode == 1


def test_the_command_fails_for_a_revoked_letter(signed_letter, tmp_path, psychologist, student):
    services.revoke_letter(
        access=access_for(user=psychologist, student=student), letter=signed_letter, reason="x"
    )
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes(signed_letter))
    with pytest.raises(CommandError) as failure:
        call_command("verify_letter", str(path))
    assert failure.value.returncode == 1


def test_the_command_fails_for_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError) as failure:
        call_command("verify_letter", str(tmp_path / "nowhere.pdf"))
    assert failure.value.returncode == 2


def test_behind_a_proxy_a_code_guesser_limits_only_their_own_misses(
    client, settings, signed_letter
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guesser = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", **proxy}
    neighbour = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", **proxy}
    for attempt in range(guessing.LIMITS["verify"] + 2):
        client.get(reverse("letters:verify_code", args=[f"QQQQ-QQQQ-{attempt:04d}"]), **guesser)
    guess = reverse("letters:verify_code", args=["QQQQ-QQQQ-9999"])

    assert client.get(guess, **guesser).status_code == 429
    assert client.get(guess, **neighbour).status_code == 200
    assert client.get(verify_url(signed_letter), **guesser).status_code == 200
    assert client.get(verify_url(signed_letter), **neighbour).status_code == 200
