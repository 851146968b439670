"""Every API detail route × every role × GET, PUT, PATCH, DELETE → the expected status.

The routes come from the API's router, so ``test_every_api_detail_route_has_a_row`` fails when a
new detail route (``/api/v1/<things>/{id}/`` and its ``@action(detail=True)`` routes) is added
without deciding here who may read, replace, change and delete it. Requests carry an API token
(knox), as API clients do; the world of objects and users is the page matrix's
(tests/test_permission_matrix.py), one user per role.

A refused write must change nothing: for every PUT, PATCH or DELETE answered 4xx the object's
row (its ``updated_at`` included, where it has one) is compared before and after. The bodies are
real changes (an allowed PUT or PATCH is checked to have changed the row), so that comparison
can fail.

Reading the table: each row is one route on one object, then one line per method with the status
for each role, in the columns of ``COLUMNS``. PUT sends the whole record (as the administrator
reads it) with the PATCH body's change. 401: no token; 403: refused; 404: the object is not
even visible to that role; 405: the route has no such method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from concerto.accounts.api_tokens import token_create
from concerto.accounts.models import User
from tests import test_permission_matrix as matrix
from tests.test_permission_matrix import ROLES, World

pytestmark = pytest.mark.django_db

METHODS = ("GET", "PUT", "PATCH", "DELETE")
# The columns of every table below, in this order (the page matrix's roles):
COLUMNS = {
    "anon": "anonymous",
    "admn": "administrator",
    "coor": "coordinator",
    "mngr": "service_manager",  # of APO, the service that organises the activities
    "wrkr": "service_worker",  # of APO
    "othr": "other_service_worker",  # of Rizome-BXL
    "part": "partner_facilitator",  # facilitates the published activity's edition
    "pris": "prison_staff",  # of Haren
    "priv": "privacy_officer",
}
assert list(COLUMNS.values()) == ROLES

# Reference data: read by every signed-in user, written in the admin only.
REFERENCE = """
    #       anon admn coor mngr wrkr othr part pris priv
    GET     401  200  200  200  200  200  200  200  200
    PUT     401  405  405  405  405  405  405  405  405
    PATCH   401  405  405  405  405  405  405  405  405
    DELETE  401  405  405  405  405  405  405  405  405
"""
# An action on one object (POST only; its POST is in the page matrix's API cases).
POST_ONLY = """
    #       anon admn coor mngr wrkr othr part pris priv
    GET     401  405  405  405  405  405  405  405  405
    PUT     401  405  405  405  405  405  405  405  405
    PATCH   401  405  405  405  405  405  405  405  405
    DELETE  401  405  405  405  405  405  405  405  405
