"""Fictional demo data: one clinic, two schools, seven students, a login for every role.

Every person, school and record here is invented. Building goes through the same services
the pages use, so the demo shows real plan versions, acknowledgements and check-ins.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accommodations import selectors, services
from accommodations.catalog import load_catalog
from accommodations.models import (
    AccommodationTemplate,
    CareNote,
    CareTeamMember,
    CheckIn,
    Guardianship,
    Implementer,
    School,
    SchoolStaff,
    Student,
)
from accommodations.services import roster
from letters.demo import create_demo_letters
from portal.accounts.models import Organization, User
from portal.notifications.models import Channel, Notification, Status

DEMO_SLUG = "lakeside-demo"
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - fictional demo accounts only
# Clinic staff must sign in with a second factor; the demo's have an authenticator app with
# this published key, so anyone trying the demo can add it to an app (or run
# `manage.py demo_code`). A known key is for fictional demo accounts only.
DEMO_TOTP_SECRET = "LAKESIDEDEMOPORTALTWOFACTORDEMOS"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str


LOGINS = [
    DemoLogin("Psychologist (care team of every demo student)", "dr.rivera@lakeside.example"),
    DemoLogin("Physician (care team of some students)", "dr.okafor@lakeside.example"),
    DemoLogin("Physical therapist", "pt.kim@lakeside.example"),
    DemoLogin("Clinic administrator (audit log, Django admin)", "admin@lakeside.example"),
    DemoLogin("Parent of Mia Alvarez", "elena.alvarez@family.example"),
    DemoLogin("Parent of Lan Nguyễn", "hoa.nguyen@family.example"),
    DemoLogin("Parent of Ethan Brooks (intrathecal pump)", "marcus.brooks@family.example"),
    DemoLogin("Parent of Zoe Chen (spinal cord stimulator)", "wei.chen@family.example"),
    DemoLogin("School nurse, Maple Grove Middle School", "nurse.hughes@maplegrove.example"),
    DemoLogin("Counselor / 504 coordinator, Maple Grove", "counselor.park@maplegrove.example"),
    DemoLogin("School nurse, Riverbend High School", "nurse.diaz@riverbend.example"),
    DemoLogin("Teacher, Riverbend High School", "teacher.adams@riverbend.example"),
    DemoLogin(
        "School administrator, Maple Grove (keeps its roster)", "principal.osei@maplegrove.example"
    ),
]


def demo_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_SLUG).exists()


def _user(email: str, full_name: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _give_demo_second_factor(user: User) -> None:
    """The demo authenticator app (DEMO_TOTP_SECRET) and recovery codes; idempotent."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)


def demo_staff_use_demo_key() -> bool:
    """The demo's clinic staff sign in with the demo authenticator key (demos built before
    second factors existed have none: their clinic staff set one up at first sign-in)."""
    totp = Authenticator.objects.filter(
        user__organization__slug=DEMO_SLUG, type=Authenticator.Type.TOTP
    ).first()
    return totp is not None and decrypt(totp.data.get("secret", "")) == DEMO_TOTP_SECRET


def _clinic_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Clinic administrators")
    codenames = [
        "add_accommodationtemplate",
        "change_accommodationtemplate",
        "view_accommodationtemplate",
        "view_student",
        "change_student",
        "view_school",
        "add_school",
        "change_school",
        "view_schoolstaff",
        "add_schoolstaff",
        "view_release",
        "view_accommodationplan",
        "view_auditevent",
        "view_organization",
        "change_organization",
        "view_periodictask",
        "change_periodictask",
    ]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    return group


def _template(clinic: Organization, code: str) -> AccommodationTemplate:
    return AccommodationTemplate.objects.get(organization=clinic, code=code)


