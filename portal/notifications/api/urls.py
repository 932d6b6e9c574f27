from django.urls import path

from portal.notifications.api import views

urlpatterns = [
    path("", views.NotificationList.as_view(), name="notification-list"),
    path("unread-count/", views.UnreadCount.as_view(), name="notification-unread-count"),
    path("read-all/", views.NotificationReadAll.as_view(), name="notification-read-all"),
    path("preferences/", views.Preferences.as_view(), name="notification-preferences"),
    path("<int:notification_id>/", views.NotificationDetail.as_view(), name="notification-detail"),
    path("<int:notification_id>/read/", views.NotificationRead.as_view(), name="notification-read"),
]
