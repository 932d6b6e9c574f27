"""Scheduled reminders: weekly check-ins, acknowledgements and escalation, plan reviews, and
access that is about to end or has ended. Each run is idempotent: a reminder has a dedupe key
naming its occasion, so running a tick twice reminds once."""

from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accommodations import selectors
from accommodations.models import AccommodationPlan, CheckIn, Release, Student
from portal.notifications import recipients
from portal.notifications.kinds import Kind
from portal.notifications.services.outbox import notify
from portal.notifications.services.timing import school_days_between
from portal.notifications.wording import portal_path, student_name

ACK_REMINDER_SCHOOL_DAYS = (2, 5)
ACK_ESCALATION_SCHOOL_DAYS = 7
REVIEW_REMINDER_DAYS = (14, 3)
RELEASE_NOTICE_DAYS = 7
SHARE_NOTICE_DAYS = 2
EXPIRED_NOTICE_DAYS = 7


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _current_published_plans():
    newer = AccommodationPlan.objects.filter(
        student=OuterRef("student"),
        status=AccommodationPlan.Status.PUBLISHED,
        version__gt=OuterRef("version"),
    )
    return (
        AccommodationPlan.objects.filter(status=AccommodationPlan.Status.PUBLISHED)
        .exclude(Exists(newer))
        .select_related("student")
    )


def remind_checkins(*, now: datetime | None = None) -> int:
    """Remind guardians who have not sent this week's update; once per student and week."""
    now = now or timezone.now()
    monday = week_start(timezone.localdate(now))
    sent_this_week = CheckIn.objects.filter(student=OuterRef("pk"), week_of=monday)
    students = Student.objects.filter(guardianships__isnull=False).exclude(Exists(sent_this_week))
    created = 0
    for student in students.distinct():
        with transaction.atomic():
            created += notify(
                kind=Kind.CHECKIN_REMINDER,
                recipients=recipients.guardians_of(student),
                key=f"checkin_reminder:s{student.pk}:{monday.isoformat()}",
                student=student,
                params={"student": student_name(student)},
                url=portal_path("accommodations:checkin_new", student.pk),
                now=now,
            )
    return created


def remind_acknowledgements(*, now: datetime | None = None) -> int:
    """Remind school staff who have not read the current plan after 2 and 5 school days, then
    tell the psychologist; once per plan and stage."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = now - timedelta(days=ACK_ESCALATION_SCHOOL_DAYS * 2 + 14)
    created = 0
    for plan in _current_published_plans().filter(published_at__gte=horizon):
        student = plan.student
        days = school_days_between(timezone.localdate(plan.published_at), today)
        stages = [stage for stage in ACK_REMINDER_SCHOOL_DAYS if days >= stage]
        if not stages:
            continue
        pending = selectors.school_staff_with_scope(student, selectors.SCOPE_PLAN, now).exclude(
            acknowledgements__plan=plan
        )
        pending = list(pending)
        if not pending:
            continue
        params = {"student": student_name(student), "version": plan.version}
        with transaction.atomic():
            created += notify(
                kind=Kind.ACK_REMINDER,
                recipients=pending,
                key=f"ack_reminder:p{plan.pk}:d{stages[-1]}",
                student=student,
                params=params,
                url=portal_path("accommodations:plan", student.pk),
                now=now,
            )
            if days >= ACK_ESCALATION_SCHOOL_DAYS:
                created += notify(
                    kind=Kind.ACK_ESCALATION,
                    recipients=recipients.psychologists_of(student),
                    key=f"ack_escalation:p{plan.pk}",
                    student=student,
                    params={**params, "count": len(pending), "days": days},
                    url=portal_path("accommodations:plan", student.pk),
                    now=now,
                )
    return created


def remind_plan_reviews(*, now: datetime | None = None) -> int:
    """Remind the psychologists 14 and 3 days before a current plan's review date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plans = _current_published_plans().filter(
        review_date__gte=today, review_date__lte=today + timedelta(days=max(REVIEW_REMINDER_DAYS))
    )
    created = 0
    for plan in plans:
        days_left = (plan.review_date - today).days
        stage = min(days for days in REVIEW_REMINDER_DAYS if days_left <= days)
        team = recipients.psychologists_of(plan.student)
        if not team.exists():
            team = recipients.care_team_of(plan.student)
        with transaction.atomic():
            created += notify(
                kind=Kind.PLAN_REVIEW_DUE,
                recipients=team,
                key=f"plan_review:p{plan.pk}:d{stage}",
                student=plan.student,
                params={
                    "student": student_name(plan.student),
                    "date": plan.review_date.isoformat(),
                },
                url=portal_path("accommodations:plan", plan.student_id),
                now=now,
            )
    return created


def notice_expiring_access(*, now: datetime | None = None) -> int:
    """Tell families and schools that a release, or a guardian that a letter link, is about to
    end or has ended; once per release or link and occasion."""
    now = now or timezone.now()
    created = 0
    releases = Release.objects.filter(revoked_at__isnull=True).select_related("student", "school")
    soon = releases.filter(
        starts_at__lte=now,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=RELEASE_NOTICE_DAYS),
    )
    ended = releases.filter(
        expires_at__lte=now, expires_at__gt=now - timedelta(days=EXPIRED_NOTICE_DAYS)
    )
    for kind, batch in ((Kind.RELEASE_EXPIRING, soon), (Kind.RELEASE_EXPIRED, ended)):
        for release in batch:
            people = set(recipients.guardians_of(release.student))
            people |= set(recipients.staff_covered_by(release))
            with transaction.atomic():
                created += notify(
                    kind=kind,
                    recipients=people,
                    key=f"{kind}:r{release.pk}",
                    student=release.student,
                    params={
                        "student": student_name(release.student),
                        "school": release.school.name,
                        "date": timezone.localdate(release.expires_at).isoformat(),
                    },
                    url=portal_path("accommodations:releases", release.student_id),
                    now=now,
                )
    return created + _notice_expiring_shares(now)


def _notice_expiring_shares(now: datetime) -> int:
    try:
        share_model = apps.get_model("letters", "LetterShare")
    except LookupError:
        return 0
    shares = share_model.objects.filter(revoked_at__isnull=True).select_related(
        "letter__student", "created_by"
    )
    soon = shares.filter(
        expires_at__gt=now, expires_at__lte=now + timedelta(days=SHARE_NOTICE_DAYS)
    )
    ended = shares.filter(
        expires_at__lte=now,
        expires_at__gt=now - timedelta(days=EXPIRED_NOTICE_DAYS),
        receipt_confirmed_at__isnull=True,
    )
    created = 0
    for kind, batch in ((Kind.SHARE_EXPIRING, soon), (Kind.SHARE_EXPIRED, ended)):
        for share in batch:
            student = share.letter.student
            with transaction.atomic():
                created += notify(
                    kind=kind,
                    recipients=[share.created_by],
                    key=f"{kind}:sh{share.pk}",
                    student=student,
                    params={
                        "student": student_name(student),
                        "recipient": share.recipient_name,
                        "date": timezone.localdate(share.expires_at).isoformat(),
                    },
                    url=portal_path("letters:letter_detail", student.pk, share.letter_id),
                    now=now,
                )
    return created
