"""The implanted-device emergency card: printable for every reader, edited by the care team."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accommodations import selectors, services
from accommodations.forms import DeviceCardForm, add_service_error
from accommodations.services import ServiceError

CARD_FIELDS = list(DeviceCardForm.base_fields)


PHONE = re.compile(r"\+?(?:\(\d{1,4}\)\s?)?\d[\d .-]{4,}\d")


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _contacts(text: str) -> list[dict]:
    """Each contact line, with the first phone number in it ready for a tel: link."""
    contacts = []
    for line in _lines(text):
        match = PHONE.search(line)
        number = re.sub(r"[^\d+]", "", match.group()) if match else ""
        contacts.append(
            {
                "before": line[: match.start()] if match else line,
                "phone": match.group() if match else "",
                "tel": number,
                "after": line[match.end() :] if match else "",
            }
        )
    return contacts


@login_required
def device_card(request: HttpRequest, student_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_device_card"
    )
    student = access.student
    context = {
        "access": access,
        "student": student,
        "contacts": _contacts(student.device_emergency_contacts),
        "warning_signs": _lines(student.device_warning_signs),
        "steps": _lines(student.device_emergency_steps),
        "do_nots": _lines(student.device_do_nots),
    }
    return render(request, "accommodations/device_card.html", context)


@login_required
def edit_device_card(request: HttpRequest, student_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_edit_device_card"
    )
    student = access.student
    form = DeviceCardForm(
        request.POST or None, initial={name: getattr(student, name) for name in CARD_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_device_card(access=access, request=request, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Emergency card saved. The family and school staff with a release are told."),
            )
            return redirect("accommodations:device_card", student_id=student_id)
    context = {"access": access, "student": student, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "accommodations/device_card_edit.html", context, status=status)
