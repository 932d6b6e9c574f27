from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path(
        "invitations/<int:invitation_id>/send-again/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path("invite/accept/", views.invitation_acceptance, name="invitation_acceptance"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("profile/", views.profile, name="profile"),
]
