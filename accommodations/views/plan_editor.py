"""The care team's plan editor: one open draft per student, published as the next version.

Each action is a small POST form that works without JavaScript; the catalog search also
refreshes in place with htmx. Rules (what may be added, when a draft may be published) live
in accommodations.services; a refusal is shown on the form and nothing is saved.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accommodations import selectors, services
from accommodations.forms import (
    AddFromCatalogForm,
    CatalogSearchForm,
    ConfirmForm,
    CustomItemForm,
    MoveItemForm,
    PlanItemForm,
    PublishForm,
    ReviewDateForm,
    add_service_error,
)
from accommodations.models import Category
from accommodations.plan_changes import diff_plans
from accommodations.selectors import StudentAccess
from accommodations.services import ServiceError

# More than any clinic's catalog; a search narrows it further.
CATALOG_LIMIT = 300


def _access(request: HttpRequest, student_id: int) -> StudentAccess:
    return selectors.access_student(
        user=request.user, student_id=student_id, capability="can_edit_plan"
    )


def _editor_url(student_id: int, *, query: dict | None = None, anchor: str = "") -> str:
    url = reverse("accommodations:plan_edit", args=[student_id])
    query = {key: value for key, value in (query or {}).items() if value}
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


def _catalog(access: StudentAccess):
    return selectors.catalog_for(access.user).filter(
        organization_id=access.student.organization_id, is_active=True
    )


def _item_form(item, data=None) -> PlanItemForm:
    return PlanItemForm(
        data,
        prefix=f"item-{item.pk}",
        initial={
            "title": item.title,
            "details": item.details,
            "implementer": item.implementer,
            "start_date": item.start_date,
        },
    )


def _order_of(items) -> str:
    return ",".join(str(item.pk) for item in items)


def _catalog_context(request: HttpRequest, access: StudentAccess, items) -> dict:
    """The catalog matching the search, grouped by category in the catalog's order."""
    search = CatalogSearchForm(request.GET or None)
    matches = list(search.filter(_catalog(access)).order_by("title")[:CATALOG_LIMIT])
    groups = []
    for value, label in Category.choices:
        entries = [template for template in matches if template.category == value]
        if entries:
            groups.append({"category": value, "label": label, "entries": entries})
    searching = bool(search.is_bound and search.is_valid() and any(search.cleaned_data.values()))
    return {
        "search_form": search,
        "catalog_groups": groups,
        "catalog_count": len(matches),
        "catalog_searching": searching,
        "in_plan": {item.template_id for item in items if item.template_id},
        "search_query": {
            "q": request.GET.get("q", ""),
            "category": request.GET.get("category", ""),
        },
    }


def _render_editor(
    request: HttpRequest,
    access: StudentAccess,
    *,
    status: int = 200,
    bound_item_form: tuple[int, PlanItemForm] | None = None,
    custom_form: CustomItemForm | None = None,
    review_form: ReviewDateForm | None = None,
) -> HttpResponse:
    student = access.student
    draft = selectors.current_draft(student)
    published = selectors.current_published_plan(student)
    context: dict = {"access": access, "student": student, "draft": draft, "published": published}
    if draft is None:
        if published is not None:
            context["published"] = selectors.plan_with_items(published.pk)
        return render(request, "accommodations/plan_editor/start.html", context, status=status)

    draft = selectors.plan_with_items(draft.pk)
    items = list(draft.items.all())
    item_forms = []
    for item in items:
        if bound_item_form and bound_item_form[0] == item.pk:
            item_forms.append((item, bound_item_form[1], True))
        else:
            item_forms.append((item, _item_form(item), False))
    context.update(_catalog_context(request, access, items))
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "catalog":
        return render(request, "accommodations/plan_editor/catalog.html", context, status=status)

    base = selectors.plan_with_items(draft.based_on_id) if draft.based_on_id else None
    context.update(
        {
            "draft": draft,
            "item_forms": item_forms,
            "order": _order_of(items),
            "custom_form": custom_form or CustomItemForm(prefix="custom"),
            "review_form": review_form
            or ReviewDateForm(prefix="review", initial={"review_date": draft.review_date}),
            "changes": diff_plans(base, draft),
            "base": base,
        }
    )
    return render(request, "accommodations/plan_editor/editor.html", context, status=status)


def _draft_or_redirect(request: HttpRequest, access: StudentAccess):
    """The open draft, or a redirect that explains there is none (e.g. a form sent twice)."""
    draft = selectors.current_draft(access.student)
    if draft is not None:
        return draft, None
    published = selectors.current_published_plan(access.student)
    if published is not None:
        messages.info(
            request,
            _("There is no open draft: version %(version)s is the current plan.")
            % {"version": published.version},
        )
    else:
        messages.info(request, _("There is no open draft."))
    return None, redirect(_editor_url(access.student.pk))


