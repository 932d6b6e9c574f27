"""Who sees what: the one place the access table of the portal is written.

Every page, API endpoint and scheduled task reads student data through these functions, so
they cannot disagree. A user with no relation to a student gets Http404, exactly as if the
student did not exist.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    CareNote,
    CareTeamMember,
    CheckIn,
    Guardianship,
    Release,
    School,
    SchoolStaff,
    StaffRequest,
    Student,
)
from portal.accounts.models import Invitation
from portal.audit import reads
from portal.audit.actions import READ_ACTIONS, AuditAction
from portal.audit.models import AuditEvent

SCOPE_PLAN = "plan"
SCOPE_LETTERS = "letters"
SCOPE_UPDATES = "updates"
SCOPE_NOTES = "notes"


def _releases_in_force_for_staff(user, at=None) -> QuerySet[Release]:
    """Releases in force at `at` (now by default) that cover `user` (a user or an OuterRef to
    one): they are on the release school's roster in a role the release covers."""
    return Release.objects.in_force(at).filter(
        Release.covers_staff_role(role="school__staff__role"),
        school__staff__user=user,
    )


def staff_covered_by_releases(at=None, **release_lookups) -> QuerySet[SchoolStaff]:
    """Roster rows whose school holds a release in force at `at` that covers their role and
    matches `release_lookups` (lookups on Release, such as student=... or scope_plan=True)."""
    return SchoolStaff.objects.filter(
        Release.covers_staff_role(role="role", release="school__releases__"),
        school__releases__in=Release.objects.in_force(at).filter(**release_lookups),
    )


def visible_student_ids(user, at=None) -> QuerySet:
    """Ids of the students the user may open, as one UNION of three indexed look-ups: on their
    care team, in their guardianship, or released to a school whose roster they are on (by a
    release in force at `at`, now by default, that covers their role)."""
    return (
        CareTeamMember.objects.filter(user=user)
        .values("student_id")
        .union(
            Guardianship.objects.filter(guardian=user).values("student_id"),
            _releases_in_force_for_staff(user, at).order_by().values("student_id"),
        )
    )


# Building the SQL of visible_student_ids is most of the Python work of a page of students
# (more than PostgreSQL takes to run it), so the ORM builds it once per database, with markers
# where the user's id and the moment go, and each request fills those in. The rule stays
# written once, above.
_ANY_USER_ID = -7919  # no user has a negative id
_ANY_MOMENT = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


@functools.cache
def _visible_ids_template(alias: str) -> tuple[str, tuple]:
    connection = connections[alias]
    query = visible_student_ids(_ANY_USER_ID, at=_ANY_MOMENT).query
    sql, params = query.get_compiler(connection=connection).as_sql()
    markers = {_ANY_USER_ID, connection.ops.adapt_datetimefield_value(_ANY_MOMENT)}
    if unfilled := [
        param for param in params if param not in markers and not _is_rule_constant(param)
    ]:
        # A value fixed when the SQL was built (a `timezone.now()` in the rule, say) would be
        # reused by every later request.
        raise ValueError(f"visible_student_ids has parameters it cannot fill in: {unfilled}")
    return sql, tuple(params)


def _is_rule_constant(param) -> bool:
    # The rule's own literals (a roster role and a release's "covers this role" flag) are the
    # same for every request; anything else was fixed when the SQL was built.
    return param is True or (isinstance(param, str) and param in SchoolStaff.Role.values)


def _visible_ids_sql(user, at, alias: str = DEFAULT_DB_ALIAS) -> RawSQL:
    sql, params = _visible_ids_template(alias)
    adapt = connections[alias].ops.adapt_datetimefield_value
    values = {_ANY_USER_ID: user.pk, adapt(_ANY_MOMENT): adapt(at)}
    return RawSQL(sql, [values.get(param, param) for param in params])  # noqa: S611 - the ORM's own SQL


