"""The clinician's caseload: their students, with what needs their attention first."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accommodations import selectors
from accommodations.models import AccommodationPlan, CareTeamMember, CheckIn
from portal.audit import reads
from portal.audit.actions import AuditAction

# A check-in counts as new for a week after the family sent it.
NEW_CHECKIN_DAYS = 7
# A plan review shows as due this many days ahead.
REVIEW_SOON_DAYS = 14


@dataclass(frozen=True)
class CaseloadRow:
    student: object
    my_role: str
    plan_version: int | None
    review_date: date | None
    has_draft: bool
    new_checkins: int
    pending_acknowledgements: int
    today: date

    @property
    def review_overdue(self) -> bool:
        return self.review_date is not None and self.review_date < self.today

    @property
    def review_due_soon(self) -> bool:
        return (
            self.review_date is not None
            and not self.review_overdue
            and self.review_date <= self.today + timedelta(days=REVIEW_SOON_DAYS)
        )

    @property
    def days_to_review(self) -> int | None:
        return (self.review_date - self.today).days if self.review_date else None

    @property
    def needs_attention(self) -> bool:
        return bool(
            self.pending_acknowledgements
            or self.new_checkins
            or self.review_overdue
            or self.review_due_soon
            or self.plan_version is None
        )

    @property
    def sort_key(self) -> tuple:
        return (
            not self.needs_attention,
            not self.review_overdue,
            -self.pending_acknowledgements,
            -self.new_checkins,
            self.review_date or date.max,
            self.student.last_name.casefold(),
            self.student.first_name.casefold(),
        )


def _caseload_rows(user) -> list[CaseloadRow]:
    """One row per student on the user's care teams, in a fixed number of queries."""
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=NEW_CHECKIN_DAYS)
    current_plan = AccommodationPlan.objects.filter(
        student=OuterRef("pk"), status=AccommodationPlan.Status.PUBLISHED
    ).order_by("-version")
    new_checkins = (
        CheckIn.objects.filter(student=OuterRef("pk"), created_at__gte=since)
        .order_by()
        .values("student")
        .annotate(count=Count("pk"))
        .values("count")
    )
    students = list(
        selectors.caseload_for(user)
        .select_related("school")
        .annotate(
            my_role=Subquery(
                CareTeamMember.objects.filter(student=OuterRef("pk"), user=user).values("role")[:1]
            ),
            plan_version=Subquery(current_plan.values("version")[:1]),
            plan_review_date=Subquery(current_plan.values("review_date")[:1]),
            has_draft=Exists(
                AccommodationPlan.objects.filter(
                    student=OuterRef("pk"), status=AccommodationPlan.Status.DRAFT
                )
            ),
            new_checkin_count=Coalesce(
                Subquery(new_checkins, output_field=IntegerField()), Value(0)
            ),
        )
    )
    pending = selectors.pending_acknowledgement_count([student.pk for student in students])
    role_labels = dict(CareTeamMember.Role.choices)
    rows = [
        CaseloadRow(
            student=student,
            my_role=str(role_labels.get(student.my_role, "")),
            plan_version=student.plan_version,
            review_date=student.plan_review_date,
            has_draft=student.has_draft,
            new_checkins=student.new_checkin_count,
            pending_acknowledgements=pending.get(student.pk, 0),
            today=today,
        )
        for student in students
    ]
    return sorted(rows, key=lambda row: row.sort_key)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    rows = _caseload_rows(request.user)
    summary = {
        "students": len(rows),
        "pending_acknowledgements": sum(1 for row in rows if row.pending_acknowledgements),
        "new_checkins": sum(1 for row in rows if row.new_checkins),
        "reviews_due": sum(1 for row in rows if row.review_overdue or row.review_due_soon),
        "drafts": sum(1 for row in rows if row.has_draft),
    }
    reads.note_list(
        actor=request.user,
        action=AuditAction.CASELOAD_VIEWED,
        student_ids=[row.student.pk for row in rows],
    )
    return render(
        request,
        "accommodations/caseload.html",
        {
            "rows": rows,
            "summary": summary,
            "new_checkin_days": NEW_CHECKIN_DAYS,
            "review_soon_days": REVIEW_SOON_DAYS,
        },
    )
