"""Demo data for letters: a signed letter shared with a fictional school official."""

import io
from datetime import timedelta

from PIL import Image, ImageDraw

from accommodations.selectors import access_for
from letters import services, sharing
from letters.models import Letter, LetterKind, LetterShare, LetterTemplate, SigningProfile

DEMO_RECIPIENT = {
    "recipient_name": "Ms. Carmen Díaz",
    "recipient_email": "carmen.diaz@maplegrove.example",
    "recipient_role": "504 coordinator",
}


def _demo_signature_png() -> bytes:
    image = Image.new("RGBA", (420, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    stroke = [
        (12 + step * 9, 62 + (22 if step % 3 == 0 else -16 if step % 3 == 1 else 4))
        for step in range(44)
    ]
    draw.line(stroke, fill=(24, 36, 96, 255), width=4, joint="curve")
    draw.line([(40, 96), (380, 90)], fill=(24, 36, 96, 255), width=3)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def create_demo_letters(*, student, psychologist, guardian) -> str:
    """Ensure a signed letter shared with a school official; return a fresh share link's path.

    Idempotent for the letter and the signing profile. Tokens are never stored, so each call
    issues a new link and closes the demo links issued before it.
    """
    if not SigningProfile.objects.filter(user=psychologist).exists():
        services.save_signing_profile(
            user=psychologist,
            credentials="Licensed Psychologist",
            license_number="PSY-DEMO-0417",
            signature_png=_demo_signature_png(),
        )
    letter = (
        Letter.objects.filter(student=student, status=Letter.Status.SIGNED)
        .order_by("-signed_at")
        .first()
    )
    if letter is None:
        clinician = access_for(user=psychologist, student=student)
        services.ensure_letter_templates(organization=student.organization)
        template = LetterTemplate.objects.filter(
            organization=student.organization, kind=LetterKind.ACCOMMODATION
        ).first()
        draft = services.create_draft(
            access=clinician,
            template=template,
            recipient_name=DEMO_RECIPIENT["recipient_name"],
            recipient_role=DEMO_RECIPIENT["recipient_role"],
        )
        letter = services.issue_signed_letter(access=clinician, letter=draft)
    family = access_for(user=guardian, student=student)
    for old in LetterShare.objects.live().filter(
        letter=letter, recipient_email=DEMO_RECIPIENT["recipient_email"]
    ):
        sharing.revoke_share(access=family, share=old)
    created = sharing.share_letter(
        access=family, letter=letter, lifetime=timedelta(days=30), **DEMO_RECIPIENT
    )
    return sharing.share_path(created.token)
