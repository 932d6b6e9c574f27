"""Cryptographic signing and checking of letter PDFs (the only module that imports pyHanko).

The organisation's PKCS#12 file is named by settings or the environment
(``LETTERS_SIGNING_PKCS12`` and ``LETTERS_SIGNING_PKCS12_PASSPHRASE``). Without it, a
development certificate (ECDSA P-256, self-signed, labelled as such) is made on first use
under ``var/signing/`` (the portal's VAR_DIR). The signer is loaded once per process.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

# pyHanko is imported inside the functions that use it: it takes most of a second to import,
# and most processes that load this module never sign anything.

SIGNATURE_FIELD = "ClinicSignature"
DEVELOPMENT_COMMON_NAME = "DEVELOPMENT ONLY - Pain School Portal test signature"

_lock = threading.Lock()
_loaded: LoadedSigner | None = None


class SigningError(Exception):
    """The signer could not be loaded or the PDF could not be signed."""


@dataclass(frozen=True)
class LoadedSigner:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    is_development: bool
    timestamp_url: str


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko says about the one signature in a PDF."""

    found: bool
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer_name: str = ""
    signed_at: dt.datetime | None = None

    @property
    def holds(self) -> bool:
        return self.found and self.intact and self.trusted and self.covers_whole_file


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or "")


def development_key_dir() -> Path:
    return Path(_setting("LETTERS_DEV_SIGNING_DIR") or settings.VAR_DIR / "signing")


def _write_development_pkcs12(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Development certificate"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"development", key, cert, None, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and linked into place, so two processes starting at
    # once end up sharing whichever file won, never a half-written one.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(data)
        temporary = Path(handle.name)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _load() -> LoadedSigner:
    from pyhanko.sign import signers

    configured = _setting("LETTERS_SIGNING_PKCS12")
    passphrase = _setting("LETTERS_SIGNING_PKCS12_PASSPHRASE").encode() or None
    timestamp_url = _setting("LETTERS_TIMESTAMP_URL")
    if configured:
        path, is_development = Path(configured), False
    else:
        path, is_development = development_key_dir() / "development-signing.p12", True
        if not path.exists():
            _write_development_pkcs12(path)
    try:
        data = path.read_bytes()
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    except (OSError, ValueError) as error:
        raise SigningError(f"Cannot load the signing certificate at {path}: {error}") from error
    return LoadedSigner(signer=signer, is_development=is_development, timestamp_url=timestamp_url)


def loaded_signer() -> LoadedSigner:
    """Return the process-wide signer, loading it on first use."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def forget_loaded_signer() -> None:
    """Drop the cached signer, so the next call reloads it (used when settings change)."""
    global _loaded
    with _lock:
        _loaded = None


def signature_is_development() -> bool:
    return loaded_signer().is_development


def sign_pdf(pdf: bytes, *, signer_name: str, reason: str, location: str = "") -> bytes:
    """Return pdf with one PAdES signature covering the whole file (B-T with a TSA)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    current = loaded_signer()
    timestamper = (
        RequestsHTTPTimeStamper(current.timestamp_url, timeout=10)
        if current.timestamp_url
        else None
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=reason,
        location=location or None,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = signers.sign_pdf(writer, metadata, signer=current.signer, timestamper=timestamper)
    except Exception as error:  # pyHanko raises many kinds; all mean "not signed"
        raise SigningError(f"{type(error).__name__}: {error}") from error
    return output.getvalue()


def check_signature(pdf: bytes) -> SignatureCheck:
    """Validate the PDF's signature against the portal's own certificate, offline."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    current = loaded_signer()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # a damaged file fails in many ways (zlib, parsing, xref); all mean "no"
        return SignatureCheck(found=False)
    if len(embedded) != 1:
        return SignatureCheck(found=False)
    context = ValidationContext(
        trust_roots=[current.signer.signing_cert],
        other_certs=list(current.signer.cert_registry),
        allow_fetching=False,
    )
    try:
        status = validate_pdf_signature(embedded[0], signer_validation_context=context)
    except Exception:  # a damaged signature structure is simply "does not hold"
        return SignatureCheck(found=True)
    signer_name = status.signing_cert.subject.native.get("common_name", "")
    return SignatureCheck(
        found=True,
        intact=bool(status.intact),
        trusted=bool(status.valid and status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer_name=str(signer_name),
        signed_at=status.signer_reported_dt,
    )
