"""The signature on a letter: pyHanko and poppler agree it holds, and any changed byte breaks it."""

import hashlib
import io

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from letters import signing, verification
from letters.models import Letter, LetterIsFrozen
from tests.letters.conftest import PASSWORD, run_tool


def stored_pdf(letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


def test_pyhankos_validator_reports_the_signature_intact_and_valid(signed_letter):
    reader = PdfFileReader(io.BytesIO(stored_pdf(signed_letter)))
    [embedded] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[signing.loaded_signer().signer.signing_cert])
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line


def test_the_recorded_sha256_is_the_stored_files(signed_letter):
    assert hashlib.sha256(stored_pdf(signed_letter)).hexdigest() == signed_letter.pdf_sha256


def test_flipping_any_byte_breaks_the_letter(signed_letter):
    original = stored_pdf(signed_letter)
    assert verification.check_file(original).is_valid_current_letter
    positions = sorted({0, len(original) - 1, *range(7, len(original), len(original) // 97)})
    for position in positions:
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        result = verification.check_file(bytes(damaged))
        assert not result.is_valid_current_letter, f"byte {position} changed unnoticed"
        assert not result.matches_issued_letter


def test_flipping_a_byte_of_the_signed_content_fails_pyhankos_integrity_check(signed_letter):
    original = stored_pdf(signed_letter)
    for position in (100, len(original) // 3, len(original) - 200):
        damaged = bytearray(original)
        damaged[position] ^= 0x20
        check = signing.check_signature(bytes(damaged))
        assert not check.holds


def test_pdfsig_reports_the_signature_valid_and_covering_the_whole_document(
    signed_letter, tmp_path
):
    result = run_tool("pdfsig", data=stored_pdf(signed_letter), tmp_path=tmp_path)
    assert "Signature Validation: Signature is Valid." in result.stdout
    assert "Total document signed" in result.stdout
    assert "ETSI.CAdES.detached" in result.stdout
    assert signing.DEVELOPMENT_COMMON_NAME in result.stdout


def test_pdfsig_notices_a_changed_byte(signed_letter, tmp_path):
    damaged = bytearray(stored_pdf(signed_letter))
    damaged[len(damaged) // 4] ^= 0x01
    result = run_tool("pdfsig", data=bytes(damaged), tmp_path=tmp_path)
    assert "Signature is Valid." not in result.stdout


def test_a_signed_letter_cannot_be_changed_through_the_model(signed_letter):
    signed_letter.body = "Something else entirely."
    with pytest.raises(LetterIsFrozen):
        signed_letter.save()
    signed_letter.refresh_from_db()
    signed_letter.pdf_sha256 = "0" * 64
    with pytest.raises(LetterIsFrozen):
        signed_letter.save(update_fields=["pdf_sha256"])
    signed_letter.refresh_from_db()
    signed_letter.status = Letter.Status.DRAFT
    with pytest.raises(LetterIsFrozen):
        signed_letter.save(update_fields=["status"])


def test_a_signed_letter_cannot_be_deleted(signed_letter):
    with pytest.raises(LetterIsFrozen):
        signed_letter.delete()


def test_signing_twice_changes_nothing(signed_letter, client_of, psychologist, student):
    before = (signed_letter.pdf.name, signed_letter.pdf_sha256, signed_letter.verification_code)
    client = client_of(psychologist)
    url = reverse("letters:letter_sign", args=[student.id, signed_letter.id])
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    signed_letter.refresh_from_db()
    assert (signed_letter.pdf.name, signed_letter.pdf_sha256, signed_letter.verification_code) == (
        before
    )


def test_the_signer_is_loaded_once_per_process(signed_letter):
    assert signing.loaded_signer() is signing.loaded_signer()


def test_a_configured_pkcs12_signs_as_the_organization(tmp_path, settings):
    from cryptography.hazmat.primitives.serialization import pkcs12

    signing.forget_loaded_signer()
    development = tmp_path / "dev.p12"
    signing._write_development_pkcs12(development)
    key, cert, _ = pkcs12.load_key_and_certificates(development.read_bytes(), None)
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption

    protected = tmp_path / "clinic.p12"
    protected.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"clinic", key, cert, None, BestAvailableEncryption(b"s3cret-phrase")
        )
    )
    settings.LETTERS_SIGNING_PKCS12 = str(protected)
    settings.LETTERS_SIGNING_PKCS12_PASSPHRASE = "s3cret-phrase"
    try:
        assert not signing.signature_is_development()
    finally:
        signing.forget_loaded_signer()
