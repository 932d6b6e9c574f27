"""The public verification pages: by code, and by uploading the PDF itself."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from letters import guessing, verification
from letters.forms import VerifyCodeForm, VerifyUploadForm
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


def _check_upload(request, form: VerifyUploadForm):
    result = verification.check_file(form.cleaned_data["file"])
    record_event(
        action=AuditAction.LETTER_VERIFICATION_UPLOAD,
        request=request,
        extra={
            "matches_issued_letter": result.matches_issued_letter,
            "signature_holds": result.signature.holds,
            "letter_id": result.letter.letter_id,
            "state": result.letter.state,
        },
    )
    return result


@require_http_methods(["GET", "POST"])
def verify(request):
    code_form = VerifyCodeForm(request.GET or None)
    if request.method == "GET" and code_form.is_valid():
        code = verification.normalize_code(code_form.cleaned_data["code"])
        return redirect("letters:verify_code", code or code_form.cleaned_data["code"].strip())
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = _check_upload(request, upload_form) if upload_form.is_valid() else None
    return render(
        request,
        "letters/verify.html",
        {"code_form": code_form, "upload_form": upload_form, "result": result},
        status=200,
    )


@require_http_methods(["GET", "POST"])
def verify_code(request, code: str):
    status = verification.status_for_code(code)
    if status.state == verification.UNKNOWN:
        if guessing.is_blocked("verify", request):
            return render(request, "letters/verify_code.html", {"blocked": True}, status=429)
        guessing.record_miss("verify", request)
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = _check_upload(request, upload_form) if upload_form.is_valid() else None
    return render(
        request,
        "letters/verify_code.html",
        {
            "code": code,
            "status": status,
            "upload_form": upload_form,
            "result": result,
            "result_is_this_letter": bool(
                result and status.letter_id and result.letter.letter_id == status.letter_id
            ),
        },
    )
