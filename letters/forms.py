import io

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from letters.models import Letter, LetterTemplate
from letters.sharing import DEFAULT_LIFETIME, LONGEST_LIFETIME
from letters.verification import MAX_UPLOAD_BYTES

SIGNATURE_MAX_BYTES = 1024 * 1024
SIGNATURE_MAX_PIXELS = (3000, 1500)
SIGNATURE_FORMATS = {"PNG", "JPEG"}


class DraftCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Kind of letter"), queryset=LetterTemplate.objects.none(), empty_label=None
    )
    recipient_name = forms.CharField(
        label=_("Addressed to"), max_length=200, initial=_("School nurse and 504 coordinator")
    )
    recipient_role = forms.CharField(label=_("Their role"), max_length=120, required=False)
    supersedes = forms.ModelChoiceField(
        label=_("Replaces"),
        queryset=Letter.objects.none(),
        required=False,
        empty_label=_("Nothing: a new letter"),
        help_text=_("When this letter is signed, the one it replaces is marked superseded."),
    )

    def __init__(self, *args, templates, replaceable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["supersedes"].queryset = replaceable
        self.fields["supersedes"].label_from_instance = lambda letter: (
            _("%(kind)s signed %(date)s (%(code)s)")
            % {
                "kind": letter.get_kind_display(),
                "date": letter.signed_at.date().isoformat(),
                "code": letter.verification_code,
            }
        )


class DraftEditForm(forms.Form):
    recipient_name = forms.CharField(label=_("Addressed to"), max_length=200)
    recipient_role = forms.CharField(label=_("Their role"), max_length=120, required=False)
    subject = forms.CharField(label=_("Subject line"), max_length=300)
    body = forms.CharField(
        label=_("Letter text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Markdown: a blank line between paragraphs, ## for a heading, - for a list item, "
            "**bold**. Placeholders such as {{ student_name }} are filled in when it prints."
        ),
    )
    cite_current_plan = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SignForm(forms.Form):
    """The signer confirms it is them with their password or, when they have a second factor
    that shows codes, one of its codes. Either may be left empty; the signing service decides
    (one rule for the page and the API) and counts wrong answers."""

    # Neither field is required on its own, so neither is marked "optional".
    EITHER_FIELD = "letters/includes/either_field.html"

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        template_name=EITHER_FIELD,
    )
    code = forms.CharField(
        label=_("Or a code from your authenticator app"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
        help_text=_("The code your app shows now, or one of your unused recovery codes."),
        template_name=EITHER_FIELD,
    )

    def __init__(self, *args, offer_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_code:
            del self.fields["code"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this letter withdrawn?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the family; the verification page only says it was revoked."),
    )


class ShareForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=200)
    recipient_email = forms.EmailField(label=_("Recipient's email"))
    recipient_role = forms.CharField(
        label=_("Recipient's role"),
        max_length=120,
        help_text=_("For example: school nurse, 504 coordinator, principal."),
    )
    days = forms.IntegerField(
        label=_("Link works for (days)"),
        min_value=1,
        max_value=LONGEST_LIFETIME.days,
        initial=DEFAULT_LIFETIME.days,
    )


class ReceiptForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    note = forms.CharField(
        label=_("Note for the family and clinic"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("Printed at the foot of every page, for example K7QM-4XRT-9PZD."),
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The letter as a PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("That file is larger than 10 MB; letters are smaller."))
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("That file is not a PDF."))
        return data


class SigningProfileForm(forms.Form):
    credentials = forms.CharField(
        label=_("Credentials"),
        max_length=120,
        help_text=_("For example: PhD, Licensed Psychologist"),
    )
    license_number = forms.CharField(label=_("License number"), max_length=60)
    image = forms.FileField(
        label=_("Image of your handwritten signature"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB; dark ink on a white or clear background."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > SIGNATURE_MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 1 MB."))
        return normalized_signature_png(upload.read())


def normalized_signature_png(data: bytes) -> bytes:
    """Check an uploaded signature image and re-encode it as a plain PNG (no metadata)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind not in SIGNATURE_FORMATS:
                raise forms.ValidationError(_("Upload a PNG or JPEG image."))
            width, height = image.size
            if width > SIGNATURE_MAX_PIXELS[0] or height > SIGNATURE_MAX_PIXELS[1]:
                raise forms.ValidationError(
                    _("The image is too large: at most 3000 × 1500 pixels.")
                )
            if width < 40 or height < 15:
                raise forms.ValidationError(_("The image is too small to print clearly."))
            image.load()
            clean = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise forms.ValidationError(_("Upload a PNG or JPEG image.")) from None
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return output.getvalue()


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["title", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 28})}
