"""A guardian shares a signed letter and closes links; the recipient's pages behind a link."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accommodations.selectors import access_student
from letters import documents, guessing, selectors, sharing, verification
from letters.forms import ReceiptForm, ShareForm
from letters.models import Letter, ShareAccess
from letters.services import LetterError
from letters.views.student_letters import pdf_response


@login_required
@require_http_methods(["GET", "POST"])
def share_create(request, student_id: int, letter_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_share_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = sharing.share_letter(
                access=access,
                letter=letter,
                recipient_name=data["recipient_name"],
                recipient_email=data["recipient_email"],
                recipient_role=data["recipient_role"],
                lifetime=timedelta(days=data["days"]),
                request=request,
            )
        except LetterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            # The link is shown this once, so the family can also pass it on themselves.
            response = render(
                request,
                "letters/share_created.html",
                {
                    "access": access,
                    "student": access.student,
                    "letter": letter,
                    "share": created.share,
                    "url": created.url,
                },
            )
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = "no-referrer"
            return response
    return render(
        request,
        "letters/share_create.html",
        {"access": access, "student": access.student, "letter": letter, "form": form},
    )


@login_required
@require_POST
def share_revoke(request, student_id: int, letter_id: int, share_id: int):
    access = access_student(
        user=request.user, student_id=student_id, capability="can_share_letters"
    )
    letter = selectors.letter_for(access=access, letter_id=letter_id)
    share = selectors.share_of(access=access, letter=letter, share_id=share_id)
    sharing.revoke_share(access=access, share=share, request=request)
    messages.success(
        request, _("The link for %(name)s is closed.") % {"name": share.recipient_name}
    )
    return redirect("letters:letter_detail", student_id, letter_id)


def private_page(*, referrer_policy: str):
    """Share pages: never cached, never indexed, with the referrer policy they need."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Referrer-Policy"] = referrer_policy
            response["Cache-Control"] = "no-store, private, max-age=0"
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorate


# The link's token is kept in the session, keyed by share, and the letter's pages have no token
# in their address: they can send the page's origin with the receipt form (a no-referrer page
# makes Chromium post "Origin: null", which the CSRF check refuses) and still never leak the
# token in a Referer. Each share's pages open only with the token of that share.
OPENED_SHARES_KEY = "letters.opened_shares"


def _closed_share_response(request, share):
    """The page to send instead of a share that is no longer open, or None if it is live."""
    if share.letter.status == Letter.Status.REVOKED:
        return _closed(request, "withdrawn", 410)
    if not share.is_live:
        return _closed(request, share.status, 410)
    return None


def _live_share_or_response(request, token: str):
    """The live share for token, or the page to send instead (blocked, unknown, closed)."""
    share = sharing.share_for_token(token)
    if share is None:
        if guessing.is_blocked("share", request):
            return None, _closed(request, "blocked", 429)
        guessing.record_miss("share", request)
        return None, _closed(request, "unknown", 404)
    closed = _closed_share_response(request, share)
    return (None, closed) if closed else (share, None)


def _opened_share_or_response(request, share_id: int):
    """The live share whose link this browser opened, checked afresh, or the page instead."""
    token = request.session.get(OPENED_SHARES_KEY, {}).get(str(share_id))
    if not token:
        return None, _closed(request, "reopen", 404)
    share = sharing.share_for_token(token)
    if share is None or share.pk != share_id:
        return None, _closed(request, "unknown", 404)
    closed = _closed_share_response(request, share)
    return (None, closed) if closed else (share, None)


def _closed(request, state: str, status: int):
    return render(request, "letters/share_closed.html", {"state": state}, status=status)


@private_page(referrer_policy="no-referrer")
@require_safe
def share_open(request, token: str):
    """The link in the e-mail: remember the share in the session and go to its letter."""
    share, response = _live_share_or_response(request, token)
    if response is not None:
        return response
    opened = request.session.get(OPENED_SHARES_KEY, {})
    opened[str(share.pk)] = token
    request.session[OPENED_SHARES_KEY] = opened
    return redirect("letters:shared_letter", share.pk)


@private_page(referrer_policy="same-origin")
@require_http_methods(["GET", "POST"])
def shared_letter(request, share_id: int):
    share, response = _opened_share_or_response(request, share_id)
    if response is not None:
        return response
    form = ReceiptForm(request.POST or None, initial={"name": share.recipient_name})
    if request.method == "POST":
        if form.is_valid():
            try:
                sharing.confirm_receipt(
                    share=share,
                    name=form.cleaned_data["name"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except LetterError as error:
                form.add_error(None, error.message)
            else:
                return redirect("letters:shared_letter", share.pk)
    else:
        sharing.record_share_access(share=share, kind=ShareAccess.Kind.OPENED, request=request)
    letter = share.letter
    return render(
        request,
        "letters/share_open.html",
        {
            "share": share,
            "letter": letter,
            "status": verification.status_of(letter),
            "doc": documents.screen_document(letter),
            "form": form,
        },
    )


@private_page(referrer_policy="same-origin")
@require_safe
def share_download(request, share_id: int):
    share, response = _opened_share_or_response(request, share_id)
    if response is not None:
        return response
    sharing.record_share_access(share=share, kind=ShareAccess.Kind.DOWNLOADED, request=request)
    return pdf_response(share.letter)
