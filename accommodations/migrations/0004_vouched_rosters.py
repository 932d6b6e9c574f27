"""Bring existing data under the roster rules.

- A release granted before releases named staff roles covered every staff member of its
  school, so it keeps covering all four roles.
- A roster row that a family's invitation created was never vouched for by the clinic or the
  school: it becomes a request waiting for the school's administrator or a clinic
  administrator, and the person loses access until one of them confirms it.
- A family's school-staff invitation still waiting is withdrawn.
"""

from django.db import migrations
from django.utils import timezone


def bring_under_roster_rules(apps, schema_editor):
    Release = apps.get_model("accommodations", "Release")
    SchoolStaff = apps.get_model("accommodations", "SchoolStaff")
    StaffRequest = apps.get_model("accommodations", "StaffRequest")
    Invitation = apps.get_model("accounts", "Invitation")

    Release.objects.update(
        covers_nurse=True, covers_counselor=True, covers_teacher=True, covers_administrator=True
    )
    from_families = Invitation.objects.filter(
        kind="school_staff", invited_by__organization__isnull=True
    )
    for invitation in from_families.filter(accepted_by__isnull=False):
        row = SchoolStaff.objects.filter(
            user_id=invitation.accepted_by_id, school_id=invitation.school_id
        ).first()
        if row is None:
            continue
        if invitation.student_id and not StaffRequest.objects.filter(
            school_id=row.school_id, email__iexact=invitation.email, status="pending"
        ).exists():
            StaffRequest.objects.create(
                school_id=row.school_id,
                student_id=invitation.student_id,
                requested_by_id=invitation.invited_by_id,
                full_name=invitation.full_name or invitation.email,
                email=invitation.email,
                role=row.role,
            )
        row.delete()
    from_families.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accommodations", "0003_school_roster"),
        ("accounts", "0003_invitation_from_a_school"),
    ]

    operations = [migrations.RunPython(bring_under_roster_rules, migrations.RunPython.noop)]
