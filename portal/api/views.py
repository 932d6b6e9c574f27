"""The profile page where people make and revoke their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.api import tokens
from portal.api.forms import NewTokenForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = NewTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = tokens.issue_token(
            user=request.user,
            name=form.cleaned_data["name"],
            lifetime_days=form.cleaned_data["lifetime_days"],
            request=request,
        )
        form = NewTokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": tokens.tokens_of(request.user),
            "api_base": request.build_absolute_uri("/api/v1/"),
            "docs_url": request.build_absolute_uri("/api/docs/"),
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = tokens.revoke_token(user=request.user, token_id=token_id, request=request)
    messages.success(
        request, _("“%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")
