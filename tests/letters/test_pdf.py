"""The PDF a signed letter becomes: its text, fonts, tagging, QR code and the fetcher."""

import io
import subprocess

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from letters import pdf
from letters.documents import verification_url
from tests.letters.conftest import pdf_text, run_tool


def stored_pdf(letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


def test_the_pdf_names_the_student_and_every_plan_item(signed_letter, student):
    text = " ".join(pdf_text(stored_pdf(signed_letter)).split())
    assert "Mia Example" in text
    items = list(signed_letter.plan.items.all())
    assert len(items) == 3
    for item in items:
        assert item.title in text
        assert item.get_implementer_display() in text
        assert item.get_category_display() in text


def test_the_pdf_carries_letterhead_signer_and_verification_code(signed_letter, clinic, profile):
    text = " ".join(pdf_text(stored_pdf(signed_letter)).split())
    assert clinic.name in text
    assert clinic.phone in text
    assert "Dr. Rowan Example" in text
    assert profile.license_number in text
    assert signed_letter.verification_code in text
    assert "Page 1 of" in text
    assert "Confidential health information" in text


def test_a_development_signature_says_so_on_the_page(signed_letter):
    assert signed_letter.is_development_signature
    assert "Development signature" in pdf_text(stored_pdf(signed_letter))


def test_every_font_is_embedded(signed_letter, tmp_path):
    result = run_tool("pdffonts", data=stored_pdf(signed_letter), tmp_path=tmp_path)
    assert result.returncode == 0
    rows = result.stdout.strip().splitlines()[2:]
    assert rows, "the letter uses at least one font"
    for row in rows:
        name, embedded = row.split()[0], row.split()[-5]
        assert embedded == "yes", f"{name} is not embedded"
        assert "Letter-Sans" in name or "Letter-CJK" in name


def test_the_pdf_is_tagged_for_screen_readers(signed_letter):
    reader = PdfReader(io.BytesIO(stored_pdf(signed_letter)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"


def test_the_qr_code_opens_the_verification_page(signed_letter, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(stored_pdf(signed_letter))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    page = Image.open(next(tmp_path.glob("p*.png")))
    decoded = [result.text for result in zxingcpp.read_barcodes(page)]
    assert decoded == [verification_url(signed_letter.verification_code)]
    assert decoded[0].endswith(f"/verify/{signed_letter.verification_code}/")


def _document(**changes) -> pdf.LetterDocument:
    fields = dict(
        language="en",
        title="Accommodation letter",
        clinic_name="Lakeside Children's Pain Clinic",
        clinic_address="100 Example Avenue",
        clinic_phone="555-0100",
        clinic_email="front-desk@lakeside.example",
        issued_on="March 2, 2026",
        recipient_lines=("School nurse",),
        subject="School accommodations",
        student_line="Student: Nguyễn Thị Minh Châu (陈明) · José Peña",
        body_html="<p>Body text.</p>",
        plan_heading="Accommodations",
        plan_groups=(),
        signer_name="Dr. Rowan Example",
        signer_credentials="PhD",
        signer_license="PSY-1",
        signed_line="Signed",
        verification_code="ABCD-EFGH-JKMN",
        verification_url="http://testserver/verify/ABCD-EFGH-JKMN/",
    )
    fields.update(changes)
    return pdf.LetterDocument(**fields)


def test_names_in_vietnamese_chinese_and_spanish_survive_into_the_pdf(tmp_path):
    data = pdf.render_letter_pdf(_document())
    text = pdf_text(data)
    assert "Nguyễn Thị Minh Châu" in text
    assert "陈明" in text
    assert "José Peña" in text
    fonts = run_tool("pdffonts", data=data, tmp_path=tmp_path).stdout
    assert "Letter-CJK" in fonts


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/tracker.png",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "file:///etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_but_the_portals_static_files(url, settings):
    fetcher = pdf.static_only_fetcher(pdf.static_root())
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)


def test_the_fetcher_serves_the_bundled_fonts():
    fetcher = pdf.static_only_fetcher(pdf.static_root())
    response = fetcher.fetch(pdf.base_url() + "fonts/NotoSans-Regular.ttf")
    assert len(response.read()) > 10_000


def test_a_letter_body_that_points_outside_renders_without_fetching_it():
    body = '<p>Hello</p><img src="http://example.org/pixel.png"><p>after</p>'
    text = pdf_text(pdf.render_letter_pdf(_document(body_html=body)))
    assert "Hello" in text and "after" in text


def test_the_clinic_logo_and_handwritten_signature_are_printed(
    signed_letter, clinic, student, psychologist, accommodation_template
):
    from django.core.files.base import ContentFile

    from accommodations.selectors import access_for
    from letters import services
    from tests.letters.conftest import PASSWORD
    from tests.letters.factories import signature_png

    without_logo = PdfReader(io.BytesIO(stored_pdf(signed_letter)))
    images_without_logo = len(without_logo.pages[0].images)
    clinic.logo.save("logo.png", ContentFile(signature_png(200, 80)), save=True)
    student.refresh_from_db()
    access = access_for(user=psychologist, student=student)
    draft = services.create_draft(
        access=access, template=accommodation_template, recipient_name="School team"
    )
    letter = services.sign_letter(access=access, letter=draft, password=PASSWORD)
    reader = PdfReader(io.BytesIO(stored_pdf(letter)))
    assert len(reader.pages[0].images) == images_without_logo + 1, "the logo heads page 1"
    signature = max(reader.pages[-1].images, key=lambda image: image.image.width)
    assert signature.image.size == (360, 120), "the handwritten signature is on the last page"
