"""REST API of the registration side: applications, decisions, requests to the prison, participants.

Same rules as the pages: reads go through the selectors (a record the reader may not see is a
404), writes through the services (ValidationError → 400 with field errors, PermissionDenied
→ 403), and every read or change of personal data is logged with its purpose.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from concerto.api.views import ActorViewSet
from concerto.registrations import permissions, selectors, services
from concerto.registrations import serializers as s
from concerto.registrations.models import Application, PrisonRequest, RefusalReason


class ApplicationViewSet(ActorViewSet):
    """Applications to editions, their screening and their moves along the state machine.

    Only administrators and service staff read applications: those of the editions their
    service organises or partners, and those recorded for their service.
    """

    queryset = Application.objects.none()  # for the schema only; reads go through the selectors
    serializer_class = s.ApplicationSerializer
    filter_backends: list[Any] = []

    @extend_schema(parameters=[s.ApplicationFilterSerializer])
    def list(self, request: Request) -> Response:
        """The applications the user may read, in waiting-list order (priority, then date)."""
        query = s.ApplicationFilterSerializer(data=request.query_params, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        applications = selectors.application_list(actor=self.actor, edition=query.validated_data.get("edition"))
        if "status" in query.validated_data:
            applications = applications.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(applications)
        rows = list(page if page is not None else applications)
        selectors.log_read(actor=self.actor, applications=rows, detail="api list")
        data = s.ApplicationSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=s.ApplicationDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        """One application with its screening checks; 404 when the user may not read it."""
        application = selectors.application_get(actor=self.actor, pk=self.url_pk())
        return self._detail(application)

    def _detail(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        application = selectors.application_get(actor=self.actor, pk=application.pk)
        selectors.log_read(actor=self.actor, applications=[application], detail=f"api application {application.pk}")
        context = {**self.get_serializer_context(), "checks": services.screening_checks(application=application)}
        return Response(s.ApplicationDetailSerializer(application, context=context).data, status=code)

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationDetailSerializer})
    def create(self, request: Request) -> Response:
        """Record an application (paper slip, referral) for one of the user's services."""
        actor = self.actor
        actor.require(actor.is_admin or actor.is_service_staff, None)
        serializer = s.ApplicationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = services.application_create(
            actor=actor,
            detainee=data["detainee"],
            edition=data["edition"],
            source=data["source"],
            applied_on=data["applied_on"],
            referred_by=data["referred_by"],
            recorded_for=data["recorded_for"],
            priority=data["priority"],
        )
        return self._detail(application, status.HTTP_201_CREATED)

    @extend_schema(request=s.ApplicationMoveSerializer, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move the application to another status; the allowed moves are in docs/registrations.md."""
        application = selectors.application_get(actor=self.actor, pk=self.url_pk())
        serializer = s.ApplicationMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        moved = services.application_move(
            actor=self.actor,
            application=application,
            to_status=data["to_status"],
            reason=data["reason"],
            refusal_reason=data["refusal_reason"],
        )
        return self._detail(moved)

    @extend_schema(request=s.ApplicationDecideSerializer, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Accept (a place is offered when one is free, else the waiting list), refuse, or waiting list."""
        actor = self.actor
        application = selectors.application_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_manage_registrations(actor, application.edition))
        serializer = s.ApplicationDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decided = services.application_decide(
            actor=actor,
            application=application,
            decision=data["decision"],
            refusal_reason=data["refusal_reason"],
            checklist_answers=data["checklist_answers"],
        )
        return self._detail(decided)


@extend_schema_view(create=extend_schema(request=s.PrisonRequestRecordSerializer, responses=s.PrisonRequestSerializer))
class PrisonRequestViewSet(mixins.ListModelMixin, ActorViewSet):
    """Requests to the prison (security clearance, movement permission) and the prison's answers."""

    serializer_class = s.PrisonRequestSerializer
    filterset_fields = ["application", "kind", "status"]

    def get_queryset(self) -> Any:
        return selectors.prison_request_list(actor=self.actor)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The requests of the applications the user may read."""
        response = super().list(request, *args, **kwargs)
        rows = PrisonRequest.objects.filter(pk__in=[row["id"] for row in _rows(response.data)])
        selectors.log_read(actor=self.actor, applications=[r.application for r in rows.select_related("application")])
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        """One request; 404 when the user may not read its application."""
        prison_request = selectors.prison_request_get(actor=self.actor, pk=self.url_pk())
        selectors.log_read(actor=self.actor, applications=[prison_request.application])
        return self.answer(prison_request, s.PrisonRequestSerializer)

    def create(self, request: Request) -> Response:
        """Record a request or its answer; one per kind and application, so recording again updates it."""
        actor = self.actor
        actor.require(actor.is_admin or actor.is_service_staff, None)
        serializer = s.PrisonRequestRecordSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = PrisonRequest.objects.filter(application=data["application"], kind=data["kind"]).exists()
        recorded = services.prison_request_record(
            actor=actor,
            application=data["application"],
            kind=data["kind"],
            status=data["status"],
            requested_on=data["requested_on"],
            answered_on=data["answered_on"],
        )
        return self.answer(
            recorded, s.PrisonRequestSerializer, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


def _rows(data: Any) -> list[dict[str, Any]]:
    return list(data["results"] if isinstance(data, dict) else data)


class ParticipantViewSet(mixins.ListModelMixin, ActorViewSet):
    """The people in editions' groups (confirmed, taking part, completed).

    Prison staff see those of their prison's editions, facilitators those of the editions they
    run (first name and initial, unit), service staff those of the applications they may read.
    """

    queryset = Application.objects.none()
    serializer_class = s.ParticipantSerializer
    filter_backends: list[Any] = []

    @extend_schema(parameters=[s.ParticipantFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = s.ParticipantFilterSerializer(data=request.query_params, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        edition = query.validated_data.get("edition")
        if edition is not None:
            rows_queryset = selectors.participants(actor=self.actor, edition=edition)
        else:
            rows_queryset = selectors.participant_list(actor=self.actor)
        page = self.paginate_queryset(rows_queryset)
        rows = list(page if page is not None else rows_queryset)
        selectors.log_read(actor=self.actor, applications=rows, detail="api participants")
        data = s.ParticipantSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class RefusalReasonViewSet(viewsets.ReadOnlyModelViewSet):
    """The editable list of refusal reasons (edited in the admin)."""

    lookup_value_regex = r"[0-9]+"
    queryset = RefusalReason.objects.all()
    serializer_class = s.RefusalReasonSerializer


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("prison-requests", PrisonRequestViewSet, basename="prison-request")
    router.register("participants", ParticipantViewSet, basename="participant")
    router.register("refusal-reasons", RefusalReasonViewSet, basename="refusal-reason")
