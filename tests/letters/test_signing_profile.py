"""A clinician's signing profile: the handwritten signature image is checked on upload."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from letters.models import SigningProfile
from tests.letters.factories import signature_png

URL = "letters:signing_profile"


def post(client, image: SimpleUploadedFile | None):
    data = {"credentials": "PhD, Licensed Psychologist", "license_number": "PSY-1"}
    if image is not None:
        data["image"] = image
    return client.post(reverse(URL), data)


def test_a_clinician_uploads_a_png_signature_once(client_of, psychologist):
    client = client_of(psychologist)
    response = post(client, SimpleUploadedFile("sig.png", signature_png(), "image/png"))
    assert response.status_code == 302
    profile = SigningProfile.objects.get(user=psychologist)
    with profile.signature_image.open("rb") as handle:
        assert handle.read().startswith(b"\x89PNG")
    assert post(client, None).status_code == 302, "later edits keep the image"


def test_a_jpeg_is_accepted_and_stored_as_png(client_of, psychologist):
    output = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(output, format="JPEG")
    response = post(client_of(psychologist), SimpleUploadedFile("s.jpg", output.getvalue()))
    assert response.status_code == 302
    with SigningProfile.objects.get().signature_image.open("rb") as handle:
        assert handle.read().startswith(b"\x89PNG")


def test_a_file_that_is_not_an_image_is_refused(client_of, psychologist):
    response = post(
        client_of(psychologist), SimpleUploadedFile("sig.png", b"<svg onload=alert(1)>")
    )
    assert "Upload a PNG or JPEG image." in response.content.decode()
    assert not SigningProfile.objects.exists()


def test_a_gif_is_refused(client_of, psychologist):
    output = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(output, format="GIF")
    response = post(client_of(psychologist), SimpleUploadedFile("s.gif", output.getvalue()))
    assert "Upload a PNG or JPEG image." in response.content.decode()


def test_an_image_over_one_megabyte_is_refused(client_of, psychologist):
    big = SimpleUploadedFile("sig.png", signature_png() + b"\0" * (1024 * 1024))
    response = post(client_of(psychologist), big)
    assert "larger than 1 MB" in response.content.decode()
    assert not SigningProfile.objects.exists()


def test_a_huge_canvas_is_refused(client_of, psychologist):
    output = io.BytesIO()
    Image.new("1", (5000, 400)).save(output, format="PNG")
    response = post(client_of(psychologist), SimpleUploadedFile("s.png", output.getvalue()))
    assert "too large" in response.content.decode()


def test_the_first_save_needs_an_image(client_of, psychologist):
    response = post(client_of(psychologist), None)
    assert "Upload an image of your handwritten signature." in response.content.decode()


def test_families_and_schools_have_no_signing_profile_page(client_of, guardian, nurse):
    for user in (guardian, nurse):
        assert client_of(user).get(reverse(URL)).status_code == 404
