"""REST API of attendance and follow-up: sheets, absence reasons, feedback interviews, notices.

Same rules as the pages: reads go through the selectors (a session or interview the reader may
not see is a 404) and log access to personal data; writes go through the services
(ValidationError → 400 with field errors, PermissionDenied → 403). Interview notes are
returned only to the interviewer's service; others get the record with ``notes: null``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from concerto.api.views import ActorViewSet
from concerto.catalogue import selectors as catalogue
from concerto.catalogue.models import Session
from concerto.registrations.models import Application

from . import permissions, selectors, services
from . import serializers as s
from .models import AbsenceReason, FeedbackInterview, ServiceNotice


class AttendanceSheetViewSet(ActorViewSet):
    """The attendance of one session (the URL's id is the session's): read, record, all present.

    For administrators, the staff of the activity's organiser and partner organisations, and the
    edition's partner facilitators (who see first name, initial and unit only).
    """

    queryset = Session.objects.none()  # for the schema only; reads go through the selectors
    serializer_class = s.AttendanceSheetSerializer
    filter_backends: list[Any] = []

    def _session(self) -> Session:
        session = catalogue.session_get(actor=self.actor, pk=self.url_pk())
        self.actor.require(permissions.can_record_attendance(self.actor, session))
        return session

    def retrieve(self, request: Request, pk: str) -> Response:
        """The session's participants with their attendance, and whether it may still be changed."""
        sheet = selectors.attendance_sheet(actor=self.actor, session=self._session())
        return self.answer(sheet, s.AttendanceSheetSerializer)

    @extend_schema(request=s.AttendanceRecordSerializer, responses=s.AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str) -> Response:
        """Record or correct one participant's attendance (an absence needs a reason)."""
        session = self._session()
        body = s.AttendanceRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        application = Application.objects.filter(pk=data["application"], edition_id=session.edition_id).first()
        if application is None:
            raise ValidationError({"application": [str(services.not_on_list_message())]})
        attendance = services.attendance_record(
            actor=self.actor,
            session=session,
            application=application,
            status=data["status"],
            reason=data["reason"],
            minutes_late=data["minutes_late"],
        )
        attendance.application.refresh_from_db(fields=["status"])
        return self.answer(attendance, s.AttendanceSerializer)

    @extend_schema(request=None, responses=s.AttendanceSheetSerializer)
    @action(detail=True, methods=["post"], url_path="all-present")
    def all_present(self, request: Request, pk: str) -> Response:
        """Mark every participant not yet recorded as present; exceptions already recorded stay."""
        session = self._session()
        services.attendance_record_all_present(actor=self.actor, session=session)
        sheet = selectors.attendance_sheet(actor=self.actor, session=session)
        return self.answer(sheet, s.AttendanceSheetSerializer)


class AbsenceReasonViewSet(viewsets.ReadOnlyModelViewSet):
    """The editable list of absence reasons (edited in the admin); excused ones never lead to dropping out."""

    lookup_value_regex = r"[0-9]+"
    queryset = AbsenceReason.objects.all()
    serializer_class = s.AbsenceReasonSerializer
    filterset_fields = ["is_excused"]


class FeedbackInterviewViewSet(ActorViewSet):
    """Feedback interviews with people who dropped out or withdrew.

    Everyone who follows the participant sees that an interview exists, its status and dates;
    its reasons and notes (professional secrecy) only the interviewer's service.
    """

    queryset = FeedbackInterview.objects.none()  # for the schema only
    serializer_class = s.InterviewSerializer
    filter_backends: list[Any] = []

    def get_serializer_class(self) -> type[Any]:
        return {"create": s.InterviewCreateSerializer, "partial_update": s.InterviewWriteSerializer}.get(
            self.action, s.InterviewSerializer
        )

    def _answer(self, interview: FeedbackInterview, code: int = status.HTTP_200_OK) -> Response:
        view = selectors.interview_views(actor=self.actor, interviews=[interview])[0]
        return self.answer(view, s.InterviewSerializer, code)

    def list(self, request: Request) -> Response:
        """Interviews of the participants you follow."""
        interviews = selectors.interviews_visible(actor=self.actor)
        page = self.paginate_queryset(interviews)
        rows = list(page if page is not None else interviews)
        data = s.InterviewSerializer(selectors.interview_views(actor=self.actor, interviews=rows), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One interview; 404 when you do not follow the participant."""
        return self._answer(selectors.interview_get(actor=self.actor, pk=self.url_pk()))

    @extend_schema(request=s.InterviewCreateSerializer, responses={201: s.InterviewSerializer})
    def create(self, request: Request) -> Response:
        """Schedule (or record) the interview with someone who dropped out or withdrew (service staff only)."""
        self.actor.require(self.actor.is_service_staff, str(services.interview_owner_message()))
        body = s.InterviewCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            application = selectors.application_for_follow_up(actor=self.actor, pk=body.validated_data["application"])
        except Http404 as missing:
            raise ValidationError({"application": [str(services.unknown_application_message())]}) from missing
        interview = services.interview_schedule(
            actor=self.actor,
            application=application,
            data=body.interview_data(),
            organisation=body.validated_data["organisation"],
        )
        return self._answer(interview, status.HTTP_201_CREATED)

    @extend_schema(request=s.InterviewWriteSerializer, responses=s.InterviewSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the interview (only the interviewer's service); fields left out keep their value."""
        interview = selectors.interview_get(actor=self.actor, pk=self.url_pk())
        self.actor.require(
            permissions.can_manage_interview(self.actor, interview.application, interview),
            str(services.interview_owner_message()),
        )
        current = {
            "status": interview.status,
            "planned_on": interview.planned_on,
            "held_on": interview.held_on,
            "reasons": interview.reasons,
            "notes": interview.notes,
        }
        body = s.InterviewWriteSerializer(data={**current, **request.data})
        body.is_valid(raise_exception=True)
        interview = services.interview_update(
            actor=self.actor, application=interview.application, data=body.interview_data()
        )
        return self._answer(interview)


class NoticeViewSet(ActorViewSet):
    """Notices to your services: cancelled sessions, dropouts to interview, freed places."""

    queryset = ServiceNotice.objects.none()  # for the schema only
    serializer_class = s.NoticeSerializer
    filter_backends: list[Any] = []

    def list(self, request: Request) -> Response:
        """Newest first; only for service staff."""
        return self.paginated(selectors.notices_for(actor=self.actor), s.NoticeSerializer)

    @extend_schema(request=None, responses=s.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark the notice read for your whole service."""
        notice = selectors.notice_get(actor=self.actor, pk=self.url_pk())
        return self.answer(services.notice_mark_read(actor=self.actor, notice=notice), s.NoticeSerializer)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("attendance-sheets", AttendanceSheetViewSet, basename="attendance-sheet")
    router.register("absence-reasons", AbsenceReasonViewSet, basename="absence-reason")
    router.register("feedback-interviews", FeedbackInterviewViewSet, basename="feedback-interview")
    router.register("notices", NoticeViewSet, basename="notice")
