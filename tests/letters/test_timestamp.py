"""With a timestamp server configured the signature is PAdES B-T: it carries a timestamp token.

The timestamp server here is a real RFC 3161 HTTP endpoint on the loopback interface,
answered by pyHanko's own test timestamper (RSA only) with a certificate made for the test.
"""

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from letters import pdf, signing
from tests.letters.test_pdf import _document


def _tsa_material():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test timestamp authority")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture
def timestamp_server():
    cert, key = _tsa_material()
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key)
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests_seen.append(self.headers["Content-Type"])
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", cert, requests_seen
    server.shutdown()
    server.server_close()


def test_a_configured_timestamp_server_makes_the_signature_b_t(settings, timestamp_server):
    url, tsa_cert, requests_seen = timestamp_server
    settings.LETTERS_TIMESTAMP_URL = url
    signing.forget_loaded_signer()
    try:
        signed = signing.sign_pdf(
            pdf.render_letter_pdf(_document()), signer_name="Dr. Rowan Example", reason="test"
        )
        signer_cert = signing.loaded_signer().signer.signing_cert
    finally:
        signing.forget_loaded_signer()
    # pyHanko asks once more while estimating the room the signature needs.
    assert requests_seen and set(requests_seen) == {"application/timestamp-query"}
    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    status = validate_pdf_signature(
        embedded,
        signer_validation_context=ValidationContext(trust_roots=[signer_cert]),
        ts_validation_context=ValidationContext(trust_roots=[tsa_cert]),
    )
    assert status.intact and status.valid
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid
    assert status.timestamp_validity.trusted


def test_an_unreachable_timestamp_server_is_a_signing_error(settings):
    settings.LETTERS_TIMESTAMP_URL = "http://127.0.0.1:9/"
    signing.forget_loaded_signer()
    try:
        with pytest.raises(signing.SigningError):
            signing.sign_pdf(pdf.render_letter_pdf(_document()), signer_name="X", reason="test")
    finally:
        signing.forget_loaded_signer()
