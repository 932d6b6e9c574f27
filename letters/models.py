from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class LetterKind(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation letter")
    RETURN_TO_SCHOOL = "return_to_school", _("Graded return-to-school plan")
    PE_MODIFICATION = "pe_modification", _("PE modification letter")
    DEVICE_PRECAUTIONS = "device_precautions", _("Implanted device precautions")
    ABSENCE_EXCUSE = "absence_excuse", _("Appointment or absence excuse")
    OTHER = "other", _("Other letter")


class LetterTemplate(models.Model):
    """A clinic's starting text for one kind of letter; clinic administrators edit it."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="letter_templates"
    )
    code = models.SlugField(max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject line"), max_length=300)
    body = models.TextField(_("body (Markdown)"))
    is_active = models.BooleanField(_("offered when drafting"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("letter template")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="one_letter_template_per_code"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SigningProfile(models.Model):
    """How a clinician appears under their signature; the image is uploaded once."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="signing_profile")
    credentials = models.CharField(
        _("credentials"), max_length=120, help_text=_("For example: PhD, Licensed Psychologist")
    )
    license_number = models.CharField(_("license number"), max_length=60)
    signature_image = models.FileField(_("handwritten signature"), upload_to="signatures/")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}, {self.credentials}"


class LetterIsFrozen(Exception):
    """A signed, superseded or revoked letter's content cannot change."""


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        SUPERSEDED = "superseded", _("Superseded")
        REVOKED = "revoked", _("Revoked")

    # Once a letter leaves the draft state these never change again.
    FROZEN_FIELDS = (
        "student_id",
        "kind",
        "plan_id",
        "recipient_name",
        "recipient_role",
        "recipient_school",
        "subject",
        "body",
        "signed_by_id",
        "signed_at",
        "signer_name",
        "signer_credentials",
        "signer_license",
        "verification_code",
        "pdf",
        "pdf_sha256",
        "is_development_signature",
        "supersedes_id",
    )

    ALLOWED_AFTER_SIGNING = {
        ("signed", "signed"),
        ("signed", "superseded"),
        ("signed", "revoked"),
        ("superseded", "superseded"),
        ("superseded", "revoked"),
        ("revoked", "revoked"),
    }

    student = models.ForeignKey(
        "accommodations.Student", on_delete=models.PROTECT, related_name="letters"
    )
    template = models.ForeignKey(
        LetterTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    plan = models.ForeignKey(
        "accommodations.AccommodationPlan",
        verbose_name=_("plan version cited"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_role = models.CharField(_("recipient's role"), max_length=120, blank=True)
    recipient_school = models.CharField(_("school"), max_length=200, blank=True)
    subject = models.CharField(_("subject line"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_error = models.TextField(blank=True)

    signed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signer_credentials = models.CharField(max_length=120, blank=True)
    signer_license = models.CharField(max_length=60, blank=True)
    verification_code = models.CharField(max_length=14, null=True, blank=True, unique=True)
    pdf = models.FileField(upload_to="letters/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    is_development_signature = models.BooleanField(default=False)

    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
        verbose_name=_("replaces"),
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(signed_at__isnull=False)
                    & Q(verification_code__isnull=False)
                    & ~Q(pdf="")
                    & ~Q(pdf_sha256="")
                ),
                name="issued_letter_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="revoked_letter_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.student}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS, "status")
            stored = stored.first()
            if stored is not None and stored["status"] != self.Status.DRAFT:
                changed = [
                    name
                    for name in self.FROZEN_FIELDS
                    if stored[name] != _stored_value(getattr(self, name))
                ]
                if changed:
                    raise LetterIsFrozen(f"Letter {self.pk} is issued; {changed} cannot change")
                if (stored["status"], self.status) not in self.ALLOWED_AFTER_SIGNING:
                    raise LetterIsFrozen(f"Letter {self.pk} cannot go back to {self.status}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_issued:
            raise LetterIsFrozen(f"Letter {self.pk} is issued and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.SIGNED


def _stored_value(value):
    # FileField values compare by their stored name.
    return getattr(value, "name", value) if hasattr(value, "storage") else value


class ShareQuerySet(models.QuerySet):
    def live(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)


class LetterShare(models.Model):
    """A guardian's expiring link to one signed letter for one named recipient."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="shares")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    recipient_email = models.EmailField(_("recipient's email"))
    recipient_role = models.CharField(_("recipient's role"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("link expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt_confirmed_at = models.DateTimeField(null=True, blank=True)
    receipt_name = models.CharField(_("your name"), max_length=200, blank=True)
    receipt_note = models.TextField(_("note for the family and clinic"), blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="share_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(receipt_confirmed_at__isnull=True) | ~Q(receipt_name=""),
                name="receipt_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter} shared with {self.recipient_name}"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "live"

    @property
    def is_live(self) -> bool:
        return self.status == "live"


class ShareAccess(models.Model):
    """One use of a share link: opened, downloaded, receipt confirmed."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened the letter")
        DOWNLOADED = "downloaded", _("Downloaded the PDF")
        CONFIRMED = "confirmed", _("Confirmed receipt")

    share = models.ForeignKey(LetterShare, on_delete=models.CASCADE, related_name="accesses")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at}"
