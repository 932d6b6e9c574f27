"""A student's letters: the list, drafting, preview, signing, PDF and revoking."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from accommodations.selectors import access_student, current_published_plan
from letters import selectors, services
from letters.forms import DraftCreateForm, DraftEditForm, RevokeForm, SignForm
from letters.models import Letter, SigningProfile
from portal.accounts import identity, second_factors
from portal.audit import reads
from portal.audit.actions import AuditAction


def _form_error(form, error: services.LetterError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def student_letters(request, student_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_read_signed_letters"
    )
    letters = list(selectors.letters_for(access))
    return render(
        request,
        "letters/student_letters.html",
        {
            "access": access,
            "student": access.student,
            "letters": letters,
            "plan": current_published_plan(access.student),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request, student_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_draft_letters"
    )
    services.ensure_letter_templates(organization=access.student.organization)
    templates = selectors.templates_for_drafting(access.student.organization)
    replaceable = selectors.replaceable_letters(access)
    initial = {}
    if request.GET.get("replaces", "").isdigit():
        initial["supersedes"] = replaceable.filter(pk=request.GET["replaces"]).first()
    form = DraftCreateForm(
        request.POST or None, templates=templates, replaceable=replaceable, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.create_draft(
                access=access,
                template=form.cleaned_data["template"],
                recipient_name=form.cleaned_data["recipient_name"],
                recipient_role=form.cleaned_data["recipient_role"],
                supersedes=form.cleaned_data["supersedes"],
                request=request,
            )
        except services.LetterError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Draft started. Edit the text, preview it, then sign."))
            return redirect("letters:letter_detail", student_id, letter.pk)
    return render(
        request,
        "letters/letter_create.html",
        {
            "access": access,
            "student": access.student,
            "form": form,
            "plan": current_published_plan(access.student),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_detail(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_read_signed_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    if letter.is_draft:
        return _draft_page(request, access, letter)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "access": access,
            "student": access.student,
            "letter": letter,
            "shares": list(selectors.shares_of(access=access, letter=letter)),
            "can_download": selectors.can_download_pdf(access=access, letter=letter),
            "replacements": letter.replacements.exclude(status=Letter.Status.DRAFT),
            "revoke_form": RevokeForm() if access.can_draft_letters else None,
        },
    )


def _draft_page(request, access, letter: Letter):
    form = DraftEditForm(
        request.POST or None,
        initial={
            "recipient_name": letter.recipient_name,
            "recipient_role": letter.recipient_role,
            "subject": letter.subject,
            "body": letter.body,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                access=access, letter=letter, request=request, **form.cleaned_data
            )
        except services.LetterError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Draft saved."))
            if "preview" in request.POST:
                return redirect(f"{request.path}#preview")
            return redirect(request.path)
    current = current_published_plan(access.student)
    return render(
        request,
        "letters/draft_detail.html",
        {
            "access": access,
            "student": access.student,
            "letter": letter,
            "form": form,
            "newer_plan": current if current and current.pk != letter.plan_id else None,
            "has_profile": SigningProfile.objects.filter(user=request.user).exists(),
        },
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # shown in a frame on the draft's own page
def letter_preview(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_draft_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    if not letter.is_draft:
        raise Http404
    try:
        data = services.preview_pdf(access=access, letter=letter)
    except services.LetterError as error:
        return HttpResponse(error.message, status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="draft-preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_sign(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_draft_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    if not letter.is_draft:
        return redirect("letters:letter_detail", student_id, letter.pk)
    form = SignForm(request.POST or None, offer_code=second_factors.has_code_factor(request.user))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_letter(
                access=access,
                letter=letter,
                password=form.cleaned_data["password"],
                code=form.cleaned_data.get("code", ""),
                request=request,
            )
        except services.SigningLocked as locked:
            form.add_error(None, locked.message)
            status = 429
        except services.LetterError as error:
            _form_error(form, error)
            letter.refresh_from_db()
        else:
            messages.success(request, _("Signed. The family can now see and share the letter."))
            return redirect("letters:letter_detail", student_id, letter.pk)
    locked_for = identity.seconds_locked(request.user)
    return render(
        request,
        "letters/letter_sign.html",
        {
            "access": access,
            "student": access.student,
            "letter": letter,
            "form": form,
            "has_profile": SigningProfile.objects.filter(user=request.user).exists(),
            "locked_minutes": -(-locked_for // 60) if locked_for and not form.errors else 0,
        },
        status=status,
    )


@login_required
def letter_pdf(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_read_signed_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    if not selectors.can_download_pdf(access=access, letter=letter):
        raise Http404
    reads.note_read(
        actor=request.user,
        student=letter.student,
        action=AuditAction.LETTER_PDF_VIEWED,
        target=letter,
        precise=True,
    )
    return pdf_response(letter)


def pdf_response(letter: Letter) -> FileResponse:
    try:
        handle = letter.pdf.storage.open(letter.pdf.name, "rb")
    except OSError:
        raise Http404 from None
    filename = f"letter-{letter.verification_code}.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def letter_revoke(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_draft_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_letter(
                access=access, letter=letter, reason=form.cleaned_data["reason"], request=request
            )
        except services.LetterError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The letter is revoked. Its links no longer show it."))
    else:
        messages.error(request, _("Say why the letter is revoked."))
    return redirect("letters:letter_detail", student_id, letter.pk)


@login_required
@require_POST
def letter_discard(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_draft_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    try:
        services.discard_draft(access=access, letter=letter, request=request)
    except services.LetterError as error:
        messages.error(request, error.message)
        return redirect("letters:letter_detail", student_id, letter.pk)
    messages.success(request, _("Draft discarded."))
    return redirect("letters:student_letters", student_id)
