"""Permission matrix entries for the registration pages and API (see tests/test_permission_matrix.py).

In the matrix world, APO (service manager and worker) organises the published activity of
``world.edition_id``; the partner facilitator's company partners it and the facilitator runs
the edition; Rizome (other service worker) has one application recorded for it (a referral);
prison staff belong to Haren, the edition's prison; the coordinator has no service role.

Cases run in order for each role, on one database: the POSTs that change something come after
the reads of the same record, and each POST uses a record no later case depends on.
"""

from __future__ import annotations

import datetime as dt

from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.registrations.models import PrisonRequest, RefusalReason
from concerto.testing.factories import ApplicationFactory, DetaineeFactory
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

SERVICE_A = {"administrator", "service_manager", "service_worker"}
RECORDERS = SERVICE_A | {"other_service_worker"}  # any service staff (and administrators)
REFERRER = SERVICE_A | {"other_service_worker"}  # the referral is recorded for Rizome


def build(world: World) -> None:
    unit = Unit.objects.get(pk=world.unit_id)
    rizome = Organisation.objects.get(name="Rizome-BXL")

    def apply(status: str, **fields: object) -> int:
        detainee = DetaineeFactory(prison_id=world.prison_id, unit=unit)
        return ApplicationFactory(edition_id=world.edition_id, detainee=detainee, status=status, **fields).pk

    participant_id = apply("confirmed")
    world.extra.update(
        {
            "registration_candidate_id": apply("in_screening"),
            "registration_participant_id": participant_id,
            "registration_movable_id": apply("accepted"),
            "registration_referred_id": apply("applied", recorded_for=rizome, source="service_referral"),
            "registration_prison_request_id": PrisonRequest.objects.create(
                application_id=participant_id, kind="security_clearance", requested_on=dt.date(2026, 11, 2)
            ).pk,
            "refusal_reason_id": RefusalReason.objects.create(code="matrix-other", name_fr="Autre").pk,
        }
    )


