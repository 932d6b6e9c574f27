from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("profile/", views.profile, name="profile"),
]