def _publish_plan(
    psychologist: User, student: Student, codes: list[str], *, review_in_days: int, tweak=None
):
    access = selectors.access_for(user=psychologist, student=student)
    draft = services.start_draft(access=access)
    existing = set(draft.items.values_list("template__code", flat=True))
    for code in codes:
        if code not in existing:
            services.add_item_from_template(
                access=access, plan=draft, template=_template(student.organization, code)
            )
    if tweak:
        tweak(access, draft)
    return services.publish_plan(
        access=access, plan=draft, review_date=timezone.localdate() + timedelta(days=review_in_days)
    )


def _release(
    guardian: User,
    student: Student,
    school: School,
    scopes: set[str],
    *,
    days: int = 300,
    staff_roles: set[str] | None = None,
):
    access = selectors.access_for(user=guardian, student=student)
    return services.grant_release(
        access=access,
        school=school,
        scopes=scopes,
        staff_roles=staff_roles,
        starts_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() + timedelta(days=days),
    )


def _acknowledge(staff_user: User, student: Student, comment: str = ""):
    access = selectors.access_for(user=staff_user, student=student)
    plan = selectors.current_published_plan(student)
    return services.acknowledge_plan(access=access, plan=plan, comment=comment)


def _checkins(
    guardian: User, student: Student, *, seed: int, baseline: int, messages: dict[int, str]
):
    rng = random.Random(seed)
    access = selectors.access_for(user=guardian, student=student)
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for weeks_ago in range(8, 0, -1):
        week_of = this_monday - timedelta(weeks=weeks_ago)
        improvement = (8 - weeks_ago) // 2
        average = max(1, min(9, baseline - improvement + rng.randint(-1, 1)))
        worst = min(10, average + rng.randint(1, 3))
        missed = max(0, 3 - improvement + rng.randint(-1, 0))
        partial = min(5 - missed, rng.randint(0, 2))
        checkin = services.submit_checkin(
            access=access,
            week_of=week_of,
            pain_now=max(0, average + rng.randint(-2, 1)),
            pain_average=average,
            pain_worst=worst,
            days_full=5 - missed - partial,
            days_partial=partial,
            days_missed=missed,
            health_office_visits=rng.randint(0, 4),
            sleep_quality=rng.choice([CheckIn.Sleep.GOOD, CheckIn.Sleep.FAIR, CheckIn.Sleep.POOR]),
            mood=rng.choice([2, 3, 3, 4, 4]),
            function_score=max(0, 30 - improvement * 3 + rng.randint(-2, 2)),
            comments="Demo entry (fictional).",
            message_to_school=messages.get(weeks_ago, ""),
        )
        # Families send the update at the end of the week it covers.
        sent = timezone.make_aware(datetime.combine(week_of + timedelta(days=6), time(19, 0)))
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=min(sent, timezone.now()))


def _note(author: User, student: Student, body: str, visibility: str) -> CareNote:
    access = selectors.access_for(user=author, student=student)
    return services.add_note(access=access, body=body, visibility=visibility)


