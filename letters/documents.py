"""From a letter's rows to the plain LetterDocument that pdf.py lays out."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from accommodations.models import Category, Student
from letters import markup
from letters.models import Letter, SigningProfile
from letters.pdf import Image, LetterDocument, PlanGroup, PlanRow

# Placeholders whose values are Markdown (lists), not plain text to escape.
MARKDOWN_PLACEHOLDERS = {"plan_items", "device_emergency_steps"}
LETTER_LANGUAGE = "en"


def long_date(value: dt.date) -> str:
    return format_date(value, "F j, Y")


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("letters:verify_code", args=[code])


def plan_rows(plan) -> list:
    return list(plan.items.order_by("position", "id"))


def plan_items_markdown(plan) -> str:
    lines = [f"- **{markup.escape_markdown(item.title)}**: " for item in plan_rows(plan)]
    details = [markup.escape_markdown(" ".join(item.details.split())) for item in plan_rows(plan)]
    return "\n".join(line + detail for line, detail in zip(lines, details, strict=True))


def placeholder_values(
    *,
    student: Student,
    plan,
    recipient_name: str,
    recipient_role: str,
    clinician_name: str,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Values for every placeholder in letters.template_data.PLACEHOLDERS."""
    today = today or timezone.localdate()
    organization = student.organization
    with translation.override(LETTER_LANGUAGE):
        device = student.get_device_type_display() if student.has_device else ""
        values = {
            "student_name": student.legal_name,
            "student_first_name": student.preferred_name or student.first_name,
            "date_of_birth": long_date(student.date_of_birth),
            "grade": student.grade or gettext("not recorded"),
            "school_name": student.school.name if student.school else gettext("school"),
            "recipient_name": recipient_name,
            "recipient_role": recipient_role,
            "plan_version": str(plan.version),
            "plan_review_date": long_date(plan.review_date) if plan.review_date else "",
            "plan_items": plan_items_markdown(plan),
            "device_name": (student.device_description or device).strip() or gettext("none"),
            "device_emergency_steps": student.device_emergency_steps.strip(),
            "clinician_name": clinician_name,
            "clinic_name": organization.name,
            "clinic_phone": organization.phone,
            "today": long_date(today),
        }
    return values


def _image(field) -> Image | None:
    if not field:
        return None
    try:
        with field.storage.open(field.name, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if data.startswith(b"\x89PNG"):
        return Image(data=data, mime_type="image/png")
    if data.startswith(b"\xff\xd8"):
        return Image(data=data, mime_type="image/jpeg")
    return None


def _plan_groups(plan) -> tuple[PlanGroup, ...]:
    order = {value: index for index, value in enumerate(Category.values)}
    items = sorted(plan_rows(plan), key=lambda item: (order.get(item.category, 99), item.position))
    groups = []
    for _category, rows in groupby(items, key=lambda item: item.category):
        rows = list(rows)
        groups.append(
            PlanGroup(
                category=rows[0].get_category_display(),
                rows=tuple(
                    PlanRow(
                        title=row.title,
                        details=row.details,
                        implementer=row.get_implementer_display(),
                    )
                    for row in rows
                ),
            )
        )
    return tuple(groups)


def screen_document(letter: Letter) -> LetterDocument:
    """A signed letter's content for reading on a screen (no images, no rendering)."""
    return build_document(
        letter=letter,
        signer=letter.signed_by,
        profile=None,
        signed_at=letter.signed_at,
        verification_code=letter.verification_code or "",
        is_development_signature=letter.is_development_signature,
        with_images=False,
    )


def build_document(
    *,
    letter: Letter,
    signer,
    profile: SigningProfile | None,
    signed_at: dt.datetime | None,
    verification_code: str,
    is_development_signature: bool,
    with_images: bool = True,
) -> LetterDocument:
    """The letter as it prints; a draft preview has no signing time and no code."""
    student = letter.student
    organization = student.organization
    plan = letter.plan
    issued = timezone.localdate(signed_at) if signed_at else timezone.localdate()
    values = placeholder_values(
        student=student,
        plan=plan,
        recipient_name=letter.recipient_name,
        recipient_role=letter.recipient_role,
        clinician_name=signer.full_name,
        today=issued,
    )
    body = markup.fill_placeholders(letter.body, values, markdown_values=MARKDOWN_PLACEHOLDERS)
    with translation.override(LETTER_LANGUAGE):
        student_line = gettext("Student: %(name)s · Date of birth: %(dob)s · Grade: %(grade)s") % {
            "name": student.legal_name,
            "dob": values["date_of_birth"],
            "grade": values["grade"],
        }
        plan_heading = gettext(
            "Accommodations in plan version %(version)s (review by %(review)s)"
        ) % {"version": plan.version, "review": values["plan_review_date"] or "—"}
        if signed_at:
            signed_line = gettext("Signed digitally on %(date)s") % {"date": long_date(issued)}
        else:
            signed_line = gettext("Not signed: draft preview")
        title = letter.get_kind_display()
    recipient_lines = tuple(
        line
        for line in (letter.recipient_name, letter.recipient_role, letter.recipient_school)
        if line
    )
    return LetterDocument(
        language=LETTER_LANGUAGE,
        title=str(title),
        clinic_name=organization.name,
        clinic_address=organization.address,
        clinic_phone=organization.phone,
        clinic_email=organization.email,
        clinic_logo=_image(organization.logo) if with_images else None,
        issued_on=long_date(issued),
        recipient_lines=recipient_lines,
        subject=markup.fill_plain(letter.subject, values),
        student_line=student_line,
        body_html=markup.markdown_to_safe_html(body),
        plan_heading=plan_heading,
        plan_groups=_plan_groups(plan),
        signer_name=signer.full_name,
        signer_credentials=profile.credentials if profile else "",
        signer_license=profile.license_number if profile else "",
        signed_line=signed_line,
        signature_image=_image(profile.signature_image) if profile and with_images else None,
        verification_code=verification_code,
        verification_url=verification_url(verification_code) if verification_code else "",
        is_draft=signed_at is None,
        is_development_signature=is_development_signature,
    )