def students_visible_to(user) -> QuerySet[Student]:
    """Students the user may open: on their care team, in their guardianship, or released to
    a school whose roster they are on, by a release in force now that covers their role."""
    if not user.is_authenticated or not user.is_active:
        return Student.objects.none()
    return Student.objects.filter(pk__in=_visible_ids_sql(user, timezone.now()))


def caseload_for(user) -> QuerySet[Student]:
    """Students on whose care team the user serves."""
    return Student.objects.filter(care_team__user=user).distinct()


def children_of(user) -> QuerySet[Student]:
    """Students the user is a guardian of."""
    return Student.objects.filter(guardianships__guardian=user).distinct()


def students_released_to(user) -> QuerySet[Student]:
    """Students released, right now, to a school where the user works, in a role covered."""
    return Student.objects.filter(
        Exists(_releases_in_force_for_staff(user).filter(student=OuterRef("pk")))
    )


def releases_in_force_at_my_schools(user) -> QuerySet[Release]:
    """Releases in force now that cover the user at a school where they work: what each
    student's school staff may see."""
    return _releases_in_force_for_staff(user).select_related("school")


@dataclass(frozen=True)
class StudentAccess:
    """What one user may do with one student, derived from their relations to that student."""

    student: Student
    user: object
    is_care_team: bool
    care_team_role: str | None
    is_guardian: bool
    school_scopes: frozenset[str]
    school_ids: frozenset[int]

    @property
    def is_school_staff(self) -> bool:
        return bool(self.school_scopes)

    @property
    def is_family_or_team(self) -> bool:
        return self.is_care_team or self.is_guardian

    @property
    def can_read_full_profile(self) -> bool:
        return self.is_family_or_team

    @property
    def can_edit_profile(self) -> bool:
        return self.is_care_team

    @property
    def can_edit_plan(self) -> bool:
        return self.is_care_team

    @property
    def can_read_published_plan(self) -> bool:
        return self.is_family_or_team or SCOPE_PLAN in self.school_scopes

    @property
    def can_read_device_card(self) -> bool:
        return self.can_read_published_plan

    @property
    def can_edit_device_card(self) -> bool:
        return self.is_care_team

    @property
    def can_acknowledge(self) -> bool:
        return SCOPE_PLAN in self.school_scopes

    @property
    def can_write_notes(self) -> bool:
        return self.is_care_team

    @property
    def visible_note_visibilities(self) -> frozenset[str]:
        visible: set[str] = set()
        if self.is_care_team:
            visible |= {
                CareNote.Visibility.CARE_TEAM,
                CareNote.Visibility.FAMILY,
                CareNote.Visibility.SCHOOL,
            }
        if self.is_guardian:
            visible |= {CareNote.Visibility.FAMILY, CareNote.Visibility.SCHOOL}
        if SCOPE_NOTES in self.school_scopes:
            visible.add(CareNote.Visibility.SCHOOL)
        return frozenset(visible)

    @property
    def can_read_notes(self) -> bool:
        return bool(self.visible_note_visibilities)

    @property
    def can_read_checkins(self) -> bool:
        return self.is_family_or_team

    @property
    def can_write_checkins(self) -> bool:
        return self.is_guardian

    @property
    def can_read_school_messages(self) -> bool:
        return self.can_read_checkins or SCOPE_UPDATES in self.school_scopes

    @property
    def can_read_releases(self) -> bool:
        return self.is_family_or_team or self.is_school_staff

    @property
    def can_manage_releases(self) -> bool:
        return self.is_guardian

    @property
    def can_invite_guardians(self) -> bool:
        return self.is_care_team

    @property
    def can_read_signed_letters(self) -> bool:
        return self.is_family_or_team or SCOPE_LETTERS in self.school_scopes

    @property
    def can_draft_letters(self) -> bool:
        return self.is_care_team

    @property
    def can_share_letters(self) -> bool:
        return self.is_guardian

    @property
    def can_read_access_log(self) -> bool:
        return self.is_family_or_team

    def require(self, capability: str) -> "StudentAccess":
        """Raise Http404 unless the capability holds; returns self for chaining."""
        if not getattr(self, capability):
            raise Http404
        return self


