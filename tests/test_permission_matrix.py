"""Every URL × every role → the expected answer.

The matrix is the specification of who may open what. ``test_every_url_is_in_the_matrix``
fails when a new URL is added without deciding its permissions here.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from concerto.accounts.models import Role
from concerto.catalogue.models import ActivityStatus, Session
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.reference.models import Aim
from concerto.testing.factories import (
    ActivityFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "administrator",
    "coordinator",
    "service_manager",
    "service_worker",
    "other_service_worker",
    "partner_facilitator",
    "prison_staff",
    "privacy_officer",
]

# Shorthands for expected answers.
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, UNAUTHORISED = 200, 302, 403, 404, 405, 401


def everyone(code: int, anonymous: int = REDIRECT) -> dict[str, int]:
    return {role: (anonymous if role == "anonymous" else code) for role in ROLES}


def only(allowed: set[str], yes: int = OK, no: int = FORBIDDEN, anonymous: int = REDIRECT) -> dict[str, int]:
    return {role: anonymous if role == "anonymous" else (yes if role in allowed else no) for role in ROLES}


@dataclass
class World:
    prison_id: int
    other_prison_id: int
    unit_id: int
    published_id: int
    draft_id: int
    second_draft_id: int
    edition_id: int
    draft_edition_id: int
    session_id: int
    room_id: int
    organisation_id: int
    target_group_id: int
    category_id: int
    language_id: int
    community_id: int
    aim_id: int
    # Objects that other apps' matrix modules add (see APP_MODULES), by name.
    extra: dict[str, int] = field(default_factory=dict)


# Each app with personal data declares its own URLs' expectations in a module with
# ``build(world)`` (adds the objects it needs to ``world.extra``) and ``cases()``.
APP_MODULES = [
    "concerto.detainees.tests.permission_cases",
    "concerto.registrations.tests.permission_cases",
    "concerto.inbox.tests.permission_cases",
    "concerto.attendance.tests.permission_cases",
    "concerto.privacy.tests.permission_cases",
    "concerto.surveys.tests.permission_cases",
    "concerto.evaluation.tests.permission_cases",
    "concerto.coverage.tests.permission_cases",
    "concerto.proposals.tests.permission_cases",
    "concerto.reports.tests.permission_cases",
    "concerto.referencedata.tests.permission_cases",
    "concerto.publicity.tests.permission_cases",
    "concerto.feeds.tests.permission_cases",
    "concerto.opendata.tests.permission_cases",
    "concerto.public.tests.permission_cases",
]


def app_modules() -> list:
    modules = []
    for name in APP_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name is None or not name.startswith(error.name):
                raise
    return modules


@pytest.fixture
def world() -> World:
    built = _base_world()
    for module in app_modules():
        module.build(built)
    return built


def _base_world() -> World:
    haren = PrisonFactory()
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Autre prison")
    unit = UnitFactory(prison=haren)
    service = OrganisationFactory(name="APO")
    other = OrganisationFactory(name="Rizome-BXL")
    partner_org = OrganisationFactory(name="Theatre company", kind=Organisation.Kind.PARTNER)
    coordination = OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)
    administration = OrganisationFactory(
        name="Haren administration", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=haren
    )
    users = {
        "administrator": (coordination, Role.ADMINISTRATOR),
        "coordinator": (coordination, Role.COORDINATOR),
        "service_manager": (service, Role.SERVICE_MANAGER),
        "service_worker": (service, Role.SERVICE_WORKER),
        "other_service_worker": (other, Role.SERVICE_WORKER),
        "partner_facilitator": (partner_org, Role.PARTNER_FACILITATOR),
        "prison_staff": (administration, Role.PRISON_STAFF),
        "privacy_officer": (coordination, Role.PRIVACY_OFFICER),
    }
    for username, (organisation, role) in users.items():
        MembershipFactory(user=UserFactory(username=username), organisation=organisation, role=role)
    published = ActivityFactory(organiser=service, status=ActivityStatus.PUBLISHED)
    draft = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    edition = EditionFactory(activity=published, prison=haren, units=[unit])
    published.partners.add(partner_org)
    edition.facilitators.set([UserFactory(username="partner_facilitator")])
    draft_edition = EditionFactory(activity=draft, prison=haren, units=[unit])
    # A one-off session on the Thursday of the edition's second week, off its Tuesday slot:
    # changing the edition's schedule (below) keeps it.
    thursday = edition.starts_on + dt.timedelta(days=10)
    session = SessionFactory(edition=edition, starts_at=aware(thursday, dt.time(14, 0)), origin=Session.Origin.ONE_OFF)
    second_draft = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    aim = Aim.objects.create(code="wellbeing", name_fr="Bien-être psychosocial")
    return World(
        prison_id=haren.pk,
        other_prison_id=elsewhere.pk,
        unit_id=unit.pk,
        published_id=published.pk,
        draft_id=draft.pk,
        second_draft_id=second_draft.pk,
        edition_id=edition.pk,
        draft_edition_id=draft_edition.pk,
        session_id=session.pk,
        room_id=edition.room_id,
        organisation_id=service.pk,
        target_group_id=published.target_groups.get().pk,
        category_id=published.category_id,
        language_id=published.languages.get().pk,
        community_id=service.community_id,
        aim_id=aim.pk,
    )


SERVICE_A = {"administrator", "service_manager", "service_worker"}
SCHEDULERS = SERVICE_A | {"coordinator"}
REFERENCE_MANAGERS = {"administrator", "coordinator"}
ADMIN_ONLY = only({"administrator"}, no=REDIRECT)  # the Django admin sends the others to its login page


@dataclass
class Case:
    """One URL, how to call it, and the expected status per role."""

    name: str  # the URL name, as reversed
    path: Callable[[World], str]
    expected: dict[str, int]
    method: str = "get"
    data: dict[str, object] | Callable[[World], dict[str, object]] | None = None


def cases() -> list[Case]:
    fr = "/fr"
    return [
        Case("healthz", lambda w: "/healthz", everyone(OK, anonymous=OK)),
        Case("choose_language", lambda w: "/language/nl/?next=/fr/", everyone(REDIRECT)),
        Case("choose_language", lambda w: "/language/nl/", everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED), "post"),
        Case("root", lambda w: f"{fr}/", everyone(REDIRECT)),
        Case("accounts:login", lambda w: f"{fr}/login/", everyone(REDIRECT, anonymous=OK)),
        Case("accounts:logout", lambda w: f"{fr}/logout/", everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
        Case("accounts:logout", lambda w: f"{fr}/logout/", everyone(REDIRECT), "post"),
        Case("accounts:account", lambda w: f"{fr}/account/", everyone(OK)),
        Case("accounts:logout_everywhere", lambda w: f"{fr}/logout/everywhere/", everyone(NOT_ALLOWED)),
        # Without a password just given, the code page sends back to the sign-in page.
        Case("accounts:login_code", lambda w: f"{fr}/login/code/", everyone(REDIRECT, anonymous=REDIRECT)),
        Case("accounts:second_factor", lambda w: f"{fr}/account/second-factor/", everyone(OK)),
        Case("accounts:recovery_codes", lambda w: f"{fr}/account/second-factor/recovery-codes/", everyone(NOT_ALLOWED)),
        Case(
            "accounts:recovery_codes",
            lambda w: f"{fr}/account/second-factor/recovery-codes/",
            everyone(REDIRECT),
            "post",
        ),
        Case("accounts:second_factor_remove", lambda w: f"{fr}/account/second-factor/remove/", everyone(NOT_ALLOWED)),
        Case(
            "accounts:second_factor_remove", lambda w: f"{fr}/account/second-factor/remove/", everyone(REDIRECT), "post"
        ),
        Case("accounts:token_create", lambda w: f"{fr}/account/tokens/", everyone(NOT_ALLOWED)),
        Case("accounts:token_create", lambda w: f"{fr}/account/tokens/", everyone(BAD_REQUEST), "post"),  # no name
        Case("accounts:token_revoke", lambda w: f"{fr}/account/tokens/cto_none/revoke/", everyone(NOT_ALLOWED)),
        Case("accounts:token_revoke", lambda w: f"{fr}/account/tokens/cto_none/revoke/", everyone(REDIRECT), "post"),
        Case("dashboard:home", lambda w: f"{fr}/dashboard/", everyone(OK)),
        Case("catalogue:activity_list", lambda w: f"{fr}/catalogue/", everyone(OK)),
        Case(
            "catalogue:activity_create",
            lambda w: f"{fr}/catalogue/activities/new/",
            only(SERVICE_A | {"other_service_worker"}),
        ),
        Case("catalogue:activity_detail", lambda w: f"{fr}/catalogue/activities/{w.published_id}/", everyone(OK)),
        Case(
            "catalogue:activity_detail",
            lambda w: f"{fr}/catalogue/activities/{w.draft_id}/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "catalogue:activity_update",
            lambda w: f"{fr}/catalogue/activities/{w.published_id}/edit/",
            only(SERVICE_A),
        ),
        Case(
            "catalogue:activity_update",
            lambda w: f"{fr}/catalogue/activities/{w.draft_id}/edit/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "catalogue:activity_change_status",
            lambda w: f"{fr}/catalogue/activities/{w.draft_id}/status/",
            everyone(NOT_ALLOWED),
        ),
        Case(
            "catalogue:activity_change_status",
            lambda w: f"{fr}/catalogue/activities/{w.draft_id}/status/",
            # Allowed or refused, the answer is a redirect with a message; invisible drafts are 404.
            only(SERVICE_A, yes=REDIRECT, no=NOT_FOUND),
            "post",
            {"to_status": "proposed"},
        ),
        Case(
            "catalogue:activity_history",
            lambda w: f"{fr}/catalogue/activities/{w.published_id}/history/",
            everyone(OK),
        ),
        Case(
            "catalogue:activity_history",
            lambda w: f"{fr}/catalogue/activities/{w.draft_id}/history/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "catalogue:edition_create",
            lambda w: f"{fr}/catalogue/activities/{w.published_id}/editions/new/",
            only(SCHEDULERS),
        ),
        Case("catalogue:edition_detail", lambda w: f"{fr}/catalogue/editions/{w.edition_id}/", everyone(OK)),
        Case(
            "catalogue:edition_detail",
            lambda w: f"{fr}/catalogue/editions/{w.draft_edition_id}/",
            only(SERVICE_A, no=NOT_FOUND),
        ),
        Case("catalogue:edition_update", lambda w: f"{fr}/catalogue/editions/{w.edition_id}/edit/", only(SCHEDULERS)),
        Case("catalogue:edition_history", lambda w: f"{fr}/catalogue/editions/{w.edition_id}/history/", everyone(OK)),
        Case(
            "catalogue:session_add",
            lambda w: f"{fr}/catalogue/editions/{w.edition_id}/sessions/new/",
            only(SCHEDULERS),
        ),
        Case("catalogue:session_move", lambda w: f"{fr}/catalogue/sessions/{w.session_id}/move/", only(SCHEDULERS)),
        Case("catalogue:session_cancel", lambda w: f"{fr}/catalogue/sessions/{w.session_id}/cancel/", only(SCHEDULERS)),
        # With a single prison open to the user (prison staff), the calendar index goes straight to it.
        Case(
            "catalogue:calendar_index",
            lambda w: f"{fr}/catalogue/calendar/",
            {**everyone(OK), "prison_staff": REDIRECT},
        ),
        Case(
            "catalogue:calendar_prison",
            lambda w: f"{fr}/catalogue/calendar/prison/{w.prison_id}/",
            # The privacy officer audits reading; the schedule is not theirs to follow.
            {**everyone(OK), "privacy_officer": FORBIDDEN},
        ),
        Case(
            "catalogue:calendar_prison",
            lambda w: f"{fr}/catalogue/calendar/prison/{w.other_prison_id}/",
            only(set(ROLES) - {"prison_staff", "privacy_officer"}),
        ),
        Case(
            "catalogue:calendar_unit",
            lambda w: f"{fr}/catalogue/calendar/prison/{w.prison_id}/unit/{w.unit_id}/",
            {**everyone(OK), "privacy_officer": FORBIDDEN},
        ),
        # The admin is the administrators' alone; coordinators edit reference data in its own pages.
        Case("admin:index", lambda w: "/admin/", ADMIN_ONLY),
        Case("admin:prisons_prison_changelist", lambda w: "/admin/prisons/prison/", ADMIN_ONLY),
        Case("admin:accounts_user_changelist", lambda w: "/admin/accounts/user/", ADMIN_ONLY),
        # The schema documents the API (no data): public, like any API reference.
        Case("api:schema", lambda w: "/api/schema/", everyone(OK, anonymous=OK)),
        *api_cases(),
        *[case for module in app_modules() for case in module.cases()],
    ]


API_READ = everyone(OK, anonymous=UNAUTHORISED)
CREATED, BAD_REQUEST = 201, 400


def api(allowed: set[str], yes: int = OK, no: int = FORBIDDEN) -> dict[str, int]:
    return only(allowed, yes=yes, no=no, anonymous=UNAUTHORISED)


def api_cases() -> list[Case]:
    v1 = "/api/v1"
    reference = [
        ("prison", "prisons", "prison_id"),
        ("unit", "units", "unit_id"),
        ("room", "rooms", "room_id"),
        ("organisation", "organisations", "organisation_id"),
        ("target-group", "target-groups", "target_group_id"),
        ("category", "categories", "category_id"),
        ("language", "languages", "language_id"),
        ("community", "communities", "community_id"),
        ("aim", "aims", "aim_id"),
    ]
    cases = [Case("api:v1:api-root", lambda w: f"{v1}/", API_READ)]
    for basename, prefix, attribute in reference:
        cases += [
            Case(f"api:v1:{basename}-list", lambda w, p=prefix: f"{v1}/{p}/", API_READ),
            Case(
                f"api:v1:{basename}-detail",
                lambda w, p=prefix, a=attribute: f"{v1}/{p}/{getattr(w, a)}/",
                API_READ,
            ),
            # Reference data is written in the admin, never through the API.
            Case(
                f"api:v1:{basename}-list",
                lambda w, p=prefix: f"{v1}/{p}/",
                everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
                "post",
                {},
            ),
        ]
    edition_body = lambda w: {  # noqa: E731 - a small table entry
        "activity": w.published_id,
        "prison": w.prison_id,
        "units": [w.unit_id],
        "room": w.room_id,
        "starts_on": "2027-02-01",
        "ends_on": "2027-02-26",
        "capacity": 5,
        "recurrence": "FREQ=WEEKLY;BYDAY=WE",
        "session_starts_at": "14:00",
        "session_ends_at": "16:00",
    }
    session_body = lambda w: {  # noqa: E731
        "edition": w.edition_id,
        "starts_at": "2027-02-03T10:00:00+01:00",
        "ends_at": "2027-02-03T11:00:00+01:00",
    }
    cases += [
        Case("api:v1:activity-list", lambda w: f"{v1}/activities/", API_READ),
        # An empty body: those who may create get field errors, the others a refusal.
        Case(
            "api:v1:activity-list",
            lambda w: f"{v1}/activities/",
            api(SERVICE_A | {"other_service_worker"}, yes=BAD_REQUEST),
            "post",
            {},
        ),
        Case("api:v1:activity-detail", lambda w: f"{v1}/activities/{w.published_id}/", API_READ),
        Case(
            "api:v1:activity-detail",
            lambda w: f"{v1}/activities/{w.draft_id}/",
            api(SERVICE_A, no=NOT_FOUND),
        ),
        Case("api:v1:activity-detail", lambda w: f"{v1}/activities/{w.published_id}/", api(SERVICE_A), "patch", {}),
        Case(
            "api:v1:activity-detail",
            lambda w: f"{v1}/activities/{w.published_id}/",
            everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
            "delete",
        ),
        Case(
            "api:v1:activity-transition",
            lambda w: f"{v1}/activities/{w.second_draft_id}/transition/",
            api(SERVICE_A, no=NOT_FOUND),
            "post",
            {"to_status": "proposed"},
        ),
        Case("api:v1:edition-list", lambda w: f"{v1}/editions/", API_READ),
        Case("api:v1:edition-list", lambda w: f"{v1}/editions/", api(SCHEDULERS, yes=CREATED), "post", edition_body),
        Case("api:v1:edition-detail", lambda w: f"{v1}/editions/{w.edition_id}/", API_READ),
        Case(
            "api:v1:edition-detail",
            lambda w: f"{v1}/editions/{w.draft_edition_id}/",
            api(SERVICE_A, no=NOT_FOUND),
        ),
        Case(
            "api:v1:edition-detail",
            lambda w: f"{v1}/editions/{w.edition_id}/",
            api(SCHEDULERS),
            "patch",
            # The period is four weeks ahead of the suite's clock: it may hold a public holiday
            # (15 August 2028 is a Tuesday), which regenerating the schedule must skip.
            {"capacity": 9, "skip_closed_days": True},
        ),
        Case("api:v1:session-list", lambda w: f"{v1}/sessions/", API_READ),
        Case("api:v1:session-list", lambda w: f"{v1}/sessions/", api(SCHEDULERS, yes=CREATED), "post", session_body),
        Case("api:v1:session-detail", lambda w: f"{v1}/sessions/{w.session_id}/", API_READ),
        # Without a reason: field errors for those who may act, a refusal for the others.
        Case(
            "api:v1:session-move",
            lambda w: f"{v1}/sessions/{w.session_id}/move/",
            api(SCHEDULERS, yes=BAD_REQUEST),
            "post",
            {},
        ),
        Case(
            "api:v1:session-cancel",
            lambda w: f"{v1}/sessions/{w.session_id}/cancel/",
            api(SCHEDULERS, yes=BAD_REQUEST),
            "post",
            {},
        ),
    ]
    return cases


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(UserFactory(username=role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_url(role: str, world: World) -> None:
    mismatches = []
    for case in cases():
        client = client_for(role)
        path = case.path(world)
        data = case.data(world) if callable(case.data) else (case.data or {})
        if path.startswith("/api/") and case.method != "get":
            response = getattr(client, case.method)(path, data=data, content_type="application/json")
        else:
            response = getattr(client, case.method)(path, data=data)
        if response.status_code != case.expected[role]:
            mismatches.append(
                f"{case.method.upper()} {path} ({case.name}): "
                f"expected {case.expected[role]}, got {response.status_code}"
            )
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


def _names(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, namespace)
        elif entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


# The Django admin's many generated URLs are guarded by one site-wide check, covered above
# by its index, one reference-data list and one administrator-only list.
NOT_LISTED_PREFIXES = ("admin:",)


def test_every_url_is_in_the_matrix() -> None:
    declared = {case.name for case in cases()}
    existing = {name for name in _names(get_resolver().url_patterns) if not name.startswith(NOT_LISTED_PREFIXES)}
    missing = sorted(existing - declared)
    assert not missing, f"URLs without an entry in the permission matrix: {missing}"
