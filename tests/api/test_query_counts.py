"""Every list endpoint reads the same number of queries for 5 rows as for 50."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accommodations.models import AccommodationPlan, CareNote, SchoolStaff
from letters.models import Letter, LetterShare, LetterTemplate, ShareAccess
from portal.notifications.models import Channel, Notification
from tests import factories
from tests.api.conftest import url


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(path))
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def add_students(ctx, n):
    for _ in range(n):
        other = factories.StudentFactory(organization=ctx["student"].organization)
        factories.CareTeamMemberFactory(student=other, user=ctx["psychologist"])


def add_schools(ctx, n):
    factories.SchoolFactory.create_batch(n)


def add_catalog(ctx, n):
    factories.AccommodationTemplateFactory.create_batch(n, organization=ctx["clinic"])


def add_versions(ctx, n):
    start = 100 + ctx["student"].plans.count()
    for version in range(start, start + n):
        AccommodationPlan.objects.create(
            student=ctx["student"],
            version=version,
            status=AccommodationPlan.Status.PUBLISHED,
            review_date=timezone.localdate() + timedelta(days=90),
            published_at=timezone.now(),
            published_by=ctx["psychologist"],
            content_hash="0" * 64,
            created_by=ctx["psychologist"],
        )


def add_draft_items(ctx, n):
    draft = ctx["student"].plans.filter(status=AccommodationPlan.Status.DRAFT).first()
    if draft is None:
        draft = factories.DraftPlanFactory(
            student=ctx["student"], version=99, created_by=ctx["psychologist"]
        )
    factories.PlanItemFactory.create_batch(n, plan=draft)


def add_acknowledgements(ctx, n):
    plan = ctx["student"].plans.get(version=1)
    for _ in range(n):
        staff = factories.SchoolStaffFactory(school=ctx["school"], role=SchoolStaff.Role.NURSE)
        factories.AcknowledgementFactory(plan=plan, user=staff.user, school=ctx["school"])


def add_notes(ctx, n):
    for _ in range(n):
        note = factories.CareNoteFactory(
            student=ctx["student"], author=ctx["psychologist"], visibility="school"
        )
        factories.CareNoteFactory(
            student=ctx["student"],
            author=ctx["psychologist"],
            visibility=CareNote.Visibility.SCHOOL,
            addendum_to=note,
        )


def add_checkins(ctx, n):
    start = date(2020, 1, 6) + timedelta(weeks=ctx["student"].checkins.count())
    for week in range(n):
        factories.CheckInFactory(
            student=ctx["student"],
            submitted_by=ctx["guardian"],
            week_of=start + timedelta(weeks=week),
            message_to_school="Rest after PE.",
        )


def add_releases(ctx, n):
    for _ in range(n):
        factories.ReleaseFactory(
            student=ctx["student"], school=factories.SchoolFactory(), granted_by=ctx["guardian"]
        )


def add_letter_templates(ctx, n):
    base = LetterTemplate.objects.filter(organization=ctx["clinic"]).first()
    for index in range(n):
        LetterTemplate.objects.create(
            organization=ctx["clinic"],
            code=f"extra-{LetterTemplate.objects.count()}-{index}",
            kind=base.kind,
            title=f"Letter {index}",
            subject=base.subject,
            body=base.body,
        )


def add_letters(ctx, n):
    letter = ctx["letter"]
    for _ in range(n):
        Letter.objects.create(
            student=ctx["student"],
            kind=letter.kind,
            plan=letter.plan,
            recipient_name="School nurse",
            subject=letter.subject,
            body=letter.body,
            created_by=ctx["psychologist"],
        )


def add_shares(ctx, n):
    for _ in range(n):
        LetterShare.objects.create(
            letter=ctx["letter"],
            created_by=ctx["guardian"],
            recipient_name="Pat",
            recipient_email="pat@maplegrove.example",
            recipient_role="Counselor",
            token_hash=f"{LetterShare.objects.count():064d}",
            expires_at=timezone.now() + timedelta(days=10),
        )


def add_share_accesses(ctx, n):
    share = ctx["share"]
    ShareAccess.objects.bulk_create([ShareAccess(share=share, kind="opened") for _ in range(n)])


def add_notifications(ctx, n):
    offset = Notification.objects.count()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=ctx["guardian"],
                kind="plan_published",
                channel=Channel.IN_APP,
                status="sent",
                dedupe_key=f"count-{offset + index}",
                student=ctx["student"],
                params={"student": "Mia", "version": 1},
            )
            for index in range(n)
        ]
    )


LISTS = [
    ("psychologist", "students/", add_students),
    ("guardian", "schools/", add_schools),
    ("psychologist", "catalog/", add_catalog),
    ("nurse", "students/{student}/plan/versions/", add_versions),
    ("psychologist", "students/{student}/plan/draft/items/", add_draft_items),
    ("psychologist", "students/{student}/plan/acknowledgements/", add_acknowledgements),
    ("psychologist", "students/{student}/plan/acknowledgement-status/", add_acknowledgements),
    ("nurse", "students/{student}/notes/", add_notes),
    ("guardian", "students/{student}/checkins/", add_checkins),
    ("nurse", "students/{student}/school-messages/", add_checkins),
    ("guardian", "students/{student}/releases/", add_releases),
    ("psychologist", "students/{student}/letter-templates/", add_letter_templates),
    ("psychologist", "students/{student}/letters/", add_letters),
    ("guardian", "students/{student}/letters/{letter}/shares/", add_shares),
    (
        "guardian",
        "students/{student}/letters/{letter}/shares/{share}/accesses/",
        add_share_accesses,
    ),
    ("guardian", "notifications/", add_notifications),
]


@pytest.fixture
def ctx(student, psychologist, guardian, nurse, clinic, school, issued_letter):
    share = LetterShare.objects.create(
        letter=issued_letter,
        created_by=guardian,
        recipient_name="Jordan",
        recipient_email="jordan@maplegrove.example",
        recipient_role="Nurse",
        token_hash="f" * 64,
        expires_at=timezone.now() + timedelta(days=10),
    )
    factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)
    return {
        "student": student,
        "psychologist": psychologist,
        "guardian": guardian,
        "nurse": nurse,
        "clinic": clinic,
        "school": school,
        "letter": issued_letter,
        "share": share,
    }


@pytest.mark.parametrize(("role", "path", "add"), LISTS, ids=[path for _, path, _ in LISTS])
def test_a_list_reads_as_many_queries_for_50_rows_as_for_5(ctx, api_as, role, path, add):
    client = api_as(ctx[role])
    path = path.format(student=ctx["student"].pk, letter=ctx["letter"].pk, share=ctx["share"].pk)
    add(ctx, 5)
    client.get(url(path))  # first use of the token notes when it was used
    with_5 = queries(client, path)
    add(ctx, 45)
    rows = client.get(url(path)).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert len(rows) >= 50
    assert queries(client, path) == with_5
