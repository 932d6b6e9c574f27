"""Clinic pages: a clinician's signing profile, and the clinic's letter templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from letters import selectors, services
from letters.forms import LetterTemplateForm, SigningProfileForm
from letters.models import SigningProfile
from letters.template_data import PLACEHOLDERS


@login_required
@require_http_methods(["GET", "POST"])
def signing_profile(request):
    if not request.user.is_clinic_staff:
        raise Http404
    profile = SigningProfile.objects.filter(user=request.user).first()
    if request.method == "GET" and request.GET.get("image") and profile:
        return FileResponse(
            profile.signature_image.open("rb"), content_type="image/png", filename="signature.png"
        )
    initial = (
        {"credentials": profile.credentials, "license_number": profile.license_number}
        if profile
        else {}
    )
    form = SigningProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_signing_profile(
                user=request.user,
                credentials=form.cleaned_data["credentials"],
                license_number=form.cleaned_data["license_number"],
                signature_png=form.cleaned_data["image"],
            )
        except services.LetterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your signature is saved."))
            next_url = request.POST.get("next", "")
            if next_url.startswith("/") and not next_url.startswith("//"):
                return redirect(next_url)
            return redirect("letters:signing_profile")
    return render(
        request,
        "letters/signing_profile.html",
        {"form": form, "profile": profile, "next": request.GET.get("next", "")},
    )


@login_required
def template_list(request):
    templates = selectors.templates_editable_by(request.user)
    if not request.user.is_org_admin:
        raise Http404
    services.ensure_letter_templates(organization=request.user.organization)
    return render(request, "letters/template_list.html", {"templates": templates})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, template_id: int):
    template = selectors.templates_editable_by(request.user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    form = LetterTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_letter_template(
                template=template,
                editor=request.user,
                title=form.cleaned_data["title"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                is_active=form.cleaned_data["is_active"],
            )
        except services.LetterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Template saved."))
            return redirect("letters:template_list")
    return render(
        request,
        "letters/template_edit.html",
        {"form": form, "template": template, "placeholders": PLACEHOLDERS},
    )
