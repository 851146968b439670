"""Helpers for the browser tests: launching Chromium, signing in, and the world they start from."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
# The flags proven on these machines (see RECIPES.md): without the networking ones Chromium
# keeps trying to reach closed network services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pass-word-123"  # the factories' password
SHOTS = Path("/tmp/concerto-shots")  # noqa: S108 - screenshots to look at while developing


# What the browser reported as blocked by the Content-Security-Policy during the current test
# (tests/browser/conftest.py fails the test when it is not empty).
CSP_VIOLATIONS: list[str] = []
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
                + " on " + document.location.pathname);
});
"""


def new_context(browser: Any, live_server: Any, **options: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-BE", viewport={"width": 1280, "height": 900}, **options
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", _record_violation)
    return context


def _record_violation(message: Any) -> None:
    text = message.text
    if "CSP violation" in text or "Content Security Policy" in text:
        CSP_VIOLATIONS.append(text)


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot when CONCERTO_SCREENSHOTS is set (to look at the design)."""
    if os.environ.get("CONCERTO_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# --- Signing in ------------------------------------------------------------------------------


def log_in(page: Any, user: Any, language: str = "fr") -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"/{language}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def log_in_quickly(context: Any, live_server: Any, user: Any) -> None:
    """Hand the browser a session cookie (for tests about pages, not about signing in)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


# Axe findings of these impacts fail a page; lesser ones are reported only.
BLOCKING = {"serious", "critical"}


def check_axe(page: Any, label: str) -> None:
    """Fail when axe finds a serious or critical accessibility violation on the page as it is now."""
    violations = Axe().run(page).response["violations"]
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{label}: " + "; ".join(blocking)


def gettext_in(language: str, message: str) -> str:
    """The interface text ``message`` as a reader of ``language`` sees it (translated or not)."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(message)


# --- The world -------------------------------------------------------------------------------


@dataclass
class World:
    prison: Any
    other_prison: Any
    unit_a: Any
    unit_b: Any
    room_1: Any
    room_2: Any
    library: Any
    sociocultural: Any
    training: Any
    apo: Any
    rizome: Any
    theatre: Any  # APO, published, FR and NL
    cooking: Any  # Rizome, published, French only (no Dutch translation)
    french_course: Any  # Rizome, published, training
    rizome_draft: Any  # Rizome, draft: confidential to Rizome
    theatre_edition: Any
    cooking_edition: Any
    french_edition: Any
    coordinator: Any
    apo_worker: Any
    rizome_worker: Any
    facilitator: Any
    prison_staff: Any
    monday: dt.date
    first_day: dt.date  # an open weekday of the current week
    second_day: dt.date  # another one


def open_weekdays_this_week(prison: Any) -> list[dt.date]:
    """Monday to Friday of the current week, less the days the prison is closed."""
    from django.utils import timezone

    from concerto.catalogue.selectors import week_start
    from concerto.prisons.services import PrisonCalendar

    calendar = PrisonCalendar(prison)
    monday = week_start(timezone.localdate())
    days = [monday + dt.timedelta(days=i) for i in range(5)]
    return [day for day in days if calendar.closure_reason(day) is None]


def build_world() -> World:
    from concerto.accounts.models import Role
    from concerto.accounts.permissions import actor_for
    from concerto.catalogue import services
    from concerto.catalogue.models import ActivityStatus
    from concerto.catalogue.scheduling import weekly_rule
    from concerto.catalogue.selectors import week_start
    from concerto.organisations.models import Organisation
    from concerto.testing.factories import (
        ActivityFactory,
        CategoryFactory,
        LanguageFactory,
        MembershipFactory,
        OrganisationFactory,
        PrisonFactory,
        RoomFactory,
        UnitFactory,
        UserFactory,
        target_group,
    )

    prison = PrisonFactory()
    other_prison = PrisonFactory(
        code="saint-gilles", name_fr="Prison de Saint-Gilles", name_nl="Gevangenis van Sint-Gillis"
    )
    accused, convicted = target_group("accused"), target_group("convicted")
    unit_a = UnitFactory(prison=prison, code="a", name_fr="Unité A · prévenus", name_nl="Afdeling A · verdachten")
    unit_a.legal_statuses.set([accused])
    unit_b = UnitFactory(prison=prison, code="b", name_fr="Unité B · condamnés", name_nl="Afdeling B · veroordeelden")
    unit_b.legal_statuses.set([convicted])
    room_1 = RoomFactory(prison=prison, name="Salle polyvalente 1", capacity=12)
    room_2 = RoomFactory(prison=prison, name="Salle polyvalente 2", capacity=12)
    library = RoomFactory(prison=prison, name="Bibliothèque", capacity=15)
    men = target_group("men")
    sociocultural = CategoryFactory()
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Opleiding", name_en="Training")
    french, dutch = LanguageFactory(), LanguageFactory(code="nl", name_fr="néerlandais", name_nl="Nederlands")

    apo = OrganisationFactory(name="Aide aux justiciables APO", acronym="APO")
    rizome = OrganisationFactory(name="Rizome-BXL", acronym="Rizome")
    troupe = OrganisationFactory(name="Compagnie du Rideau", acronym="Rideau", kind=Organisation.Kind.PARTNER)
    coordination = OrganisationFactory(
        name="Coordination Cocom", acronym="Coordination", kind=Organisation.Kind.COORDINATION_BODY
    )
    administration = OrganisationFactory(
        name="Direction de la prison de Haren",
        acronym="Direction Haren",
        kind=Organisation.Kind.PRISON_ADMINISTRATION,
        prison=prison,
    )

    def person(username: str, first: str, last: str, organisation: Any, role: str) -> Any:
        user = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    coordinator = person("claire", "Claire", "Dubois", coordination, Role.COORDINATOR)
    apo_worker = person("amina", "Amina", "El Idrissi", apo, Role.SERVICE_WORKER)
    rizome_worker = person("pieter", "Pieter", "Janssens", rizome, Role.SERVICE_WORKER)
    facilitator = person("lucas", "Lucas", "Martin", troupe, Role.PARTNER_FACILITATOR)
    prison_staff = person("sofie", "Sofie", "Peeters", administration, Role.PRISON_STAFF)

    theatre = ActivityFactory(
        title_fr="Atelier théâtre",
        title_nl="Theaterworkshop",
        summary_fr="Improvisation et expression orale en groupe.",
        summary_nl="Improvisatie en spreekvaardigheid in groep.",
        description_fr="Chaque semaine, jeux de scène et écriture.",
        description_nl="Elke week toneelspel en schrijven.",
        category=sociocultural,
        organiser=apo,
        target_groups=[men],
        languages=[french, dutch],
    )
    theatre.partners.set([troupe])
    cooking = ActivityFactory(
        title_fr="Cuisine du monde",
        title_nl="",
        summary_fr="Recettes partagées et hygiène alimentaire.",
        summary_nl="",
        category=sociocultural,
        organiser=rizome,
        target_groups=[men],
    )
    french_course = ActivityFactory(
        title_fr="Français langue étrangère",
        title_nl="Frans als vreemde taal",
        summary_fr="Lire, écrire et parler le français au quotidien.",
        summary_nl="Dagelijks Frans lezen, schrijven en spreken.",
        category=training,
        organiser=rizome,
        target_groups=[men],
    )
    rizome_draft = ActivityFactory(
        title_fr="Projet confidentiel en préparation",
        title_nl="Vertrouwelijk project in voorbereiding",
        category=training,
        organiser=rizome,
        status=ActivityStatus.DRAFT,
    )

    # A change, so that the history page has something to show.
    services.activity_update(actor=actor_for(apo_worker), activity=theatre, data={"default_capacity": 12})

    days = open_weekdays_this_week(prison)
    assert len(days) >= 2, "this week has fewer than two open weekdays: the browser tests need two"
    first_day, second_day = days[0], days[1]
    monday = week_start(first_day)
    until = monday + dt.timedelta(weeks=8)

    def edition(activity: Any, by: Any, **fields: Any) -> Any:
        schedule = fields.pop("days")
        data = services.EditionData(
            prison=prison,
            starts_on=monday,
            ends_on=until,
            capacity=10,
            recurrence=weekly_rule([day.weekday() for day in schedule]),
            **fields,
        )
        return services.edition_create(actor=actor_for(by), activity=activity, data=data, skip_closed_days=True)

    theatre_edition = edition(
        theatre,
        apo_worker,
        units=[unit_a],
        room=room_1,
        facilitators=[apo_worker, facilitator],
        days=[first_day],
        session_starts_at=dt.time(14, 0),
        session_ends_at=dt.time(16, 0),
    )
    cooking_edition = edition(
        cooking,
        rizome_worker,
        units=[unit_a, unit_b],
        room=room_2,
        days=[second_day],
        session_starts_at=dt.time(9, 0),
        session_ends_at=dt.time(11, 30),
    )
    french_edition = edition(
        french_course,
        rizome_worker,
        units=[unit_b],
        room=library,
        days=[first_day, second_day],
        session_starts_at=dt.time(9, 30),
        session_ends_at=dt.time(11, 0),
    )
    return World(
        prison=prison,
        other_prison=other_prison,
        unit_a=unit_a,
        unit_b=unit_b,
        room_1=room_1,
        room_2=room_2,
        library=library,
        sociocultural=sociocultural,
        training=training,
        apo=apo,
        rizome=rizome,
        theatre=theatre,
        cooking=cooking,
        french_course=french_course,
        rizome_draft=rizome_draft,
        theatre_edition=theatre_edition,
        cooking_edition=cooking_edition,
        french_edition=french_edition,
        coordinator=coordinator,
        apo_worker=apo_worker,
        rizome_worker=rizome_worker,
        facilitator=facilitator,
        prison_staff=prison_staff,
        monday=monday,
        first_day=first_day,
        second_day=second_day,
    )
