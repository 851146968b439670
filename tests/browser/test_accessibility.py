"""axe-core on every page a coordinator or a service worker reaches, in French and in Dutch.

A page passes when axe finds no violation of impact "serious" or "critical". Lesser findings
are printed in the failure message too, to help whoever fixes the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from concerto.catalogue.models import Session
from tests.browser.support import World, log_in_quickly, screenshot

BLOCKING = {"serious", "critical"}
LANGUAGES = ["fr", "nl"]


def first_session(world: World) -> Session:
    return Session.objects.filter(edition=world.theatre_edition).order_by("starts_at").first()


def participant(world: World) -> Any:
    """A detainee confirmed in the theatre edition (created once per test world)."""
    from concerto.registrations.models import Application
    from concerto.testing.factories import ApplicationFactory, DetaineeFactory

    existing = Application.objects.filter(edition=world.theatre_edition).first()
    if existing is not None:
        return existing
    detainee = DetaineeFactory(prison=world.prison, unit=world.unit_b, first_name="Samir", last_name="Benali")
    return ApplicationFactory(
        edition=world.theatre_edition, detainee=detainee, status="confirmed", recorded_for=world.apo
    )


def administrator(world: World) -> Any:
    from concerto.accounts.models import Membership, Role, User

    user, created = User.objects.get_or_create(username="axe-admin", defaults={"first_name": "Ada"})
    if created:
        user.set_password("pass-word-123")
        user.save()
        Membership.objects.create(user=user, organisation=world.apo, role=Role.ADMINISTRATOR)
    return user


def submit_empty_form(page: Any) -> None:
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()


def submit_wrong_password(page: Any) -> None:
    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong")
    submit_empty_form(page)


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None  # attribute of World naming the user ("admin": an administrator), None: anonymous
    path: Callable[[World], str]  # without the language prefix
    then: Callable[[Any], None] | None = None  # what the user does before axe looks


PAGES = [
    Page("login", None, lambda w: "/login/"),
    Page("login-with-errors", None, lambda w: "/login/", submit_wrong_password),
    Page("dashboard", "coordinator", lambda w: "/dashboard/"),
    Page("catalogue", "coordinator", lambda w: "/catalogue/"),
    Page("activity-detail", "coordinator", lambda w: f"/catalogue/activities/{w.cooking.pk}/"),
    Page("activity-detail-service-worker", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/"),
    Page("activity-create", "apo_worker", lambda w: "/catalogue/activities/new/"),
    Page("activity-create-with-errors", "apo_worker", lambda w: "/catalogue/activities/new/", submit_empty_form),
    Page("activity-edit", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/edit/"),
    Page("activity-history", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/history/"),
    Page("edition-detail", "apo_worker", lambda w: f"/catalogue/editions/{w.theatre_edition.pk}/"),
    Page("edition-create", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/editions/new/"),
    Page(
        "edition-create-with-errors",
        "apo_worker",
        lambda w: f"/catalogue/activities/{w.theatre.pk}/editions/new/",
        submit_empty_form,
    ),
    Page("edition-history", "apo_worker", lambda w: f"/catalogue/editions/{w.theatre_edition.pk}/history/"),
    Page("session-move", "apo_worker", lambda w: f"/catalogue/sessions/{first_session(w).pk}/move/"),
    Page("session-cancel", "apo_worker", lambda w: f"/catalogue/sessions/{first_session(w).pk}/cancel/"),
    Page("calendar-index", "coordinator", lambda w: "/catalogue/calendar/"),
    Page("calendar-prison", "coordinator", lambda w: f"/catalogue/calendar/prison/{w.prison.pk}/"),
    Page("calendar-unit", "apo_worker", lambda w: f"/catalogue/calendar/prison/{w.prison.pk}/unit/{w.unit_b.pk}/"),
    Page("account", "coordinator", lambda w: "/account/"),
    Page("not-found", "facilitator", lambda w: f"/catalogue/activities/{w.rizome_draft.pk}/"),
    # The registration side (personal data): service worker's and partner facilitator's pages.
    Page("detainee-list", "apo_worker", lambda w: f"/detainees/?q={participant(w).detainee.last_name}"),
    Page("detainee-detail", "apo_worker", lambda w: f"/detainees/{participant(w).detainee_id}/"),
    Page("detainee-detail-facilitator", "facilitator", lambda w: f"/detainees/{participant(w).detainee_id}/"),
    Page("import-list", "prison_staff", lambda w: "/detainees/imports/"),
    Page("import-upload", "prison_staff", lambda w: "/detainees/imports/new/"),
    Page("registrations", "apo_worker", lambda w: f"/registrations/editions/{participant(w).edition_id}/"),
    Page("application-create", "apo_worker", lambda w: f"/registrations/editions/{w.theatre_edition.pk}/apply/"),
    Page("application-detail", "apo_worker", lambda w: f"/registrations/applications/{participant(w).pk}/"),
    Page("screening-criteria", "apo_worker", lambda w: f"/registrations/editions/{w.theatre_edition.pk}/screening/"),
    Page("attendance-sheet", "apo_worker", lambda w: f"/attendance/sessions/{first_session(w).pk}/"),
    Page("participant-list", "facilitator", lambda w: f"/attendance/sessions/{first_session(w).pk}/participants/"),
    Page("follow-up", "apo_worker", lambda w: f"/attendance/editions/{participant(w).edition_id}/follow-up/"),
    Page("interview", "apo_worker", lambda w: f"/attendance/participants/{participant(w).pk}/interview/"),
    Page("movement-list", "prison_staff", lambda w: f"/attendance/movements/?prison={w.prison.pk}"),
    Page("notices", "apo_worker", lambda w: "/attendance/notices/"),
    Page("access-log", "admin", lambda w: "/privacy/access-log/"),
]


def test_axe_reports_an_unlabelled_field_so_a_clean_page_means_something(world, page):
    page.goto("/fr/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    violations = Axe().run(page).response["violations"]
    assert "label" in {v["id"] for v in violations if v["impact"] in BLOCKING}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(str(t) for t in node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visit", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_serious_accessibility_violation(world, live_server, context, visit: Page, language: str):
    if visit.who == "admin":
        log_in_quickly(context, live_server, administrator(world))
    elif visit.who is not None:
        log_in_quickly(context, live_server, getattr(world, visit.who))
    page = context.new_page()
    response = page.goto(f"/{language}{visit.path(world)}")
    assert page.locator("html").get_attribute("lang") == language
    if visit.name != "not-found":
        assert response is not None
        assert response.status == 200, f"{visit.name}: HTTP {response.status}"
    if visit.then is not None:
        visit.then(page)
    screenshot(page, f"a11y-{visit.name}-{language}")

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, (
        f"{visit.name} in {language}: {len(blocking)} serious or critical axe violations\n"
        + describe(blocking)
        + ("\nAlso found:\n" + describe([v for v in violations if v not in blocking]) if violations else "")
    )
