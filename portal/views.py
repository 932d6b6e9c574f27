from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from accommodations import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their own starting page; someone with several roles picks one."""
    user = request.user
    destinations = []
    if user.care_team_roles.exists():
        destinations.append("accommodations:caseload")
    if selectors.children_of(user).exists():
        destinations.append("accommodations:my_children")
    if user.school_roles.exists():
        destinations.append("accommodations:my_students")
    if user.school_roles.filter(role="administrator").exists():
        destinations.append("accommodations:schools")
    if len(destinations) == 1:
        return redirect(destinations[0])
    return render(request, "portal/home.html", {"destinations": destinations})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
