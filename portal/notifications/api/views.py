"""Your notifications and notification preferences: always your own, never anyone else's."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.filters import FILTER_BACKENDS, YES_NO_SCHEMA, yes_no_parameter
from portal.api.schema import documented
from portal.notifications import selectors, services
from portal.notifications.api.serializers import (
    MarkedSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    UnreadCountSerializer,
)
from portal.notifications.kinds import choosable_kinds_for, safety_kinds_for
from portal.notifications.models import Notification
from portal.notifications.services.preferences import frequencies_for, schedule_for

TAG = "Notifications"

NOTIFICATION = {
    "id": 901,
    "kind": "plan_published",
    "title": "A new accommodation plan for Mia is ready to read (version 3).",
    "student": 7,
    "url": "https://portal.example.org/students/7/plan/",
    "action_label": "Read the plan",
    "is_unread": True,
    "is_safety": False,
    "created_at": "2026-02-23T09:30:02Z",
    "read_at": None,
}

PREFERENCES = {
    "frequencies": {"plan_published": "instant", "note_shared": "daily", "letter_signed": "weekly"},
    "safety_kinds": ["device_card_changed"],
    "digest_hour": 7,
    "weekly_day": 0,
    "quiet_start": "21:00",
    "quiet_end": "07:00",
    "time_zone": "America/New_York",
    "language": "en",
}


def _example(name, value, status=200):
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


@extend_schema_view(
    get=documented(
        summary="List your notifications",
        description="Your notification centre, newest first.",
        tags=[TAG],
        responses={200: NotificationSerializer(many=True)},
        parameters=[
            OpenApiParameter(
                "unread",
                YES_NO_SCHEMA,
                description="`true` or `1`: only notifications not read yet; `false`, `0` or "
                "without it: all.",
            )
        ],
        examples=[_example("A new plan", NOTIFICATION)],
    )
)
class NotificationList(generics.ListAPIView):
    serializer_class = NotificationSerializer
    filter_backends = FILTER_BACKENDS
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the schema, not a request
            return Notification.objects.none()
        unread = yes_no_parameter(self.request.query_params, "unread")
        return selectors.notifications_for(self.request.user, unread_only=bool(unread))


class NotificationDetail(APIView):
    @documented(
        summary="One of your notifications",
        tags=[TAG],
        responses={200: NotificationSerializer},
        examples=[_example("A new plan", NOTIFICATION)],
    )
    def get(self, request, notification_id: int):
        notification = selectors.notification_of(request.user, notification_id)
        return Response(NotificationSerializer(notification).data)


class NotificationRead(APIView):
    @documented(
        summary="Mark a notification read",
        description="Marking it again changes nothing.",
        tags=[TAG],
        request=None,
        responses={200: NotificationSerializer},
        examples=[
            _example(
                "Read", {**NOTIFICATION, "is_unread": False, "read_at": "2026-02-23T12:00:00Z"}
            )
        ],
    )
    def post(self, request, notification_id: int):
        notification = selectors.notification_of(request.user, notification_id)
        services.mark_read(user=request.user, notification_id=notification.pk)
        notification = selectors.notification_of(request.user, notification_id)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAll(APIView):
    @documented(
        summary="Mark all your notifications read",
        tags=[TAG],
        request=None,
        responses={200: MarkedSerializer},
        examples=[_example("Three were unread", {"marked": 3})],
    )
    def post(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})


class UnreadCount(APIView):
    @documented(
        summary="How many notifications you have not read",
        tags=[TAG],
        responses={200: UnreadCountSerializer},
        examples=[_example("Two unread", {"unread": 2})],
    )
    def get(self, request):
        return Response({"unread": selectors.unread_count(request.user)})


class Preferences(APIView):
    """Your choices: how often e-mail comes for each kind of message, and when it may come."""

    def _current(self, user) -> dict:
        audiences = selectors.audiences_of(user)
        kinds = choosable_kinds_for(audiences)
        schedule = schedule_for(user)
        chosen = frequencies_for(user)
        return {
            "frequencies": {kind: chosen[kind] for kind in kinds},
            "safety_kinds": safety_kinds_for(audiences),
            "digest_hour": schedule.digest_hour,
            "weekly_day": schedule.weekly_day,
            "quiet_start": schedule.quiet_start,
            "quiet_end": schedule.quiet_end,
            "time_zone": user.time_zone,
            "language": user.language,
        }

    @documented(
        summary="Your notification preferences",
        tags=[TAG],
        responses={200: PreferencesSerializer},
        examples=[_example("Quiet at night", PREFERENCES)],
    )
    def get(self, request):
        return Response(PreferencesSerializer(self._current(request.user)).data)

    @documented(
        summary="Change your notification preferences",
        description=(
            "Send only what changes; `frequencies` may name some of your kinds only. Messages "
            "already waiting for a summary follow the new choice."
        ),
        tags=[TAG],
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer},
        examples=[
            OpenApiExample(
                "Daily summary of notes",
                value={"frequencies": {"note_shared": "daily"}, "digest_hour": 18},
                request_only=True,
            ),
            _example("Saved", PREFERENCES),
        ],
    )
    def patch(self, request):
        user = request.user
        current = self._current(user)
        serializer = PreferencesSerializer(
            data=request.data, partial=True, kinds=list(current["frequencies"])
        )
        serializer.is_valid(raise_exception=True)
        wanted = {**current, **serializer.validated_data}
        if (wanted["quiet_start"] is None) != (wanted["quiet_end"] is None):
            raise ValidationError(
                {"quiet_end": ["Give both a start and an end for quiet hours, or neither."]}
            )
        services.update_preferences(
            user=user,
            frequencies={
                **current["frequencies"],
                **serializer.validated_data.get("frequencies", {}),
            },
            digest_hour=wanted["digest_hour"],
            weekly_day=wanted["weekly_day"],
            quiet_start=wanted["quiet_start"],
            quiet_end=wanted["quiet_end"],
            time_zone=wanted["time_zone"],
            language=wanted["language"],
        )
        return Response(PreferencesSerializer(self._current(user)).data)
