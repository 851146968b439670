"""Permission matrix entries for attendance, lists for the prison, follow-up, certificates and notices.

World: APO organises the published edition, facilitated by the partner facilitator. A held
session (yesterday) has one participant recorded present; another participant dropped out and
APO held the feedback interview; APO has a notice.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concerto.attendance.models import AbsenceReason, Attendance, FeedbackInterview, ServiceNotice
from concerto.catalogue.models import Edition, Session
from concerto.catalogue.scheduling import aware
from concerto.registrations.models import Application
from concerto.testing.factories import DetaineeFactory, SessionFactory
from tests.test_permission_matrix import (
    API_READ,
    BAD_REQUEST,
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORISED,
    Case,
    World,
    api,
    everyone,
    only,
)

SERVICE = {"service_manager", "service_worker"}
RECORDERS = {"administrator", *SERVICE, "partner_facilitator"}
LIST_READERS = RECORDERS | {"prison_staff"}
MOVEMENT_READERS = RECORDERS | {"other_service_worker", "prison_staff"}
FOLLOWERS = {"administrator", *SERVICE, "partner_facilitator"}


def build(world: World) -> None:
    edition = Edition.objects.get(pk=world.edition_id)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    held = SessionFactory(edition=edition, starts_at=aware(yesterday, dt.time(14, 0)), origin=Session.Origin.ONE_OFF)
    participant = Application.objects.create(
        edition=edition,
        detainee=DetaineeFactory(prison=edition.prison, unit_id=world.unit_id),
        status="active",
        source="paper",
        applied_on=yesterday,
    )
    Attendance.objects.create(session=held, application=participant, status="present")
    dropout = Application.objects.create(
        edition=edition,
        detainee=DetaineeFactory(prison=edition.prison, unit_id=world.unit_id),
        status="dropped_out",
        source="paper",
        applied_on=yesterday,
    )
    interview = FeedbackInterview.objects.create(
        application=dropout,
        organisation_id=world.organisation_id,
        status="done",
        held_on=yesterday,
        reasons=["schedule_clash"],
        notes="Only APO reads this.",
    )
    reason = AbsenceReason.objects.get_or_create(code="medical", defaults={"name_fr": "Médical", "is_excused": True})[0]
    notice = ServiceNotice.objects.create(organisation_id=world.organisation_id, message="A session was cancelled.")
    world.extra.update(
        held_session=held.pk,
        participant=participant.pk,
        dropout=dropout.pk,
        interview=interview.pk,
        absence_reason=reason.pk,
        notice=notice.pk,
        day=int(yesterday.strftime("%Y%m%d")),
    )


def _day(w: World) -> str:
    value = str(w.extra["day"])
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def cases() -> list[Case]:
    fr = "/fr/attendance"
    v1 = "/api/v1"
    sheet = lambda w: f"{fr}/sessions/{w.extra['held_session']}/"  # noqa: E731 - small table entries
    movements = lambda w: f"?prison={w.prison_id}&day={_day(w)}"  # noqa: E731
    return [
        # Attendance sheet: those who run or facilitate the edition.
        Case("attendance:session_sheet", sheet, only(RECORDERS)),
        Case("attendance:session_sheet", lambda w: f"{fr}/sessions/{w.session_id}/", only(RECORDERS)),
        Case("attendance:session_sheet", sheet, only(RECORDERS, yes=REDIRECT), "post", {}),
        Case("attendance:session_all_present", lambda w: f"{sheet(w)}all-present/", everyone(NOT_ALLOWED)),
        Case(
            "attendance:session_all_present", lambda w: f"{sheet(w)}all-present/", only(RECORDERS, yes=REDIRECT), "post"
        ),
        # Lists for the prison: also the prison's staff (names and numbers: they move people).
        Case("attendance:participant_list", lambda w: f"{sheet(w)}participants/", only(LIST_READERS)),
        Case(
            "attendance:participant_list",
            lambda w: f"{fr}/sessions/{w.session_id}/participants/",
            only(LIST_READERS),
        ),
        Case("attendance:participant_list_pdf", lambda w: f"{sheet(w)}participants.pdf", only(LIST_READERS)),
        Case("attendance:movement_list", lambda w: f"{fr}/movements/", only(MOVEMENT_READERS)),
        Case("attendance:movement_list", lambda w: f"{fr}/movements/{movements(w)}", only(MOVEMENT_READERS)),
        Case("attendance:movement_list_pdf", lambda w: f"{fr}/movements.pdf{movements(w)}", only(MOVEMENT_READERS)),
        # Another prison is not among the prison staff's choices: the form says so.
        Case(
            "attendance:movement_list_pdf",
            lambda w: f"{fr}/movements.pdf?prison={w.other_prison_id}&day={_day(w)}",
            {**only(MOVEMENT_READERS), "prison_staff": BAD_REQUEST},
        ),
        # Follow-up: names for those who follow participants, figures for coordinators.
        Case(
            "attendance:follow_up",
            lambda w: f"{fr}/editions/{w.edition_id}/follow-up/",
            only(FOLLOWERS | {"coordinator"}),
        ),
        Case(
            "attendance:follow_up",
            lambda w: f"{fr}/editions/{w.draft_edition_id}/follow-up/",
            only({"administrator", *SERVICE}, no=NOT_FOUND),
        ),
        # Interviews: those who follow the participant see that it took place; APO alone changes it.
        Case(
            "attendance:interview",
            lambda w: f"{fr}/participants/{w.extra['dropout']}/interview/",
            only(FOLLOWERS, no=NOT_FOUND),
        ),
        Case(
            "attendance:interview",
            lambda w: f"{fr}/participants/{w.extra['dropout']}/interview/",
            {**only(SERVICE, yes=REDIRECT, no=NOT_FOUND), "administrator": FORBIDDEN, "partner_facilitator": FORBIDDEN},
            "post",
            {"status": "done", "held_on": "2026-01-05"},
        ),
        # Certificates: the services following the participant.
        Case(
            "attendance:certificate_pdf",
            lambda w: f"{fr}/participants/{w.extra['participant']}/certificate.pdf",
            {**only({"administrator", *SERVICE}, no=NOT_FOUND), "partner_facilitator": FORBIDDEN},
        ),
        # Notices: service staff, each their own service's.
        Case("attendance:notice_list", lambda w: f"{fr}/notices/", only(SERVICE | {"other_service_worker"})),
        Case("attendance:notice_read", lambda w: f"{fr}/notices/{w.extra['notice']}/read/", everyone(NOT_ALLOWED)),
        Case(
            "attendance:notice_read",
            lambda w: f"{fr}/notices/{w.extra['notice']}/read/",
            only(SERVICE, yes=REDIRECT, no=NOT_FOUND),
            "post",
        ),
        # --- API -------------------------------------------------------------------------------
        Case(
            "api:v1:attendance-sheet-detail",
            lambda w: f"{v1}/attendance-sheets/{w.extra['held_session']}/",
            api(RECORDERS),
        ),
        Case(
            "api:v1:attendance-sheet-record",
            lambda w: f"{v1}/attendance-sheets/{w.extra['held_session']}/record/",
            api(RECORDERS, yes=BAD_REQUEST),
            "post",
            {},
        ),
        Case(
            "api:v1:attendance-sheet-all-present",
            lambda w: f"{v1}/attendance-sheets/{w.extra['held_session']}/all-present/",
            api(RECORDERS),
            "post",
            {},
        ),
        Case("api:v1:absence-reason-list", lambda w: f"{v1}/absence-reasons/", API_READ),
        Case(
            "api:v1:absence-reason-list",
            lambda w: f"{v1}/absence-reasons/",
            everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
            "post",
            {},
        ),
        Case("api:v1:absence-reason-detail", lambda w: f"{v1}/absence-reasons/{w.extra['absence_reason']}/", API_READ),
        Case("api:v1:feedback-interview-list", lambda w: f"{v1}/feedback-interviews/", API_READ),
        Case(
            "api:v1:feedback-interview-list",
            lambda w: f"{v1}/feedback-interviews/",
            api(SERVICE | {"other_service_worker"}, yes=BAD_REQUEST),
            "post",
            {},
        ),
        Case(
            "api:v1:feedback-interview-detail",
            lambda w: f"{v1}/feedback-interviews/{w.extra['interview']}/",
            api(FOLLOWERS, no=NOT_FOUND),
        ),
        Case(
            "api:v1:feedback-interview-detail",
            lambda w: f"{v1}/feedback-interviews/{w.extra['interview']}/",
            {**api(SERVICE, no=NOT_FOUND), "administrator": FORBIDDEN, "partner_facilitator": FORBIDDEN},
            "patch",
            {"status": "done"},
        ),
        Case("api:v1:notice-list", lambda w: f"{v1}/notices/", api(SERVICE | {"other_service_worker"})),
        Case(
            "api:v1:notice-read",
            lambda w: f"{v1}/notices/{w.extra['notice']}/read/",
            api(SERVICE, no=NOT_FOUND),
            "post",
            {},
        ),
        Case("attendance:session_sheet", lambda w: f"{fr}/sessions/999999/", only(set(), no=NOT_FOUND)),
        Case("api:v1:attendance-sheet-detail", lambda w: f"{v1}/attendance-sheets/999999/", api(set(), no=NOT_FOUND)),
        Case("attendance:movement_list", lambda w: f"{fr}/movements/?day=not-a-day", only(MOVEMENT_READERS)),
    ]


_ = OK  # the shorthand is part of the matrix's vocabulary; kept for readers of this table