def access_for(*, user, student: Student, at=None) -> StudentAccess | None:
    """The user's access to an already-loaded student, or None without any relation."""
    if not user.is_authenticated or not user.is_active:
        return None
    care_role = (
        CareTeamMember.objects.filter(student=student, user=user)
        .values_list("role", flat=True)
        .first()
    )
    is_guardian = student.guardianships.filter(guardian=user).exists()
    scopes: set[str] = set()
    school_ids: set[int] = set()
    for release in _releases_in_force_for_staff(user, at).filter(student=student):
        scopes |= release.scopes
        school_ids.add(release.school_id)
    if care_role is None and not is_guardian and not scopes:
        return None
    return StudentAccess(
        student=student,
        user=user,
        is_care_team=care_role is not None,
        care_team_role=care_role,
        is_guardian=is_guardian,
        school_scopes=frozenset(scopes),
        school_ids=frozenset(school_ids),
    )


# What a request that passed the access check for a capability has been shown, for the audit
# log; a capability not named here reads the student's record as a whole.
READ_ACTION_OF_CAPABILITY = {
    "can_read_published_plan": AuditAction.PLAN_VIEWED,
    "can_acknowledge": AuditAction.PLAN_VIEWED,
    "can_edit_plan": AuditAction.PLAN_DRAFT_VIEWED,
    "can_read_device_card": AuditAction.DEVICE_CARD_VIEWED,
    "can_edit_device_card": AuditAction.DEVICE_CARD_VIEWED,
    "can_read_notes": AuditAction.NOTES_VIEWED,
    "can_write_notes": AuditAction.NOTES_VIEWED,
    "can_read_checkins": AuditAction.CHECKINS_VIEWED,
    "can_write_checkins": AuditAction.CHECKINS_VIEWED,
    "can_read_school_messages": AuditAction.SCHOOL_UPDATES_VIEWED,
    "can_read_releases": AuditAction.RELEASES_VIEWED,
    "can_manage_releases": AuditAction.RELEASES_VIEWED,
    "can_read_signed_letters": AuditAction.LETTERS_VIEWED,
    "can_draft_letters": AuditAction.LETTERS_VIEWED,
    "can_share_letters": AuditAction.LETTERS_VIEWED,
    "can_read_access_log": AuditAction.ACCESS_LOG_VIEWED,
}


def access_student(*, user, student_id: int, capability: str | None = None) -> StudentAccess:
    """The user's access to the student; Http404 if none (or without `capability`).

    The one place access to a student is granted or refused, for pages and API alike, so it
    is also where the audit log learns of each read (written once the answer has gone out)
    and of each refused look-up.
    """
    student = Student.objects.select_related("organization", "school").filter(pk=student_id).first()
    access = access_for(user=user, student=student) if student is not None else None
    if access is None or (capability is not None and not getattr(access, capability)):
        reads.note_refused(actor=user, student=student, student_id=student_id)
        raise Http404
    reads.note_read(
        actor=user,
        student=student,
        action=READ_ACTION_OF_CAPABILITY.get(capability, AuditAction.STUDENT_VIEWED),
    )
    return access


def current_published_plan(student: Student) -> AccommodationPlan | None:
    return (
        AccommodationPlan.objects.filter(student=student, status=AccommodationPlan.Status.PUBLISHED)
        .select_related("published_by")
        .order_by("-version")
        .first()
    )


def current_draft(student: Student) -> AccommodationPlan | None:
    return AccommodationPlan.objects.filter(
        student=student, status=AccommodationPlan.Status.DRAFT
    ).first()


def plan_with_items(plan_id: int) -> AccommodationPlan | None:
    return (
        AccommodationPlan.objects.filter(pk=plan_id)
        .prefetch_related(Prefetch("items"))
        .select_related("published_by")
        .first()
    )


