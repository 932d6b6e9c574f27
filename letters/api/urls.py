from django.urls import path

from letters.api import views

LETTERS = "students/<int:student_id>/letters/"
LETTER = LETTERS + "<int:letter_id>/"
SHARE = LETTER + "shares/<int:share_id>/"

urlpatterns = [
    path(
        "students/<int:student_id>/letter-templates/",
        views.LetterTemplateList.as_view(),
        name="letter-template-list",
    ),
    path(LETTERS, views.LetterList.as_view(), name="letter-list"),
    path(LETTER, views.LetterDetail.as_view(), name="letter-detail"),
    path(LETTER + "preview/", views.LetterPreview.as_view(), name="letter-preview"),
    path(LETTER + "sign/", views.LetterSign.as_view(), name="letter-sign"),
    path(LETTER + "pdf/", views.LetterPDF.as_view(), name="letter-pdf"),
    path(LETTER + "revoke/", views.LetterRevoke.as_view(), name="letter-revoke"),
    path(LETTER + "shares/", views.ShareList.as_view(), name="share-list"),
    path(SHARE + "revoke/", views.ShareRevoke.as_view(), name="share-revoke"),
    path(SHARE + "accesses/", views.ShareAccessList.as_view(), name="share-access-list"),
]
