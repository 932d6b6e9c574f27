"""Care notes: the timeline each reader may see, and the care team's writing, correcting and
addenda. A note changes only in its first minutes; after that it is corrected by an addendum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accommodations import selectors, services
from accommodations.forms import AddendumForm, NoteEditForm, NoteForm, add_service_error
from accommodations.services import ServiceError

NOTES_PER_PAGE = 20


def _note_url(student_id: int, note_id: int) -> str:
    return reverse("accommodations:notes", args=[student_id]) + f"#note-{note_id}"


@login_required
def notes(request: HttpRequest, student_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_notes"
    )
    form = None
    if access.can_write_notes:
        form = NoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                note = services.add_note(
                    access=access,
                    body=form.cleaned_data["body"],
                    visibility=form.cleaned_data["visibility"],
                    submission_key=form.cleaned_data["submission_key"],
                    request=request,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Note saved."))
                return redirect(_note_url(student_id, note.pk))
    elif request.method == "POST":
        return HttpResponse(status=405)

    page = Paginator(selectors.notes_visible(access), NOTES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "access": access,
        "student": access.student,
        "page_obj": page,
        "notes": page.object_list,
        "form": form,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "accommodations/notes.html", context, status=status)


@login_required
def edit_note(request: HttpRequest, student_id: int, note_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_write_notes"
    )
    note = selectors.visible_note(access, note_id)
    if note.author_id != request.user.pk or not note.is_editable:
        messages.info(
            request,
            _("This note can no longer be changed. Add an addendum to correct it."),
        )
        return redirect("accommodations:note_addendum", student_id=student_id, note_id=note_id)
    form = NoteEditForm(request.POST or None, initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_note(
                access=access, note=note, body=form.cleaned_data["body"], request=request
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Note corrected."))
            return redirect(_note_url(student_id, note.pk))
    context = {"access": access, "student": access.student, "note": note, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "accommodations/note_edit.html", context, status=status)


@login_required
def add_addendum(request: HttpRequest, student_id: int, note_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_write_notes"
    )
    note = selectors.visible_note(access, note_id)
    original = note.addendum_to or note
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(
                access=access,
                body=form.cleaned_data["body"],
                visibility=original.visibility,
                addendum_to=original,
                submission_key=form.cleaned_data["submission_key"],
                request=request,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Addendum added."))
            return redirect(_note_url(student_id, original.pk))
    context = {"access": access, "student": access.student, "note": original, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "accommodations/note_addendum.html", context, status=status)
