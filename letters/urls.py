from django.urls import path

from letters.views import clinic, sharing, student_letters, verify

app_name = "letters"

letters = "students/<int:student_id>/letters/"
letter = letters + "<int:letter_id>/"

urlpatterns = [
    path(letters, student_letters.student_letters, name="student_letters"),
    path(letters + "new/", student_letters.letter_create, name="letter_create"),
    path(letter, student_letters.letter_detail, name="letter_detail"),
    path(letter + "preview.pdf", student_letters.letter_preview, name="letter_preview"),
    path(letter + "sign/", student_letters.letter_sign, name="letter_sign"),
    path(letter + "letter.pdf", student_letters.letter_pdf, name="letter_pdf"),
    path(letter + "revoke/", student_letters.letter_revoke, name="letter_revoke"),
    path(letter + "discard/", student_letters.letter_discard, name="letter_discard"),
    path(letter + "share/", sharing.share_create, name="share_create"),
    path(letter + "shares/<int:share_id>/revoke/", sharing.share_revoke, name="share_revoke"),
    path("share/<int:share_id>/", sharing.shared_letter, name="shared_letter"),
    path("share/<int:share_id>/letter.pdf", sharing.share_download, name="share_download"),
    path("share/<str:token>/", sharing.share_open, name="share_open"),
    path("verify/", verify.verify, name="verify"),
    path("verify/<str:code>/", verify.verify_code, name="verify_code"),
    path("letters/signature/", clinic.signing_profile, name="signing_profile"),
    path("letters/templates/", clinic.template_list, name="template_list"),
    path("letters/templates/<int:template_id>/", clinic.template_edit, name="template_edit"),
]