def cases() -> list[Case]:
    fr = "/fr/registrations"
    v1 = "/api/v1"

    def x(name: str):
        return lambda w: w.extra[name]

    candidate, referred = x("registration_candidate_id"), x("registration_referred_id")
    movable, participant = x("registration_movable_id"), x("registration_participant_id")
    prison_request, reason = x("registration_prison_request_id"), x("refusal_reason_id")
    return [
        # --- Pages ---
        # Open to everyone involved with the edition; the content is scoped (names, lists or counts).
        Case(
            "registrations:edition",
            lambda w: f"{fr}/editions/{w.edition_id}/",
            {**everyone(OK), "privacy_officer": FORBIDDEN},  # no role that registers anyone
        ),
        Case(
            "registrations:edition",
            lambda w: f"{fr}/editions/{w.draft_edition_id}/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        # The entry page: search and the one form, for whoever records applications.
        Case("registrations:start", lambda w: f"{fr}/", only(RECORDERS)),
        Case("registrations:start", lambda w: f"{fr}/?q=a&edition={w.edition_id}", only(RECORDERS)),
        # An empty slip: those who may record see the errors next to the fields, the others are refused.
        Case("registrations:start", lambda w: f"{fr}/", only(RECORDERS), "post", {"then": "accept"}),
        Case(
            "registrations:application_create",
            lambda w: f"{fr}/editions/{w.edition_id}/apply/",
            only(RECORDERS),
        ),
        # An empty form: those who may record see the errors, the others are refused.
        Case(
            "registrations:application_create",
            lambda w: f"{fr}/editions/{w.edition_id}/apply/",
            only(RECORDERS),
            "post",
            {},
        ),
        Case("registrations:screening_edit", lambda w: f"{fr}/editions/{w.edition_id}/screening/", only(SERVICE_A)),
        Case(
            "registrations:screening_edit",
            lambda w: f"{fr}/editions/{w.edition_id}/screening/",
            only(SERVICE_A),
            "post",
            {},
        ),
        Case(
            "registrations:application_detail",
            lambda w: f"{fr}/applications/{candidate(w)}/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "registrations:application_detail",
            lambda w: f"{fr}/applications/{referred(w)}/",
            only(REFERRER, no=NOT_FOUND),
        ),
        Case(
            "registrations:application_detail",
            lambda w: f"{fr}/applications/{participant(w)}/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "registrations:application_decide",
            lambda w: f"{fr}/applications/{candidate(w)}/decide/",
            everyone(NOT_ALLOWED),
        ),
        Case(
            "registrations:application_decide",
            lambda w: f"{fr}/applications/{candidate(w)}/decide/",
            only(SERVICE_A, yes=REDIRECT, no=NOT_FOUND),
            "post",
            {"decision": "waiting_list"},
        ),
        # The referring service reads its referral but does not decide on it.
        Case(
            "registrations:application_decide",
            lambda w: f"{fr}/applications/{referred(w)}/decide/",
            {**only(SERVICE_A, yes=REDIRECT, no=NOT_FOUND), "other_service_worker": FORBIDDEN},
            "post",
            {"decision": "waiting_list"},
        ),
        Case(
            "registrations:application_move",
            lambda w: f"{fr}/applications/{movable(w)}/move/",
            everyone(NOT_ALLOWED),
        ),
        Case(
            "registrations:application_move",
            lambda w: f"{fr}/applications/{movable(w)}/move/",
            only(SERVICE_A, yes=REDIRECT, no=NOT_FOUND),
            "post",
            {"to_status": "withdrawn"},
        ),
        Case(
            "registrations:application_move",
            lambda w: f"{fr}/applications/{referred(w)}/move/",
            only(REFERRER, yes=REDIRECT, no=NOT_FOUND),
            "post",
            {"to_status": "withdrawn"},
        ),
        Case(
            "registrations:prison_request_record",
            lambda w: f"{fr}/applications/{participant(w)}/prison-request/",
            everyone(NOT_ALLOWED),
        ),
        # Without data: a redirect with the errors as messages for managers, 404 for the others.
        Case(
            "registrations:prison_request_record",
            lambda w: f"{fr}/applications/{participant(w)}/prison-request/",
            only(SERVICE_A, yes=REDIRECT, no=NOT_FOUND),
            "post",
            {},
        ),
        # --- API ---
        # Lists are scoped (possibly empty) for every signed-in user.
        Case("api:v1:application-list", lambda w: f"{v1}/applications/", API_READ),
        Case("api:v1:application-list", lambda w: f"{v1}/applications/", api(RECORDERS, yes=BAD_REQUEST), "post", {}),
        Case(
            "api:v1:application-detail",
            lambda w: f"{v1}/applications/{candidate(w)}/",
            api(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "api:v1:application-detail",
            lambda w: f"{v1}/applications/{referred(w)}/",
            api(REFERRER, no=NOT_FOUND),
        ),
        Case(
            "api:v1:application-detail",
            lambda w: f"{v1}/applications/{candidate(w)}/",
            everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
            "delete",
        ),
        Case(
            "api:v1:application-move",
            lambda w: f"{v1}/applications/{candidate(w)}/move/",
            api(SERVICE_A, yes=BAD_REQUEST, no=NOT_FOUND),
            "post",
            {},
        ),
        Case(
            "api:v1:application-decide",
            lambda w: f"{v1}/applications/{candidate(w)}/decide/",
            api(SERVICE_A, yes=BAD_REQUEST, no=NOT_FOUND),
            "post",
            {},
        ),
        Case(
            "api:v1:application-decide",
            lambda w: f"{v1}/applications/{referred(w)}/decide/",
            {**api(SERVICE_A, yes=BAD_REQUEST, no=NOT_FOUND), "other_service_worker": FORBIDDEN},
            "post",
            {},
        ),
        Case("api:v1:prison-request-list", lambda w: f"{v1}/prison-requests/", API_READ),
        Case(
            "api:v1:prison-request-list",
            lambda w: f"{v1}/prison-requests/",
            api(RECORDERS, yes=BAD_REQUEST),
            "post",
            {},
        ),
        Case(
            "api:v1:prison-request-detail",
            lambda w: f"{v1}/prison-requests/{prison_request(w)}/",
            api(SERVICE_A, no=NOT_FOUND),
        ),
        Case("api:v1:participant-list", lambda w: f"{v1}/participants/", API_READ),
        Case("api:v1:refusal-reason-list", lambda w: f"{v1}/refusal-reasons/", API_READ),
        Case(
            "api:v1:refusal-reason-list",
            lambda w: f"{v1}/refusal-reasons/",
            everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
            "post",
            {},
        ),
        Case("api:v1:refusal-reason-detail", lambda w: f"{v1}/refusal-reasons/{reason(w)}/", API_READ),
    ]
