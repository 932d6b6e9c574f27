import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Category(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance and schedule")
    PHYSICAL_ACTIVITY = "physical_activity", _("Physical activity and PE")
    MOBILITY = "mobility", _("Mobility and environment")
    SELF_MANAGEMENT = "self_management", _("Pain self-management in class")
    HEALTH_OFFICE = "health_office", _("Health office and medication")
    ACADEMICS = "academics", _("Academics and testing")
    SOCIAL_EMOTIONAL = "social_emotional", _("Social-emotional")
    DEVICE = "device", _("Implanted device")


class Implementer(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    TEACHERS = "teachers", _("Teachers")
    PE_TEACHER = "pe_teacher", _("PE teacher")
    NURSE = "nurse", _("School nurse")
    COUNSELOR = "counselor", _("Counselor")


class School(models.Model):
    """A school that students attend and that families give releases to.

    Who works there is its roster (SchoolStaff): only a clinic administrator or the school's
    own administrator puts anyone on it, never a family.
    """

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    added_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("added by clinic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schools_added",
    )
    email_domains = models.TextField(
        _("verified e-mail domains"),
        blank=True,
        help_text=_(
            "One per line, for example district.k12.example.org. When set, only addresses on "
            "these domains can be confirmed as the school's staff."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [
            line.strip().lower().lstrip("@")
            for line in self.email_domains.replace(",", "\n").splitlines()
            if line.strip()
        ]

    def accepts_staff_address(self, email: str) -> bool:
        """Whether `email` may be confirmed as this school's staff: any address while the
        school has no verified domains, otherwise only one on them."""
        domains = self.domain_list
        if not domains:
            return True
        return email.rpartition("@")[2].lower() in domains


class SchoolStaff(models.Model):
    """A confirmed member of a school's roster. Only the clinic or the school's
    administrator adds one; deleting the row ends their access to every student at once."""

    class Role(models.TextChoices):
        NURSE = "nurse", _("School nurse")
        COUNSELOR = "counselor", _("Counselor / 504 coordinator")
        TEACHER = "teacher", _("Teacher")
        ADMINISTRATOR = "administrator", _("School administrator")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="school_roles")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        USER,
        verbose_name=_("vouched for by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_staff_added",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("school staff member")
        verbose_name_plural = _("school staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_role_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.school})"

    @property
    def keeps_roster(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR


class StaffRequest(models.Model):
    """A family's request that a named person at the school be added to its roster. It
    grants nothing: the school's administrator or a clinic administrator confirms it (which
    sends that person an invitation) or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_requests")
    student = models.ForeignKey("Student", on_delete=models.CASCADE, related_name="staff_requests")
    requested_by = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="staff_requests_made"
    )
    full_name = models.CharField(_("their name"), max_length=200)
    email = models.EmailField(_("their e-mail address"))
    role = models.CharField(
        _("their role at the school"), max_length=20, choices=SchoolStaff.Role.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("state"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_requests_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to add school staff")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "email"],
                condition=Q(status="pending"),
                name="one_waiting_request_per_address_and_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}> at {self.school}"


def display_name_of(first_name: str, preferred_name: str, last_name: str) -> str:
    """How the portal names a student: the preferred name, if any, before the last name."""
    return f"{preferred_name or first_name} {last_name}"


class Student(models.Model):
    class Device(models.TextChoices):
        NONE = "none", _("None")
        INTRATHECAL_PUMP = "intrathecal_pump", _("Intrathecal pain pump")
        SPINAL_CORD_STIMULATOR = "spinal_cord_stimulator", _("Spinal cord stimulator")
        OTHER = "other", _("Other implanted device")

    # The implanted-device emergency card, as the care team edits it.
    DEVICE_CARD_FIELDS = (
        "device_type",
        "device_description",
        "device_emergency_contacts",
        "device_warning_signs",
        "device_emergency_steps",
        "device_do_nots",
    )

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="students"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="students"
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    family_language = models.CharField(_("family language"), max_length=40, default="English")
    device_type = models.CharField(
        _("implanted device"), max_length=30, choices=Device.choices, default=Device.NONE
    )
    device_description = models.CharField(_("device"), max_length=200, blank=True)
    device_emergency_contacts = models.TextField(_("who to call"), blank=True)
    device_warning_signs = models.TextField(_("warning signs"), blank=True)
    device_emergency_steps = models.TextField(_("emergency steps"), blank=True)
    device_do_nots = models.TextField(_("do not"), blank=True)
    device_card_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name_of(self.first_name, self.preferred_name, self.last_name)

    @property
    def legal_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}.{self.last_name[:1]}.".upper()

    @property
    def has_device(self) -> bool:
        return self.device_type != self.Device.NONE


class Guardianship(models.Model):
    guardian = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="guardianships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    relationship = models.CharField(_("relationship"), max_length=40, default="Parent")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"], name="one_guardianship_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


class CareTeamMember(models.Model):
    class Role(models.TextChoices):
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        PHYSICIAN = "physician", _("Physician")
        NURSE = "nurse", _("Nurse")
        PHYSICAL_THERAPIST = "physical_therapist", _("Physical therapist")
        OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Occupational therapist")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="care_team_roles")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="care_team")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("care-team member")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "student"], name="one_care_team_role_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) for {self.student}"


def _any_flag_set(*fields: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{field: True})
    return condition


class ReleaseQuerySet(models.QuerySet):
    def in_force(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=at, expires_at__gt=at)


class Release(models.Model):
    """A guardian's authorization to disclose one student's information to one school."""

    SCOPES = ("plan", "letters", "updates", "notes")
    # Minimum necessary: the health office and the 504 coordinator, unless the family adds more.
    DEFAULT_STAFF_ROLES = ("nurse", "counselor")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="releases")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="releases")
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="releases_granted")
    scope_plan = models.BooleanField(_("accommodation plan and emergency card"), default=True)
    scope_letters = models.BooleanField(_("signed letters"), default=True)
    scope_updates = models.BooleanField(_("messages to school from weekly updates"), default=False)
    scope_notes = models.BooleanField(_("care-team notes meant for school"), default=False)
    # Which of the school's staff the release covers; staff in other roles see nothing.
    covers_nurse = models.BooleanField(_("the school nurse"), default=True)
    covers_counselor = models.BooleanField(_("the counselor / 504 coordinator"), default=True)
    covers_teacher = models.BooleanField(_("teachers"), default=False)
    covers_administrator = models.BooleanField(_("school administrators"), default=False)
    starts_at = models.DateTimeField(_("starts"))
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="releases_revoked"
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("starts_at")), name="release_expires_after_it_starts"
            ),
            models.CheckConstraint(
                condition=_any_flag_set(
                    "scope_plan", "scope_letters", "scope_updates", "scope_notes"
                ),
                name="release_covers_something",
            ),
            models.CheckConstraint(
                condition=_any_flag_set(
                    "covers_nurse", "covers_counselor", "covers_teacher", "covers_administrator"
                ),
                name="release_covers_a_staff_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.school}"

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(scope for scope in self.SCOPES if getattr(self, f"scope_{scope}"))

    @property
    def staff_roles(self) -> frozenset[str]:
        """The roster roles whose members the release covers."""
        return frozenset(
            role for role in SchoolStaff.Role.values if getattr(self, f"covers_{role}")
        )

    @property
    def staff_role_labels(self) -> list[str]:
        return [label for value, label in SchoolStaff.Role.choices if value in self.staff_roles]

    @staticmethod
    def covers_staff_role(*, role: str, release: str = "") -> Q:
        """The condition "the release covers the staff member's role", for a query that
        reaches a SchoolStaff's role by the lookup `role` and the Release by the prefix
        `release` ("" when querying releases). Put it in the same filter() call as the other
        conditions on that staff row, so they all speak of one row."""
        condition = Q()
        for value in SchoolStaff.Role.values:
            condition |= Q(**{role: value, f"{release}covers_{value}": True})
        return condition

    @property
    def status(self) -> str:
        now = timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        if self.starts_at > now:
            return "scheduled"
        return "in_force"

    @property
    def is_in_force(self) -> bool:
        return self.status == "in_force"


class AccommodationTemplate(models.Model):
    """One entry of the clinic's library of pain-specific accommodations."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="accommodation_templates"
    )
    code = models.SlugField(max_length=80)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    default_details = models.TextField(_("default details"))
    rationale = models.TextField(_("why it helps"))
    implementer = models.CharField(_("carried out by"), max_length=20, choices=Implementer.choices)
    is_active = models.BooleanField(_("offered in the plan editor"), default=True)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("catalog accommodation")
        verbose_name_plural = _("accommodation catalog")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="one_template_per_code")
        ]

    def __str__(self) -> str:
        return self.title


class AccommodationPlan(models.Model):
    """One version of a student's plan: a draft that is edited, or a frozen published version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["student", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["student", "version"], name="one_plan_per_version"),
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="draft"), name="one_draft_per_student"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(published_at__isnull=False)
                    & Q(review_date__isnull=False)
                    & ~Q(content_hash="")
                ),
                name="published_plan_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} v{self.version} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise PublishedPlanIsFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedPlanIsFrozen(self)
        return super().delete(*args, **kwargs)

    def compute_content_hash(self) -> str:
        """SHA-256 of the plan's content: what a reader sees, in order."""
        items = [
            [item.category, item.title, item.details, item.implementer, str(item.start_date or "")]
            for item in self.items.order_by("position", "id")
        ]
        payload = {
            "student": self.student_id,
            "version": self.version,
            "review_date": str(self.review_date or ""),
            "items": items,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class PublishedPlanIsFrozen(Exception):
    def __init__(self, plan: AccommodationPlan):
        super().__init__(f"Plan {plan.pk} is published and cannot change")


class PlanItem(models.Model):
    plan = models.ForeignKey(AccommodationPlan, on_delete=models.CASCADE, related_name="items")
    template = models.ForeignKey(
        AccommodationTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details for this student"))
    implementer = models.CharField(_("carried out by"), max_length=20, choices=Implementer.choices)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def _plan_is_published(self) -> bool:
        return AccommodationPlan.objects.filter(
            pk=self.plan_id, status=AccommodationPlan.Status.PUBLISHED
        ).exists()

    def save(self, *args, **kwargs):
        if self._plan_is_published():
            raise PublishedPlanIsFrozen(self.plan)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._plan_is_published():
            raise PublishedPlanIsFrozen(self.plan)
        return super().delete(*args, **kwargs)


class Acknowledgement(models.Model):
    """A school staff member confirms they read one published plan version."""

    plan = models.ForeignKey(
        AccommodationPlan, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="acknowledgements")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="acknowledgements")
    comment = models.TextField(_("comment or question for the care team"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user"], name="one_acknowledgement_per_person_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.plan}"


class CareNote(models.Model):
    """A care-team note; after a short grace period it is corrected only by addenda."""

    EDIT_GRACE = timedelta(minutes=15)

    class Visibility(models.TextChoices):
        CARE_TEAM = "care_team", _("Care team only")
        FAMILY = "family", _("Care team and family")
        SCHOOL = "school", _("Care team, family and school")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("who can read it"), max_length=12, choices=Visibility.choices)
    body = models.TextField(_("note"))
    addendum_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.student}"

    @property
    def is_editable(self) -> bool:
        return timezone.now() - self.created_at <= self.EDIT_GRACE


class CheckIn(models.Model):
    """The family's weekly update."""

    class Sleep(models.TextChoices):
        GOOD = "good", _("Mostly good")
        FAIR = "fair", _("Some bad nights")
        POOR = "poor", _("Mostly poor")

    class Mood(models.IntegerChoices):
        VERY_LOW = 1, _("Very low")
        LOW = 2, _("Low")
        OKAY = 3, _("Okay")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="checkins")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    week_of = models.DateField(
        _("week of"), help_text=_("The Monday of the week this update covers.")
    )
    pain_now = models.PositiveSmallIntegerField(
        _("pain right now"), validators=[MaxValueValidator(10)]
    )
    pain_average = models.PositiveSmallIntegerField(
        _("average pain this week"), validators=[MaxValueValidator(10)]
    )
    pain_worst = models.PositiveSmallIntegerField(
        _("worst pain this week"), validators=[MaxValueValidator(10)]
    )
    days_full = models.PositiveSmallIntegerField(
        _("full days at school"), validators=[MaxValueValidator(7)]
    )
    days_partial = models.PositiveSmallIntegerField(
        _("partial days at school"), validators=[MaxValueValidator(7)]
    )
    days_missed = models.PositiveSmallIntegerField(
        _("days missed"), validators=[MaxValueValidator(7)]
    )
    health_office_visits = models.PositiveSmallIntegerField(
        _("health-office visits"), default=0, validators=[MaxValueValidator(50)]
    )
    sleep_quality = models.CharField(_("sleep"), max_length=8, choices=Sleep.choices)
    mood = models.PositiveSmallIntegerField(_("mood"), choices=Mood.choices)
    function_score = models.PositiveSmallIntegerField(
        _("Functional Disability Inventory score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("Optional. 0 (no difficulty) to 60."),
    )
    comments = models.TextField(_("anything the care team should know"), blank=True)
    message_to_school = models.TextField(
        _("message to school"),
        blank=True,
        help_text=_("Shared only with schools whose release covers weekly updates."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_of", "-id"]
        verbose_name = _("weekly check-in")
        constraints = [
            models.UniqueConstraint(fields=["student", "week_of"], name="one_checkin_per_week"),
            models.CheckConstraint(
                condition=Q(pain_now__lte=10) & Q(pain_average__lte=10) & Q(pain_worst__lte=10),
                name="pain_scores_are_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(pain_worst__gte=F("pain_average")), name="worst_pain_at_least_average"
            ),
            models.CheckConstraint(
                condition=Q(days_full__lte=7 - F("days_partial") - F("days_missed")),
                name="school_days_fit_in_a_week",
            ),
            models.CheckConstraint(
                condition=Q(function_score__isnull=True) | Q(function_score__lte=60),
                name="function_score_is_0_to_60",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} week of {self.week_of}"