def published_plan_version(*, access: StudentAccess, version: int) -> AccommodationPlan:
    """One published version of the student's plan; Http404 outside the reader's scope."""
    access.require("can_read_published_plan")
    plan = (
        AccommodationPlan.objects.filter(
            student=access.student, version=version, status=AccommodationPlan.Status.PUBLISHED
        )
        .prefetch_related("items")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def published_plan_versions(access: StudentAccess) -> QuerySet[AccommodationPlan]:
    """Every published version of the student's plan, newest first, for readers of the plan."""
    access.require("can_read_published_plan")
    return AccommodationPlan.objects.filter(
        student=access.student, status=AccommodationPlan.Status.PUBLISHED
    ).order_by("-version")


def notes_visible(access: StudentAccess) -> QuerySet[CareNote]:
    return (
        CareNote.objects.filter(
            student=access.student,
            visibility__in=access.visible_note_visibilities,
            addendum_to__isnull=True,
        )
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "addenda",
                queryset=CareNote.objects.select_related("author").order_by("created_at"),
            )
        )
    )


def visible_note(access: StudentAccess, note_id: int) -> CareNote:
    """One note or addendum of the student that the user may read; Http404 otherwise."""
    note = (
        CareNote.objects.filter(
            pk=note_id,
            student=access.student,
            visibility__in=access.visible_note_visibilities,
        )
        .select_related("author", "addendum_to")
        .first()
    )
    if note is None:
        raise Http404
    return note


def checkins_visible(access: StudentAccess) -> QuerySet[CheckIn]:
    """Full check-ins for family and team; school staff read only messages to school."""
    if access.can_read_checkins:
        return CheckIn.objects.filter(student=access.student).select_related("submitted_by")
    if access.can_read_school_messages:
        return (
            CheckIn.objects.filter(student=access.student)
            .exclude(message_to_school="")
            .only("id", "student_id", "week_of", "message_to_school", "created_at")
        )
    raise Http404


def releases_visible(access: StudentAccess) -> QuerySet[Release]:
    access.require("can_read_releases")
    releases = Release.objects.filter(student=access.student).select_related(
        "school", "granted_by", "revoked_by"
    )
    if not access.is_family_or_team:
        releases = releases.filter(school_id__in=access.school_ids)
    return releases


def school_staff_with_scope(student: Student, scope: str, at=None) -> QuerySet:
    """Active school staff covered by a release in force for the student that includes `scope`."""
    covered = staff_covered_by_releases(at, student=student, **{f"scope_{scope}": True})
    return (
        get_user_model().objects.filter(is_active=True, pk__in=covered.values("user_id")).distinct()
    )


def staff_who_must_acknowledge(student: Student, at=None) -> QuerySet:
    """School staff at schools whose release in force covers the plan."""
    return school_staff_with_scope(student, SCOPE_PLAN, at)


def acknowledgement_states(plan: AccommodationPlan) -> list[dict]:
    """Each school staff member who should read the plan, with whether they have."""
    staff = list(
        staff_covered_by_releases(student=plan.student, scope_plan=True)
        .filter(user__is_active=True)
        .select_related("user", "school")
        .distinct()
        .order_by("school__name", "user__full_name")
    )
    acknowledgements = {ack.user_id: ack for ack in plan.acknowledgements.all()}
    seen: set[int] = set()
    states = []
    for member in staff:
        if member.user_id in seen:
            continue
        seen.add(member.user_id)
        states.append({"staff": member, "acknowledgement": acknowledgements.get(member.user_id)})
    return states


def pending_acknowledgement_count(student_ids) -> dict[int, int]:
    """Per student: how many school staff have not acknowledged the current published plan."""
    counts: dict[int, int] = {}
    plans: dict[int, AccommodationPlan] = {}
    for plan in AccommodationPlan.objects.filter(
        student_id__in=student_ids, status=AccommodationPlan.Status.PUBLISHED
    ).order_by("student_id", "version"):
        plans[plan.student_id] = plan  # the last one wins: the current version
    expected = (
        staff_covered_by_releases(student_id__in=student_ids, scope_plan=True)
        .filter(user__is_active=True)
        .values_list("school__releases__student_id", "user_id")
        .distinct()
    )
    acknowledged = set(
        Acknowledgement.objects.filter(
            plan_id__in=[plan.pk for plan in plans.values()]
        ).values_list("plan__student_id", "user_id")
    )
    for student_id, user_id in expected:
        if student_id not in plans:
            continue
        if (student_id, user_id) not in acknowledged:
            counts[student_id] = counts.get(student_id, 0) + 1
    return counts


