import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A clinic: its letterhead, its clinicians, its students."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Anyone who signs in: clinic staff, guardians and school staff alike.

    What a user may see follows from their relations (care team, guardianship, school staff
    with a release), never from a role flag on the user.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("clinic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Set for clinic staff only."),
    )
    is_org_admin = models.BooleanField(_("clinic administrator"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    language = models.CharField(_("language"), max_length=8, default="en")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_org_admin=False) | Q(organization__isnull=False),
                name="org_admin_belongs_to_an_organization",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """How to greet them: the first name, or a title with the last name ("Dr. Rivera" for
        "Dr. Ana Rivera, PhD")."""
        words = self.full_name.split(",")[0].split()
        if not words:
            return self.email
        if words[0].endswith(".") and len(words) > 1:
            return f"{words[0]} {words[-1]}"
        return words[0]

    @property
    def is_clinic_staff(self) -> bool:
        return self.organization_id is not None

    @property
    def must_have_second_factor(self) -> bool:
        """Clinic staff sign letters and read whole caseloads, and clinic administrators keep
        the audit log: they sign in with an authenticator app or a security key as well."""
        return self.is_clinic_staff or self.is_org_admin


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring offer of an account with one relation attached."""

    class Kind(models.TextChoices):
        CLINICIAN = "clinician", _("Clinic staff member")
        CARE_TEAM = "care_team", _("Care-team member for a student")
        GUARDIAN = "guardian", _("Parent or guardian of a student")
        SCHOOL_STAFF = "school_staff", _("School staff member")

    email = models.EmailField(_("email"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The clinic it comes from; empty when a school's administrator invites their own staff.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    student = models.ForeignKey(
        "accommodations.Student",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    school = models.ForeignKey(
        "accommodations.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=40, blank=True)
    relationship = models.CharField(_("relationship"), max_length=40, blank=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    resent_at = models.DateTimeField(_("last sent again"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["care_team", "guardian"]) | Q(student__isnull=False),
                name="student_invitation_names_a_student",
            ),
            models.CheckConstraint(
                condition=~Q(kind="school_staff") | Q(school__isnull=False),
                name="school_invitation_names_a_school",
            ),
            models.CheckConstraint(
                condition=Q(kind="school_staff") | Q(organization__isnull=False),
                name="clinic_invitation_names_a_clinic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"

    @property
    def from_name(self) -> str:
        """Whose portal the invitation is to: the clinic's, or the school's when a school's
        administrator sent it."""
        if self.organization is not None:
            return self.organization.name
        return self.school.name if self.school is not None else ""

    def get_school_role_display(self) -> str:
        """The school-staff role offered, in words ("School nurse")."""
        school_staff = self._meta.apps.get_model("accommodations", "SchoolStaff")
        return str(dict(school_staff.Role.choices).get(self.role, self.role))

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def may_be_sent_again(self) -> bool:
        """Neither accepted nor withdrawn; an expired invitation may be sent again."""
        return self.accepted_at is None and self.withdrawn_at is None

    @property
    def is_usable(self) -> bool:
        """Its link works: it may be accepted, or withdrawn."""
        return self.may_be_sent_again and self.expires_at > timezone.now()