@transaction.atomic
def build_demo() -> None:
    """Create the demo clinic and everything in it; does nothing if it already exists."""
    if demo_exists():
        return
    clinic = Organization.objects.create(
        name="Lakeside Children's Pain Clinic (demo)",
        slug=DEMO_SLUG,
        address="200 Harbor View Drive, Suite 4\nLakeside, ST 00000",
        phone="555-0134",
        email="pain-clinic@lakeside.example",
    )
    load_catalog(organization=clinic)

    rivera = _user("dr.rivera@lakeside.example", "Dr. Ana Rivera, PhD", organization=clinic)
    okafor = _user("dr.okafor@lakeside.example", "Dr. Chidi Okafor, MD", organization=clinic)
    kim = _user("pt.kim@lakeside.example", "Jun Kim, PT, DPT", organization=clinic)
    admin = _user(
        "admin@lakeside.example",
        "Pat Morgan",
        organization=clinic,
        is_org_admin=True,
        is_staff=True,
    )
    admin.groups.add(_clinic_admin_group())
    for clinic_staff in (rivera, okafor, kim, admin):
        _give_demo_second_factor(clinic_staff)

    maple = School.objects.create(
        name="Maple Grove Middle School",
        address="45 Maple Grove Road, Lakeside",
        phone="555-0160",
        added_by=clinic,
        email_domains="maplegrove.example",
    )
    river = School.objects.create(
        name="Riverbend High School",
        address="900 Riverbend Parkway, Lakeside",
        phone="555-0175",
        added_by=clinic,
        email_domains="riverbend.example",
    )
    hughes = _user("nurse.hughes@maplegrove.example", "Taylor Hughes, RN")
    park = _user("counselor.park@maplegrove.example", "Jamie Park")
    osei = _user("principal.osei@maplegrove.example", "Dana Osei")
    diaz = _user("nurse.diaz@riverbend.example", "Morgan Díaz, RN")
    adams = _user("teacher.adams@riverbend.example", "Chris Adams")
    # The clinic administrator vouched for Maple Grove's administrator, who vouched for the rest
    # of Maple Grove's roster; Riverbend's roster is kept by the clinic.
    for member, school, role, vouched_by in (
        (osei, maple, SchoolStaff.Role.ADMINISTRATOR, admin),
        (hughes, maple, SchoolStaff.Role.NURSE, osei),
        (park, maple, SchoolStaff.Role.COUNSELOR, osei),
        (diaz, river, SchoolStaff.Role.NURSE, admin),
        (adams, river, SchoolStaff.Role.TEACHER, admin),
    ):
        SchoolStaff.objects.create(user=member, school=school, role=role, added_by=vouched_by)

    def student(first, last, born, school, grade, language="English", **device) -> Student:
        return Student.objects.create(
            organization=clinic,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            school=school,
            grade=grade,
            family_language=language,
            **device,
        )

    mia = student("Mia", "Alvarez", date(2013, 3, 14), maple, "7", "Spanish")
    lan = student("Lan", "Nguyễn", date(2010, 9, 2), river, "9", "Vietnamese")
    ethan = student(
        "Ethan",
        "Brooks",
        date(2009, 6, 21),
        river,
        "10",
        device_type=Student.Device.INTRATHECAL_PUMP,
        device_description="Programmable intrathecal pain pump, left lower abdomen",
        device_emergency_contacts="Lakeside pain clinic on-call: 555-0134 (24 h)\nParent: Marcus Brooks 555-0190",
        device_warning_signs=(
            "Unusual sleepiness, slow or shallow breathing, confusion (possible overdose).\n"
            "Sudden pain increase, sweating, agitation, itching (possible withdrawal).\n"
            "Pump alarm beeping."
        ),
        device_emergency_steps=(
            "If breathing is slow or he cannot be woken: call 911, then the clinic.\n"
            "For an alarm: note the time, call the clinic on-call line, keep him in the health office.\n"
            "Call the parent after the clinic."
        ),
        device_do_nots="Do not press on the pump site. No contact sports. Do not try to silence the alarm.",
        device_card_updated_at=timezone.now(),
    )
    zoe = student(
        "Xiaoyu",
        "Chen",
        date(2012, 1, 30),
        maple,
        "8",
        "Mandarin",
        device_type=Student.Device.SPINAL_CORD_STIMULATOR,
        device_description="Rechargeable spinal cord stimulator with handheld remote",
        device_emergency_contacts="Lakeside pain clinic: 555-0134\nParent: Wei Chen 555-0191",
        device_warning_signs="Sudden jolting or shocking sensations, new weakness, redness or swelling at the site.",
        device_emergency_steps=(
            "Turn the stimulator off with the remote (kept in the health office).\n"
            "Let her rest in the health office and call the clinic.\n"
            "New weakness or a fall: call 911."
        ),
        device_do_nots="No walk-through metal detectors or magnetic wands; avoid strong magnets in science class.",
        device_card_updated_at=timezone.now(),
    )
    Student.objects.filter(pk=zoe.pk).update(preferred_name="Zoe")
    zoe.refresh_from_db()
    noah = student("Noah", "Williams", date(2014, 11, 5), maple, "6")
    priya = student("Priya", "Patel", date(2008, 8, 17), river, "11")
    liam = student("Liam", "O'Connor", date(2012, 5, 9), maple, "8")

    everyone = [mia, lan, ethan, zoe, noah, priya, liam]
    for child in everyone:
        CareTeamMember.objects.create(
            user=rivera, student=child, role=CareTeamMember.Role.PSYCHOLOGIST
        )
    for child in (mia, ethan, zoe, priya):
        CareTeamMember.objects.create(
            user=okafor, student=child, role=CareTeamMember.Role.PHYSICIAN
        )
    for child in (mia, lan, noah):
        CareTeamMember.objects.create(
            user=kim, student=child, role=CareTeamMember.Role.PHYSICAL_THERAPIST
        )

    guardians = {
        mia: _user("elena.alvarez@family.example", "Elena Alvarez", language="es"),
        lan: _user("hoa.nguyen@family.example", "Hoa Nguyễn"),
        ethan: _user("marcus.brooks@family.example", "Marcus Brooks"),
        zoe: _user("wei.chen@family.example", "Wei Chen"),
        noah: _user("dana.williams@family.example", "Dana Williams"),
        priya: _user("anil.patel@family.example", "Anil Patel"),
        liam: _user("siobhan.oconnor@family.example", "Siobhán O'Connor"),
    }
    for child, parent in guardians.items():
        Guardianship.objects.create(guardian=parent, student=child, relationship="Parent")

    base = [
        "rest-break-in-set-place",
        "return-to-class-after-visit",
        "school-point-person",
        "coping-skills-in-class",
        "extended-time",
        "graded-return-to-school",
    ]
    pump_codes = [
        "device-card-and-who-to-call",
        "pump-site-protection",
        "pump-alarms",
        "pump-overdose-withdrawal-signs",
    ]
    stim_codes = [
        "device-card-and-who-to-call",
        "stimulator-off-near-equipment",
        "stimulator-charger-access",
        "stimulator-sudden-change",
    ]
    pe_codes = ["pe-modified-to-pt-plan", "elevator-pass"]

    for child in everyone:
        if child is liam:
            continue
        codes = base + (pump_codes if child is ethan else []) + (stim_codes if child is zoe else [])
        _publish_plan(rivera, child, codes, review_in_days=75)

    _release(guardians[mia], mia, maple, {"plan", "letters", "updates", "notes"})
    _release(guardians[lan], lan, river, {"plan", "letters", "updates"})
    _release(
        guardians[ethan],
        ethan,
        river,
        {"plan", "letters", "updates", "notes"},
        staff_roles={"nurse", "counselor", "teacher"},
    )
    _release(guardians[zoe], zoe, maple, {"plan", "letters"})
    roster.request_school_staff(
        access=selectors.access_for(user=guardians[mia], student=mia),
        school=maple,
        full_name="Sam Whitfield",
        email="pe.whitfield@maplegrove.example",
        role=SchoolStaff.Role.TEACHER,
    )
    _release(guardians[noah], noah, maple, {"plan"})
    priya_release = _release(guardians[priya], priya, river, {"plan", "letters"})
    services.revoke_release(
        access=selectors.access_for(user=guardians[priya], student=priya), release=priya_release
    )

    # Mia: version 1 read by the nurse; version 2 adds PE changes and waits for acknowledgement.
    _acknowledge(hughes, mia, "Thank you. Which room should she use for breaks?")
    _acknowledge(park, mia)

    def tweak_mia(access, draft):
        first = draft.items.order_by("position").first()
        services.update_item(
            access=access,
            item=first,
            details=first.details + " From the second week, breaks are limited to one per morning.",
            implementer=first.implementer,
            start_date=first.start_date,
        )

    _publish_plan(rivera, mia, base + pe_codes, review_in_days=90, tweak=tweak_mia)
    _acknowledge(diaz, lan)
    _acknowledge(hughes, zoe)
    _acknowledge(hughes, noah)

    # Noah: a draft in progress.
    noah_access = selectors.access_for(user=rivera, student=noah)
    noah_draft = services.start_draft(access=noah_access)
    services.add_custom_item(
        access=noah_access,
        plan=noah_draft,
        category="self_management",
        title="Dim-light rest corner during migraine onset",
        details="Up to 15 minutes in the library's quiet corner with lights dimmed, then back to class.",
        implementer=Implementer.TEACHERS,
    )

    messages = {
        3: "Mia is trying the new breathing routine; please remind her to use it before PE.",
        1: "She may need the elevator pass this week after a flare.",
    }
    _checkins(guardians[mia], mia, seed=1, baseline=7, messages=messages)
    _checkins(
        guardians[lan],
        lan,
        seed=2,
        baseline=6,
        messages={2: "Lan has an appointment Thursday at 2 pm."},
    )
    _checkins(
        guardians[ethan],
        ethan,
        seed=3,
        baseline=6,
        messages={1: "Pump refill was on Monday; all fine."},
    )
    _checkins(guardians[zoe], zoe, seed=4, baseline=5, messages={})
    _checkins(guardians[noah], noah, seed=5, baseline=5, messages={})
    _checkins(guardians[priya], priya, seed=6, baseline=8, messages={})

    _note(
        rivera,
        mia,
        "Worked on pacing and a break plan for school. Mia chose the library as her break spot.",
        CareNote.Visibility.SCHOOL,
    )
    _note(
        rivera,
        mia,
        "Family reports less fear of going to school; continue graded return.",
        CareNote.Visibility.FAMILY,
    )
    _note(
        okafor, mia, "Medication unchanged. Reviewed sleep routine.", CareNote.Visibility.CARE_TEAM
    )
    _note(
        rivera,
        ethan,
        "Pump refill schedule shared with the school nurse.",
        CareNote.Visibility.SCHOOL,
    )
    _note(
        kim,
        lan,
        "PT: tolerating 20 minutes of walking; PE participation at light intensity is fine.",
        CareNote.Visibility.SCHOOL,
    )
    _note(
        rivera,
        zoe,
        "Stimulator settings changed last week; watch for jolting sensations.",
        CareNote.Visibility.FAMILY,
    )

    create_demo_letters(student=mia, psychologist=rivera, guardian=guardians[mia])

    # The demo's history happened before anyone was watching: it shows in each notification
    # centre, but is not e-mailed. Everything done in the running portal is.
    Notification.objects.filter(
        channel=Channel.EMAIL, status__in=[Status.PENDING, Status.HELD]
    ).update(status=Status.SKIPPED, last_error="Demo history: shown in the portal, not e-mailed.")