"""


@dataclass
class Row:
    """One detail route on one object and its expected statuses (see the module's docstring)."""

    name: str  # the route's name without "api:v1:"
    model: str  # "app.Model" of the object in the URL: refused writes must leave its row unchanged
    pk: Callable[[World], int]
    suffix: str  # the path after /api/v1/, with {pk}
    table: str
    patch: dict[str, object] | None = None  # a real change, sent as PATCH and as PUT

    def expected(self) -> dict[str, dict[str, int]]:
        rows = [line.split() for line in self.table.strip().splitlines() if not line.strip().startswith("#")]
        lines = {row[0]: row[1:] for row in rows}
        assert sorted(lines) == sorted(METHODS), f"{self.name}: one line per method"
        assert all(len(codes) == len(ROLES) for codes in lines.values()), f"{self.name}: one status per role"
        return {method: dict(zip(ROLES, map(int, lines[method]), strict=True)) for method in METHODS}


def extra(name: str) -> Callable[[World], int]:
    return lambda w: w.extra[name]


def attribute(name: str) -> Callable[[World], int]:
    return lambda w: getattr(w, name)


def reference(name: str, prefix: str, model: str, pk: Callable[[World], int]) -> Row:
    return Row(name, model, pk, f"{prefix}/{{pk}}/", REFERENCE)


ROWS = [
    # --- Reference data -------------------------------------------------------------------------
    reference("prison-detail", "prisons", "prisons.Prison", attribute("prison_id")),
    reference("unit-detail", "units", "prisons.Unit", attribute("unit_id")),
    reference("room-detail", "rooms", "prisons.Room", attribute("room_id")),
    reference("organisation-detail", "organisations", "organisations.Organisation", attribute("organisation_id")),
    reference("community-detail", "communities", "organisations.Community", attribute("community_id")),
    reference("target-group-detail", "target-groups", "reference.TargetGroup", attribute("target_group_id")),
    reference("category-detail", "categories", "reference.Category", attribute("category_id")),
    reference("language-detail", "languages", "reference.Language", attribute("language_id")),
    reference("aim-detail", "aims", "reference.Aim", attribute("aim_id")),
    reference("absence-reason-detail", "absence-reasons", "attendance.AbsenceReason", extra("absence_reason")),
    reference("refusal-reason-detail", "refusal-reasons", "registrations.RefusalReason", extra("refusal_reason_id")),
    # --- Catalogue ------------------------------------------------------------------------------
    # A published activity: everyone reads it; its organiser's service (and administrators) edit it;
    # no DELETE (an activity is archived).
    Row(
        "activity-detail",
        "catalogue.Activity",
        attribute("published_id"),
        "activities/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  200  200  200  200  200  200  200
        PUT     401  200  403  200  200  403  403  403  403
        PATCH   401  200  403  200  200  403  403  403  403
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"default_capacity": 14},
    ),
    # A draft: only its service sees it; for the others it does not exist.
    Row(
        "activity-detail",
        "catalogue.Activity",
        attribute("draft_id"),
        "activities/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  404  404  404  404
        PUT     401  200  404  200  200  404  404  404  404
        PATCH   401  200  404  200  200  404  404  404  404
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"default_capacity": 14},
    ),
    Row(
        "activity-transition", "catalogue.Activity", attribute("published_id"), "activities/{pk}/transition/", POST_ONLY
    ),
    # Editions are scheduled by their service and by the coordinators.
    Row(
        "edition-detail",
        "catalogue.Edition",
        attribute("edition_id"),
        "editions/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  200  200  200  200  200  200  200
        PUT     401  200  200  200  200  403  403  403  403
        PATCH   401  200  200  200  200  403  403  403  403
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        # The period is weeks ahead of the suite's clock and may hold a public holiday.
        {"capacity": 9, "skip_closed_days": True},
    ),
    Row(
        "edition-detail",
        "catalogue.Edition",
        attribute("draft_edition_id"),
        "editions/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  404  404  404  404
        PUT     401  200  404  200  200  404  404  404  404
        PATCH   401  200  404  200  200  404  404  404  404
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"capacity": 9, "skip_closed_days": True},
    ),
    # Sessions change through move and cancel only (with a reason).
    Row(
        "session-detail",
        "catalogue.Session",
        attribute("session_id"),
        "sessions/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  200  200  200  200  200  200  200
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
    ),
    Row("session-move", "catalogue.Session", attribute("session_id"), "sessions/{pk}/move/", POST_ONLY),
    Row("session-cancel", "catalogue.Session", attribute("session_id"), "sessions/{pk}/cancel/", POST_ONLY),
    # --- Detainees ------------------------------------------------------------------------------
    # Coordinators and privacy officers have no access to detainees (403 before any look-up);
    # services read those they follow, prison staff those of their prison (without changing them);
    # no DELETE (the retention rule anonymises).
    # Nobody follows this one: the administrator and Haren's staff read it, only the administrator edits.
    Row(
        "detainee-detail",
        "detainees.Detainee",
        extra("detainee_id"),
        "detainees/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  403  404  404  404  404  200  403
        PUT     401  200  403  404  404  404  404  403  403
        PATCH   401  200  403  404  404  404  404  403  403
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"first_name": "Changed"},
    ),
    # Followed by APO (service A), not by Rizome (other service).
    Row(
        "detainee-detail",
        "detainees.Detainee",
        extra("followed_id"),
        "detainees/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  403  200  200  404  404  200  403
        PUT     401  200  403  200  200  404  404  403  403
        PATCH   401  200  403  200  200  404  404  403  403
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"first_name": "Changed"},
    ),
    # A participant of the partner's edition: the facilitator reads (short identity), never writes.
    Row(
        "detainee-detail",
        "detainees.Detainee",
        extra("participant_id"),
        "detainees/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  403  200  200  404  200  200  403
        PUT     401  200  403  200  200  404  403  403  403
        PATCH   401  200  403  200  200  404  403  403  403
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"first_name": "Changed"},
    ),
    # Notes: their writers' services only (professional secrecy); added by POST.
    Row(
        "detainee-notes",
        "detainees.Detainee",
        extra("followed_id"),
        "detainees/{pk}/notes/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  403  403  200  200  404  404  403  403
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
    ),
    # --- Registrations --------------------------------------------------------------------------
    # Applications change through move and decide only; read by the services that follow them.
    Row(
        "application-detail",
        "registrations.Application",
        extra("registration_candidate_id"),
        "applications/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  404  404  404  404
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"status": "accepted"},
    ),
    # Recorded for Rizome (a referral): Rizome's worker reads it too.
    Row(
        "application-detail",
        "registrations.Application",
        extra("registration_referred_id"),
        "applications/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  200  404  404  404
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"status": "accepted"},
    ),
    Row(
        "application-move",
        "registrations.Application",
        extra("registration_candidate_id"),
        "applications/{pk}/move/",
        POST_ONLY,
    ),
    Row(
        "application-decide",
        "registrations.Application",
        extra("registration_candidate_id"),
        "applications/{pk}/decide/",
        POST_ONLY,
    ),
    Row(
        "prison-request-detail",
        "registrations.PrisonRequest",
        extra("registration_prison_request_id"),
        "prison-requests/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  404  404  404  404
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"status": "granted"},
    ),
    # --- Attendance -----------------------------------------------------------------------------
    # The sheet: those who run the edition and its facilitator; recorded through record/all-present.
    Row(
        "attendance-sheet-detail",
        "catalogue.Session",
        extra("held_session"),
        "attendance-sheets/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  403  200  200  403  200  403  403
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  405  405  405  405  405  405  405  405
        DELETE  401  405  405  405  405  405  405  405  405
        """,
    ),
    Row(
        "attendance-sheet-record",
        "catalogue.Session",
        extra("held_session"),
        "attendance-sheets/{pk}/record/",
        POST_ONLY,
    ),
    Row(
        "attendance-sheet-all-present",
        "catalogue.Session",
        extra("held_session"),
        "attendance-sheets/{pk}/all-present/",
        POST_ONLY,
    ),
    # A feedback interview held by APO: those following the participant see it exists; only APO's
    # staff change it (professional secrecy: not the administrator, not the facilitator).
    Row(
        "feedback-interview-detail",
        "attendance.FeedbackInterview",
        extra("interview"),
        "feedback-interviews/{pk}/",
        """
        #       anon admn coor mngr wrkr othr part pris priv
        GET     401  200  404  200  200  404  200  404  404
        PUT     401  405  405  405  405  405  405  405  405
        PATCH   401  403  404  200  200  404  403  404  404
        DELETE  401  405  405  405  405  405  405  405  405
        """,
        {"notes": "Changed by someone."},
    ),
    Row("notice-read", "attendance.ServiceNotice", extra("notice"), "notices/{pk}/read/", POST_ONLY),
]


@pytest.fixture
def world() -> World:
    built = matrix._base_world()
    for module in matrix.app_modules():
        module.build(built)
    return built


def client_for(role: str) -> Client:
    if role == "anonymous":
        return Client()
    _, secret = token_create(User.objects.get(username=role), name="permission matrix", days=1)
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def stored(row: Row, world: World) -> list[dict[str, Any]]:
    model: type[Model] = apps.get_model(row.model)
    return list(model._default_manager.filter(pk=row.pk(world)).values())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_api_detail_route(role: str, world: World) -> None:
    client, administrator = client_for(role), client_for("administrator")
    mismatches = []
    for row in ROWS:
        path = f"/api/v1/{row.suffix.format(pk=row.pk(world))}"
        expected = row.expected()
        # PUT sends the whole record as the administrator reads it, with the change.
        whole = administrator.get(path).json() if row.patch else {}
        bodies = {"PUT": {**whole, **(row.patch or {})}, "PATCH": row.patch or {}}
        for method in METHODS:
            before = stored(row, world)
            if method in bodies:
                response = getattr(client, method.lower())(path, data=bodies[method], content_type="application/json")
            else:
                response = getattr(client, method.lower())(path)
            got, want = response.status_code, expected[method][role]
            if got != want:
                mismatches.append(f"{method} {path} ({row.name}): expected {want}, got {got}")
            elif method != "GET" and got >= 400 and stored(row, world) != before:
                mismatches.append(f"{method} {path} ({row.name}): refused with {got} but the row changed")
            elif method in bodies and got == 200 and stored(row, world) == before:
                mismatches.append(f"{method} {path} ({row.name}): allowed but nothing changed (the body is no change)")
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


def _detail_routes(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _detail_routes(entry.url_patterns, inner)
        elif entry.name and namespace == "api:v1:" and "(?P<pk>" in str(entry.pattern):
            names.add(entry.name)
    return names


def test_every_api_detail_route_has_a_row() -> None:
    routes = _detail_routes(get_resolver().url_patterns)
    assert len(routes) > 20  # the walk found the router's routes
    missing = sorted(routes - {row.name for row in ROWS})
    assert not missing, f"API detail routes without a row in tests/test_api_permission_matrix.py: {missing}"
    unknown = sorted({row.name for row in ROWS} - routes)
    assert not unknown, f"rows for routes that no longer exist: {unknown}"
