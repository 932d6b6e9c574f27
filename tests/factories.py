"""Factories for the core models; fictional people only."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    CareNote,
    CareTeamMember,
    Category,
    CheckIn,
    Guardianship,
    Implementer,
    PlanItem,
    Release,
    School,
    SchoolStaff,
    Student,
)
from portal.accounts.models import Organization, User

PASSWORD = "pass-phrase-123"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lakeside Children's Pain Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    address = "100 Example Avenue\nSpringfield, ST 00000"
    phone = "555-0100"
    email = factory.LazyAttribute(lambda o: f"front-desk@{o.slug}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


# Clinic staff must have a second factor (portal.middleware.SecondFactorRequired). Test
# clinicians get an authenticator app with this key unless made with second_factor=False.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now for `secret` (or `steps_ahead` periods later)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // app_settings.TOTP_PERIOD + steps_ahead
    return format_hotp_value(hotp_value(secret, counter))


def give_second_factor(user, secret: str = TOTP_SECRET) -> None:
    """An authenticator app with `secret`, and recovery codes, as the set-up page leaves them."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


class ClinicianFactory(UserFactory):
    organization = factory.SubFactory(OrganizationFactory)

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            give_second_factor(obj)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Maple Grove Middle School {n}")
    address = "1 School Road"
    phone = "555-0200"


class SchoolStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolStaff

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = SchoolStaff.Role.NURSE


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Sequence(lambda n: f"Avery{n}")
    last_name = "Example"
    date_of_birth = date(2012, 4, 9)
    school = factory.SubFactory(SchoolFactory)
    grade = "7"


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    guardian = factory.SubFactory(UserFactory)
    student = factory.SubFactory(StudentFactory)
    relationship = "Mother"


class CareTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareTeamMember

    student = factory.SubFactory(StudentFactory)
    user = factory.SubFactory(
        ClinicianFactory, organization=factory.SelfAttribute("..student.organization")
    )
    role = CareTeamMember.Role.PSYCHOLOGIST


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    granted_by = factory.SubFactory(UserFactory)
    scope_plan = True
    scope_letters = True
    scope_updates = True
    scope_notes = True
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=180))


class AccommodationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccommodationTemplate

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"accommodation-{n}")
    category = Category.SELF_MANAGEMENT
    title = factory.Sequence(lambda n: f"Coping skill break {n}")
    default_details = "Up to 5 minutes of breathing practice at the desk."
    rationale = "Practising coping skills in place keeps the student in class."
    implementer = Implementer.TEACHERS


class DraftPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccommodationPlan

    student = factory.SubFactory(StudentFactory)
    version = 1
    status = AccommodationPlan.Status.DRAFT
    review_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    created_by = factory.SubFactory(ClinicianFactory)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(DraftPlanFactory)
    category = Category.HEALTH_OFFICE
    title = factory.Sequence(lambda n: f"Rest break in the health office {n}")
    details = "Up to 15 minutes, then back to class."
    implementer = Implementer.NURSE
    position = factory.Sequence(lambda n: n)


def publish(plan: AccommodationPlan, *, by=None) -> AccommodationPlan:
    """Freeze a factory-made draft the way the publish service does, without its checks."""
    plan.content_hash = plan.compute_content_hash()
    AccommodationPlan.objects.filter(pk=plan.pk).update(
        status=AccommodationPlan.Status.PUBLISHED,
        content_hash=plan.content_hash,
        published_at=timezone.now(),
        published_by=by or plan.created_by,
    )
    plan.refresh_from_db()
    return plan


def published_plan(*, student, items: int = 3, version: int = 1, by=None) -> AccommodationPlan:
    plan = DraftPlanFactory(
        student=student,
        version=version,
        created_by=by or ClinicianFactory(organization=student.organization),
    )
    for _ in range(items):
        PlanItemFactory(plan=plan)
    return publish(plan, by=by)


class AcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    plan = factory.SubFactory(DraftPlanFactory)
    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)


class CareNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareNote

    student = factory.SubFactory(StudentFactory)
    author = factory.SubFactory(ClinicianFactory)
    visibility = CareNote.Visibility.CARE_TEAM
    body = "Discussed pacing plan for the week."


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    student = factory.SubFactory(StudentFactory)
    submitted_by = factory.SubFactory(UserFactory)
    week_of = factory.Sequence(lambda n: date(2026, 1, 5) + timedelta(weeks=n))
    pain_now = 4
    pain_average = 5
    pain_worst = 7
    days_full = 3
    days_partial = 1
    days_missed = 1
    health_office_visits = 2
    sleep_quality = CheckIn.Sleep.FAIR
    mood = CheckIn.Mood.OKAY
    comments = "Tired after PE."
    message_to_school = ""