@login_required
def edit_plan(request: HttpRequest, student_id: int) -> HttpResponse:
    """Show the draft; POST opens it (action=start) or sets its review date."""
    access = _access(request, student_id)
    if request.method != "POST":
        return _render_editor(request, access)
    if request.POST.get("action") == "review_date":
        draft, response = _draft_or_redirect(request, access)
        if response:
            return response
        form = ReviewDateForm(request.POST, prefix="review")
        if form.is_valid():
            try:
                services.set_review_date(
                    access=access,
                    plan=draft,
                    review_date=form.cleaned_data["review_date"],
                    request=request,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Review date saved."))
                return redirect(_editor_url(student_id, anchor="review"))
        return _render_editor(request, access, status=400, review_form=form)
    draft = services.start_draft(access=access, request=request)
    return redirect(_editor_url(student_id))


@login_required
@require_POST
def add_item(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    query = {"q": request.POST.get("q", ""), "category": request.POST.get("category", "")}
    draft, response = _draft_or_redirect(request, access)
    if response:
        return response
    form = AddFromCatalogForm(request.POST, catalog=_catalog(access))
    if not form.is_valid():
        messages.error(request, _("That accommodation is not in your clinic's catalog."))
        return redirect(_editor_url(student_id, query=query, anchor="catalog"))
    try:
        item = services.add_item_from_template(
            access=access, plan=draft, template=form.cleaned_data["template"], request=request
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_editor_url(student_id, query=query, anchor="catalog"))
    messages.success(
        request,
        _("“%(title)s” added. Tailor its details below if needed.") % {"title": item.title},
    )
    return redirect(_editor_url(student_id, query=query, anchor=f"item-{item.pk}"))


@login_required
@require_POST
def add_custom_item(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    draft, response = _draft_or_redirect(request, access)
    if response:
        return response
    form = CustomItemForm(request.POST, prefix="custom")
    if form.is_valid():
        try:
            item = services.add_custom_item(
                access=access, plan=draft, request=request, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("“%(title)s” added.") % {"title": item.title})
            return redirect(_editor_url(student_id, anchor=f"item-{item.pk}"))
    return _render_editor(request, access, status=400, custom_form=form)


def _draft_item(request: HttpRequest, access: StudentAccess, item_id: int):
    draft, response = _draft_or_redirect(request, access)
    if response:
        return None, response
    item = draft.items.filter(pk=item_id).select_related("plan").first()
    if item is None:
        messages.info(request, _("That accommodation is no longer in the draft."))
        return None, redirect(_editor_url(access.student.pk))
    return item, None


@login_required
@require_POST
def update_item(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item, response = _draft_item(request, access, item_id)
    if response:
        return response
    form = _item_form(item, request.POST)
    if form.is_valid():
        try:
            services.update_item(
                access=access,
                item=item,
                title=form.cleaned_data["title"],
                details=form.cleaned_data["details"],
                implementer=form.cleaned_data["implementer"],
                start_date=form.cleaned_data["start_date"],
                request=request,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("“%(title)s” saved.") % {"title": item.title})
            return redirect(_editor_url(student_id, anchor=f"item-{item.pk}"))
    return _render_editor(request, access, status=400, bound_item_form=(item.pk, form))


@login_required
@require_POST
def remove_item(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item, response = _draft_item(request, access, item_id)
    if response:
        return response
    try:
        services.remove_item(access=access, item=item, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” removed from the draft.") % {"title": item.title})
    return redirect(_editor_url(student_id, anchor="items"))


@login_required
@require_POST
def move_item(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item, response = _draft_item(request, access, item_id)
    if response:
        return response
    form = MoveItemForm(request.POST)
    current_order = _order_of(item.plan.items.order_by("position", "id"))
    if not form.is_valid():
        messages.error(request, _("Choose to move the accommodation up or down."))
    elif form.cleaned_data["order"] != current_order:
        messages.info(
            request, _("The order had already changed, so nothing was moved. Check it below.")
        )
    else:
        try:
            services.move_item(
                access=access, item=item, direction=form.cleaned_data["direction"], request=request
            )
        except ServiceError as error:
            messages.error(request, error.message)
    return redirect(_editor_url(student_id, anchor=f"item-{item.pk}"))


def _render_preview(
    request: HttpRequest, access: StudentAccess, draft, form: PublishForm, status: int = 200
) -> HttpResponse:
    draft = selectors.plan_with_items(draft.pk)
    base = selectors.plan_with_items(draft.based_on_id) if draft.based_on_id else None
    context = {
        "access": access,
        "student": access.student,
        "draft": draft,
        "base": base,
        "changes": diff_plans(base, draft),
        "form": form,
        "staff_to_notify": selectors.staff_who_must_acknowledge(access.student).count(),
    }
    return render(request, "accommodations/plan_editor/preview.html", context, status=status)


@login_required
def preview(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    draft, response = _draft_or_redirect(request, access)
    if response:
        return response
    form = PublishForm(initial={"review_date": draft.review_date})
    return _render_preview(request, access, draft, form)


@login_required
@require_POST
def publish(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    draft = selectors.current_draft(access.student)
    if draft is None:
        published = selectors.current_published_plan(access.student)
        if published is not None:
            messages.info(
                request,
                _("Version %(version)s is already published.") % {"version": published.version},
            )
            return redirect("accommodations:plan", student_id=student_id)
        return redirect(_editor_url(student_id))
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            plan = services.publish_plan(
                access=access,
                plan=draft,
                review_date=form.cleaned_data["review_date"],
                request=request,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s is published. School staff with a release will be asked "
                    "to acknowledge it."
                )
                % {"version": plan.version},
            )
            return redirect("accommodations:student", student_id=student_id)
    return _render_preview(request, access, draft, form, status=400)


@login_required
def discard(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    draft, response = _draft_or_redirect(request, access)
    if response:
        return response
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discard_draft(access=access, plan=draft, request=request)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Draft version %(version)s was thrown away.") % {"version": draft.version},
            )
            return redirect("accommodations:student", student_id=student_id)
    context = {"access": access, "student": access.student, "draft": draft, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "accommodations/plan_editor/discard.html", context, status=status)