def needs_my_acknowledgement(user) -> QuerySet[AccommodationPlan]:
    """Current published plans of students released to the user's school(s), not yet read by them."""
    students = Student.objects.filter(
        Exists(_releases_in_force_for_staff(user).filter(student=OuterRef("pk"), scope_plan=True))
    )
    latest_versions = AccommodationPlan.objects.filter(
        student=OuterRef("student"),
        status=AccommodationPlan.Status.PUBLISHED,
        version__gt=OuterRef("version"),
    )
    return (
        AccommodationPlan.objects.filter(
            student__in=students, status=AccommodationPlan.Status.PUBLISHED
        )
        .exclude(Exists(latest_versions))
        .exclude(acknowledgements__user=user)
        .select_related("student", "student__school")
    )


def catalog_for(user) -> QuerySet[AccommodationTemplate]:
    """The accommodation library of the user's clinic; empty for anyone not on clinic staff."""
    if not user.is_authenticated or not user.is_active or user.organization_id is None:
        return AccommodationTemplate.objects.none()
    return AccommodationTemplate.objects.filter(organization_id=user.organization_id)


def acknowledgements_visible(access: StudentAccess) -> QuerySet[Acknowledgement]:
    """Acknowledgements of the student's published versions: all of them for the care team,
    one's own for anyone else."""
    acknowledgements = Acknowledgement.objects.filter(plan__student=access.student).select_related(
        "plan", "user", "school"
    )
    if not access.is_care_team:
        acknowledgements = acknowledgements.filter(user=access.user)
    return acknowledgements


# School rosters ---------------------------------------------------------------------------------
# Who works at a school is vouched for by a clinic administrator or by the school's own
# administrator, never by a family.


def _clinic_works_with_school(organization_id: int) -> Q:
    """The clinic added the school, or one of its students attends it or has a release to it."""
    return (
        Q(added_by_id=organization_id)
        | Exists(Student.objects.filter(organization_id=organization_id, school=OuterRef("pk")))
        | Exists(
            Release.objects.filter(student__organization_id=organization_id, school=OuterRef("pk"))
        )
    )


