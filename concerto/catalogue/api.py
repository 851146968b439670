"""REST API of the catalogue: activities, editions, sessions.

Views check the shape of the input, call a selector or a service as the acting user, and answer.
Services raise Django's ValidationError (400 with field errors) and PermissionDenied (403);
selectors raise Http404 for what the reader may not see, so another organisation's drafts
are indistinguishable from ids that do not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from concerto.api.views import ActorViewSet

from . import permissions, selectors, serializers, services
from .filters import ActivityFilterSerializer, EditionFilterSet, SessionFilterSet
from .models import Activity, Edition, Session

# --- Activities ---------------------------------------------------------------------------


class ActivityViewSet(ActorViewSet):
    """The shared catalogue. There is no DELETE: an activity is archived (see ``transition``)."""

    # For the schema only (the type of ``id``); every read goes through the selectors.
    queryset = Activity.objects.none()
    serializer_class = serializers.ActivitySerializer
    filter_backends: list[Any] = []

    @extend_schema(parameters=[ActivityFilterSerializer])
    def list(self, request: Request) -> Response:
        """The activities the user may read, filtered like the catalogue page."""
        query = ActivityFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        activities = selectors.activity_list(actor=self.actor, filters=query.to_filters()).prefetch_related(
            "partners", "aims"
        )
        return self.paginated(activities, serializers.ActivitySerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One activity; 404 when it does not exist or the user may not read it."""
        activity = selectors.activity_get(actor=self.actor, pk=self.url_pk())
        return self.answer(activity, serializers.ActivitySerializer)

    def create(self, request: Request) -> Response:
        """Create a draft activity for one of the user's organisations."""
        actor = self.actor
        actor.require(permissions.can_create_activity(actor))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_create(actor=actor, data=serializer.validated_data)
        return self.answer(activity, serializers.ActivitySerializer, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        """Change an activity's content; its status changes through ``transition``."""
        actor = self.actor
        activity = selectors.activity_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_edit_activity(actor, activity))
        serializer = self.get_serializer(activity, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_update(actor=actor, activity=activity, data=serializer.validated_data)
        return self.answer(activity, serializers.ActivitySerializer)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=serializers.ActivityTransitionSerializer, responses=serializers.ActivitySerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the activity to another status (draft, proposed, published, archived)."""
        actor = self.actor
        activity = selectors.activity_get(actor=actor, pk=self.url_pk())
        serializer = serializers.ActivityTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_change_status(
            actor=actor,
            activity=activity,
            to_status=serializer.validated_data["to_status"],
            note=serializer.validated_data["note"],
        )
        return self.answer(activity, serializers.ActivitySerializer)


# --- Editions -----------------------------------------------------------------------------


@extend_schema_view(create=extend_schema(responses={201: serializers.EditionSerializer}))
class EditionViewSet(mixins.ListModelMixin, ActorViewSet):
    """Runs of activities in a prison, with their recurring schedule."""

    serializer_class = serializers.EditionSerializer
    filterset_class = EditionFilterSet

    def get_queryset(self) -> QuerySet[Edition]:
        return selectors.edition_list(actor=self.actor)

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return serializers.EditionCreateSerializer
        return serializers.EditionSerializer

    def retrieve(self, request: Request, pk: str) -> Response:
        """One edition; 404 when it does not exist or the user may not read it."""
        edition = selectors.edition_get(actor=self.actor, pk=self.url_pk())
        return self.answer(edition, serializers.EditionSerializer)

    def create(self, request: Request) -> Response:
        """Create an edition and the sessions of its recurring schedule."""
        serializer = serializers.EditionCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        edition = services.edition_create(
            actor=self.actor,
            activity=serializer.validated_data["activity"],
            data=serializer.edition_data(),
            **serializer.schedule_options(),
        )
        return self.answer(edition, serializers.EditionSerializer, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        """Change an edition; its future sessions are generated again, those changed by hand are kept."""
        actor = self.actor
        edition = selectors.edition_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_manage_edition(actor, edition))
        serializer = serializers.EditionSerializer(
            edition, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        change = services.edition_update(
            actor=actor,
            edition=edition,
            data=serializer.edition_data(),
            **serializer.schedule_options(),
        )
        return self.answer(change.edition, serializers.EditionSerializer)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)


# --- Sessions -----------------------------------------------------------------------------


@extend_schema_view(create=extend_schema(responses={201: serializers.SessionSerializer}))
class SessionViewSet(mixins.ListModelMixin, ActorViewSet):
    """Meetings of editions. Sessions come from an edition's schedule or are added one by one."""

    serializer_class = serializers.SessionSerializer
    filterset_class = SessionFilterSet

    def get_queryset(self) -> QuerySet[Session]:
        return selectors.session_list(actor=self.actor)

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return {
            "create": serializers.SessionCreateSerializer,
            "move": serializers.SessionMoveSerializer,
            "cancel": serializers.SessionCancelSerializer,
        }.get(self.action, serializers.SessionSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One session; 404 when it does not exist or the user may not read it."""
        session = selectors.session_get(actor=self.actor, pk=self.url_pk())
        return self.answer(session, serializers.SessionSerializer)

    def create(self, request: Request) -> Response:
        """Add a one-off session to an edition."""
        serializer = serializers.SessionCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = services.session_add(
            actor=self.actor,
            edition=data["edition"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            room=data.get("room"),
            double_booking_reason=data["double_booking_reason"],
        )
        return self.answer(session, serializers.SessionSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SessionMoveSerializer, responses=serializers.SessionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move one session to another time or room, with a reason."""
        actor = self.actor
        session = selectors.session_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_manage_edition(actor, session.edition))
        serializer = serializers.SessionMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = services.session_move(
            actor=actor,
            session=session,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            room=data.get("room", session.room),
            reason=data["reason"],
            double_booking_reason=data["double_booking_reason"],
        )
        return self.answer(session, serializers.SessionSerializer)

    @extend_schema(request=serializers.SessionCancelSerializer, responses=serializers.SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel one session, with a reason; it stays in the calendar, marked cancelled."""
        actor = self.actor
        session = selectors.session_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_manage_edition(actor, session.edition))
        serializer = serializers.SessionCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_cancel(actor=actor, session=session, reason=serializer.validated_data["reason"])
        return self.answer(session, serializers.SessionSerializer)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("editions", EditionViewSet, basename="edition")
    router.register("sessions", SessionViewSet, basename="session")