def demo_share_url() -> str | None:
    """A fresh share link for the demo letter (raw share tokens are never stored)."""
    mia = Student.objects.filter(organization__slug=DEMO_SLUG, first_name="Mia").first()
    if mia is None:
        return None
    return create_demo_letters(
        student=mia,
        psychologist=User.objects.get(email="dr.rivera@lakeside.example"),
        guardian=User.objects.get(email="elena.alvarez@family.example"),
    )


def login_lines(site_url: str) -> list[str]:
    """The demo logins as lines to print for a person trying the portal."""
    lines = [
        f"Demo portal: {site_url}/   (every person and record in it is fictional)",
        f"Password for every demo login: {DEMO_PASSWORD}",
    ]
    if demo_staff_use_demo_key():
        lines += [
            "Clinic staff (the first four) also give a code from an authenticator app: add the",
            f"key {DEMO_TOTP_SECRET} to any authenticator app (time-based, 6 digits), or print",
            "the current code with: .venv/bin/python manage.py demo_code",
        ]
    else:
        lines.append("Clinic staff set up a second factor (authenticator app) at first sign-in.")
    width = max(len(login.role) for login in LOGINS)
    lines += [f"  {login.role:<{width}}  {login.email}" for login in LOGINS]
    share = demo_share_url()
    if share:
        lines.append(
            f"  {'School official (no account): shared letter':<{width}}  {site_url}{share}"
        )
    return lines