def schools_kept_by(user) -> QuerySet[School]:
    """Schools whose roster the user keeps: as an administrator on the school's own roster, or
    as an administrator of a clinic that works with the school."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    keeps = Exists(
        SchoolStaff.objects.filter(
            user=user, school=OuterRef("pk"), role=SchoolStaff.Role.ADMINISTRATOR
        )
    )
    if user.is_org_admin and user.organization_id:
        keeps |= _clinic_works_with_school(user.organization_id)
    return School.objects.filter(keeps)


def keeps_roster_of(user, school: School) -> bool:
    return schools_kept_by(user).filter(pk=school.pk).exists()


def roster_overview(user) -> QuerySet[School]:
    """The schools whose roster the user keeps, each with how many are on it and how many
    families' requests wait there."""
    return (
        schools_kept_by(user)
        .annotate(
            staff_count=Count("staff", distinct=True),
            waiting_count=Count(
                "staff_requests",
                filter=Q(staff_requests__status=StaffRequest.Status.PENDING),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def is_on_roster(school: School, email: str) -> bool:
    return SchoolStaff.objects.filter(school=school, user__email__iexact=email).exists()


def invitations_waiting_at(school: School) -> QuerySet[Invitation]:
    """School-staff invitations to the school that can still be accepted."""
    return Invitation.objects.filter(
        kind=Invitation.Kind.SCHOOL_STAFF,
        school=school,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def school_kept_by(user, school_id: int) -> School:
    """The school, if the user keeps its roster; Http404 otherwise."""
    school = schools_kept_by(user).filter(pk=school_id).first()
    if school is None:
        raise Http404
    return school


def schools_editable_by(user) -> QuerySet[School]:
    """Schools whose details (name, address, verified domains) a clinic administrator may
    change: those their clinic added and no other clinic uses."""
    if not user.is_authenticated or not user.is_active or not user.is_org_admin:
        return School.objects.none()
    if user.organization_id is None:
        return School.objects.none()
    other_clinics_student = Student.objects.filter(school=OuterRef("pk")).exclude(
        organization_id=user.organization_id
    )
    other_clinics_release = Release.objects.filter(school=OuterRef("pk")).exclude(
        student__organization_id=user.organization_id
    )
    return School.objects.filter(added_by_id=user.organization_id).exclude(
        Exists(other_clinics_student) | Exists(other_clinics_release)
    )


def roster_of(school: School) -> QuerySet[SchoolStaff]:
    return school.staff.select_related("user", "added_by").order_by("role", "user__full_name")


def staff_requests_waiting(schools) -> QuerySet[StaffRequest]:
    """Families' requests to add a named person, waiting at any of `schools`."""
    return StaffRequest.objects.filter(
        school__in=schools, status=StaffRequest.Status.PENDING
    ).select_related("school", "student", "requested_by")


def staff_requests_for(access: StudentAccess) -> QuerySet[StaffRequest]:
    """The family's requests to add someone at a school, for the family and the care team."""
    if not access.is_family_or_team:
        return StaffRequest.objects.none()
    return StaffRequest.objects.filter(student=access.student).select_related(
        "school", "requested_by"
    )


def people_related_to_clinic(organization_id: int) -> QuerySet:
    """Ids of the families and school staff who relate to the clinic's students: guardians of
    its students, and staff on the rosters of schools the clinic works with. Their sign-ins
    belong in that clinic's audit log."""
    schools = School.objects.filter(_clinic_works_with_school(organization_id))
    return (
        get_user_model()
        .objects.filter(
            Q(guardianships__student__organization_id=organization_id)
            | Q(school_roles__school__in=schools)
        )
        .values("pk")
    )


@dataclass(frozen=True)
class AccessLog:
    """Who outside the family opened a student's record: each visit, newest first, and each
    person once with their role, last visit and number of visits."""

    visits: QuerySet
    people: list[dict]
    relations: dict[int, str]

    def relation_of(self, user_id: int | None) -> str:
        return self.relations.get(user_id, _("Clinic staff"))


def access_log(access: StudentAccess) -> AccessLog:
    """The student's access log as the family's "who has looked" page shows it."""
    access.require("can_read_access_log")
    student = access.student
    family = list(student.guardianships.values_list("guardian_id", flat=True))
    visits = (
        AuditEvent.objects.filter(student=student, action__in=READ_ACTIONS)
        .exclude(actor_id__in=family)
        .select_related("actor")
    )
    people = list(
        visits.order_by()
        .values("actor_id", "actor_label")
        .annotate(last=Max("created_at"), times=Count("id"))
        .order_by("-last")
    )
    actor_ids = [person["actor_id"] for person in people]
    relations = _who_they_are(student, actor_ids)
    names = dict(get_user_model().objects.filter(pk__in=actor_ids).values_list("pk", "full_name"))
    log = AccessLog(visits=visits, people=people, relations=relations)
    for person in people:
        person["name"] = names.get(person["actor_id"]) or person["actor_label"]
        person["relation"] = log.relation_of(person["actor_id"])
    return log


def _who_they_are(student: Student, user_ids) -> dict[int, str]:
    """How each of these users relates to the student, in words a family understands: their
    care-team role, or their role at a school."""
    described: dict[int, str] = {}
    for member in CareTeamMember.objects.filter(student=student, user_id__in=user_ids):
        described[member.user_id] = f"{member.get_role_display()}, {student.organization.name}"
    for staff in SchoolStaff.objects.filter(user_id__in=user_ids).select_related("school"):
        described.setdefault(staff.user_id, f"{staff.get_role_display()}, {staff.school.name}")
    return described
