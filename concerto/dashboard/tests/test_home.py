"""The home page of each role: each user sees the work that concerns them, and not others'."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance, FeedbackInterview, ServiceNotice
from concerto.catalogue.models import SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.detainees.models import DetaineeImport, ImportStatus
from concerto.evaluation.models import FacilitatorReport
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.proposals.models import ActivityProposal, ProposalStatus
from concerto.registrations.models import PrisonRequest
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    CategoryFactory,
    DetaineeFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, key: str) -> str:
    """The HTML of one block of the page (an empty string when the page has no such block)."""
    found = re.search(rf'<section class="home-block" id="block-{key}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def at(day: dt.date, hour: int) -> dt.datetime:
    return aware(day, dt.time(hour, 0))


@pytest.fixture
def haren():
    return PrisonFactory()


@pytest.fixture
def unit(haren):
    return UnitFactory(prison=haren, code="a")


@pytest.fixture
def apo():
    return OrganisationFactory(name="Aide aux justiciables APO", acronym="APO")


@pytest.fixture
def rizome():
    return OrganisationFactory(name="Rizome-BXL", acronym="Rizome")


def person(role: str, organisation: Organisation, username: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def apo_edition(apo, haren, unit):
    return EditionFactory(
        activity=ActivityFactory(organiser=apo, title_en="Theatre workshop"), prison=haren, units=[unit], capacity=3
    )


@pytest.fixture
def rizome_edition(rizome, haren, unit):
    return EditionFactory(
        activity=ActivityFactory(organiser=rizome, title_en="World cooking"), prison=haren, units=[unit], capacity=3
    )


def detainee(haren, unit, first: str, last: str):
    return DetaineeFactory(prison=haren, unit=unit, first_name=first, last_name=last)


# --- Service staff ---------------------------------------------------------------------------


def test_a_worker_sees_the_applications_of_their_service_to_screen_and_not_another_services(
    apo, rizome, apo_edition, rizome_edition, haren, unit
):
    ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "Amal", "Haddad"), status="applied")
    ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "Bilal", "Sow"), status="in_screening")
    ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "Omar", "Diallo"), status="refused")
    ApplicationFactory(edition=rizome_edition, detainee=detainee(haren, unit, "Bruno", "Lemaire"), status="applied")

    apo_page = block(home(person(Role.SERVICE_WORKER, apo, "amina")), "to-screen")
    assert "HADDAD Amal" in apo_page
    assert "SOW Bilal" in apo_page
    assert "DIALLO" not in apo_page, "a refused application is no longer to screen"
    assert "LEMAIRE" not in apo_page, "APO must not see Rizome's applications"
    assert "/registrations/applications/" in apo_page

    rizome_page = block(home(person(Role.SERVICE_WORKER, rizome, "pieter")), "to-screen")
    assert "LEMAIRE Bruno" in rizome_page
    assert "HADDAD" not in rizome_page


def test_an_empty_block_says_so_in_one_line(apo):
    html = home(person(Role.SERVICE_WORKER, apo, "amina"))
    assert "Nothing to screen." in block(html, "to-screen")
    assert "No unread notice." in block(html, "notices")
    assert "Every dropout had a feedback interview." in block(html, "dropouts")


def test_a_block_shows_its_first_five_items_and_the_total(apo, apo_edition, haren, unit):
    for index in range(7):
        ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, f"P{index}", f"Name{index}"))
    to_screen = block(home(person(Role.SERVICE_WORKER, apo, "amina")), "to-screen")
    assert to_screen.count("/registrations/applications/") == 5
    assert '<span class="home-count">7</span>' in to_screen
    assert "and 2 more" in to_screen


def test_offers_about_to_expire_are_those_due_within_two_days(apo, apo_edition, haren, unit):
    now = timezone.now()
    ApplicationFactory(
        edition=apo_edition,
        detainee=detainee(haren, unit, "Soon", "Expiring"),
        status="offered",
        offer_expires_at=now + dt.timedelta(hours=20),
    )
    ApplicationFactory(
        edition=apo_edition,
        detainee=detainee(haren, unit, "Later", "Answering"),
        status="offered",
        offer_expires_at=now + dt.timedelta(days=6),
    )
    offers = block(home(person(Role.SERVICE_WORKER, apo, "amina")), "offers")
    assert "EXPIRING Soon" in offers
    assert "ANSWERING" not in offers


def test_a_waiting_list_can_move_when_a_place_is_free_and_people_wait(
    apo, rizome, apo_edition, rizome_edition, haren, unit
):
    ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "In", "Group"), status="confirmed")
    ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "Wait", "Ing"), status="waiting_list")
    for index in range(3):  # Rizome's edition is full: its waiting list cannot move
        ApplicationFactory(
            edition=rizome_edition, status="confirmed", detainee=detainee(haren, unit, "F", f"Full{index}")
        )
    ApplicationFactory(edition=rizome_edition, status="waiting_list", detainee=detainee(haren, unit, "W", "Rizome"))
    html = home(person(Role.SERVICE_MANAGER, apo, "manager"))
    lists = block(html, "waiting-lists")
    assert f"/registrations/editions/{apo_edition.pk}/" in lists
    assert "1 waiting · 2 places free" in lists
    assert f"/registrations/editions/{rizome_edition.pk}/" not in lists
    rizome_lists = block(home(person(Role.SERVICE_MANAGER, rizome, "rizome-manager")), "waiting-lists")
    assert "No waiting list can move" in rizome_lists


def test_sessions_today_and_tomorrow_with_attendance_to_enter_link_to_their_sheet(
    apo, apo_edition, rizome_edition, haren, unit, today
):
    worker = person(Role.SERVICE_WORKER, apo, "amina")
    first, second = (
        ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, n, n), status="confirmed")
        for n in ("One", "Two")
    )
    todays = SessionFactory(edition=apo_edition, starts_at=at(today, 9))
    tomorrows = SessionFactory(edition=apo_edition, starts_at=at(today + dt.timedelta(days=1), 9))
    later = SessionFactory(edition=apo_edition, starts_at=at(today + dt.timedelta(days=3), 9))
    recorded = SessionFactory(edition=apo_edition, starts_at=at(today, 15))
    for application in (first, second):
        Attendance.objects.create(session=recorded, application=application, status="present", recorded_by=worker)
    Attendance.objects.create(session=todays, application=first, status="present", recorded_by=worker)
    ApplicationFactory(edition=rizome_edition, status="confirmed", detainee=detainee(haren, unit, "R", "R"))
    rizome_session = SessionFactory(edition=rizome_edition, starts_at=at(today, 10))

    sessions = block(home(worker), "attendance")
    assert f"/attendance/sessions/{todays.pk}/" in sessions
    assert "1 person to record" in sessions
    assert f"/attendance/sessions/{tomorrows.pk}/" in sessions
    assert f"/attendance/sessions/{later.pk}/" not in sessions
    assert f"/attendance/sessions/{recorded.pk}/" not in sessions, "its attendance is all entered"
    assert f"/attendance/sessions/{rizome_session.pk}/" not in sessions


def test_dropouts_without_an_interview_link_to_the_interview_form(
    apo, rizome, apo_edition, rizome_edition, haren, unit
):
    left = ApplicationFactory(
        edition=apo_edition, detainee=detainee(haren, unit, "Left", "Early"), status="dropped_out"
    )
    heard = ApplicationFactory(
        edition=apo_edition, detainee=detainee(haren, unit, "Was", "Heard"), status="dropped_out"
    )
    FeedbackInterview.objects.create(application=heard, organisation=apo, status="done")
    planned = ApplicationFactory(
        edition=apo_edition, detainee=detainee(haren, unit, "To", "Hear"), status="dropped_out"
    )
    FeedbackInterview.objects.create(application=planned, organisation=apo, status="planned")
    ApplicationFactory(edition=rizome_edition, detainee=detainee(haren, unit, "Other", "Service"), status="dropped_out")
    dropouts = block(home(person(Role.SERVICE_WORKER, apo, "amina")), "dropouts")
    assert "EARLY Left" in dropouts
    assert f"/attendance/participants/{left.pk}/interview/" in dropouts
    assert "HEARD" not in dropouts, "the interview was held"
    assert "HEAR To" in dropouts
    assert "interview planned" in dropouts
    assert "SERVICE Other" not in dropouts


def test_unread_notices_of_ones_own_service_only(apo, rizome):
    ServiceNotice.objects.create(
        organisation=apo, message="Session of Tuesday cancelled", link="/fr/attendance/notices/"
    )
    ServiceNotice.objects.create(organisation=apo, message="Already read", read_at=timezone.now())
    ServiceNotice.objects.create(organisation=rizome, message="For Rizome only")
    notices = block(home(person(Role.SERVICE_WORKER, apo, "amina")), "notices")
    assert "Session of Tuesday cancelled" in notices
    assert 'href="/en/attendance/notices/"' in notices, "the link opens in the reader's language"
    assert "Already read" not in notices
    assert "For Rizome only" not in notices


def imported(prison, status: str, **fields):
    return DetaineeImport.objects.create(
        prison=prison, file_name=f"{status}.csv", file_sha256="0" * 64, content=b"", status=status, **fields
    )


def test_a_manager_sees_the_imports_that_wait_for_someone_in_the_prisons_where_the_service_works(
    apo, apo_edition, haren
):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    imported(haren, ImportStatus.PREVIEW)
    imported(elsewhere, ImportStatus.FAILED)
    manager_home = home(person(Role.SERVICE_MANAGER, apo, "manager"))
    imports = block(manager_home, "imports")
    assert "preview.csv" in imports
    assert "failed.csv" not in imports, "APO does not work in that prison"
    assert block(home(person(Role.SERVICE_WORKER, apo, "amina")), "imports") == "", "workers do not import"


def test_an_import_superseded_by_a_later_one_needs_no_look(apo, apo_edition, haren):
    imported(haren, ImportStatus.FAILED)
    imported(haren, ImportStatus.DONE)
    imports = block(home(person(Role.SERVICE_MANAGER, apo, "manager")), "imports")
    assert "failed.csv" not in imports
    assert "No import of the prison" in imports


def test_a_stalled_import_asks_for_a_look(apo, apo_edition, haren):
    imported(haren, ImportStatus.APPLYING, running_since=timezone.now() - dt.timedelta(hours=2))
    imports = block(home(person(Role.SERVICE_MANAGER, apo, "manager")), "imports")
    assert "applying.csv" in imports
    assert "stalled" in imports


def test_the_home_page_logs_whom_it_names(apo, apo_edition, haren, unit):
    application = ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, "Amal", "Haddad"))
    worker = person(Role.SERVICE_WORKER, apo, "amina")
    home(worker)
    assert PersonalDataAccess.objects.about(application.detainee_id).filter(user=worker).exists()


# --- Prison staff ----------------------------------------------------------------------------


@pytest.fixture
def haren_staff(haren):
    administration = OrganisationFactory(
        name="Direction Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=haren
    )
    return person(Role.PRISON_STAFF, administration, "sofie")


@pytest.fixture
def other_staff():
    other = PrisonFactory(code="saint-gilles", name_fr="Saint-Gilles")
    administration = OrganisationFactory(
        name="Direction Saint-Gilles", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=other
    )
    return person(Role.PRISON_STAFF, administration, "jan")


def test_prison_staff_see_todays_and_tomorrows_movements_with_a_link_to_each_days_list(
    haren_staff, other_staff, apo_edition, haren, unit, today
):
    for name in ("One", "Two"):
        ApplicationFactory(edition=apo_edition, detainee=detainee(haren, unit, name, name), status="confirmed")
    SessionFactory(edition=apo_edition, starts_at=at(today, 9))
    SessionFactory(edition=apo_edition, starts_at=at(today, 14))
    movements = block(home(haren_staff), "movements")
    assert "2 sessions · 4 people to move" in movements
    assert f"prison={haren.pk}&amp;day={today.isoformat()}" in movements
    tomorrow = today + dt.timedelta(days=1)
    assert f"day={tomorrow.isoformat()}" in movements
    assert "no session" in movements

    assert "people to move" not in block(home(other_staff), "movements"), "another prison's staff see nothing of Haren"


def test_prison_staff_see_the_requests_waiting_for_their_prison_and_todays_cancellations(
    haren_staff, other_staff, apo_edition, haren, unit, today
):
    waiting = ApplicationFactory(
        edition=apo_edition, detainee=detainee(haren, unit, "Needs", "Clearance"), status="accepted"
    )
    PrisonRequest.objects.create(application=waiting, kind="security_clearance", requested_on=today)
    answered = ApplicationFactory(
        edition=apo_edition, detainee=detainee(haren, unit, "Was", "Granted"), status="accepted"
    )
    PrisonRequest.objects.create(application=answered, kind="security_clearance", requested_on=today, status="granted")
    SessionFactory(
        edition=apo_edition, starts_at=at(today, 9), status=SessionStatus.CANCELLED, change_reason="Lockdown"
    )
    html = home(haren_staff)
    requests = block(html, "requests")
    assert "CLEARANCE Needs" in requests
    assert "Security clearance" in requests
    assert f"/detainees/{waiting.detainee_id}/" in requests
    assert "GRANTED" not in requests
    assert "Lockdown" in block(html, "cancelled")

    other = home(other_staff)
    assert "CLEARANCE" not in block(other, "requests")
    assert "Lockdown" not in block(other, "cancelled")
    assert "No session was cancelled today." in block(other, "cancelled")


# --- Partner facilitators --------------------------------------------------------------------


@pytest.fixture
def troupe():
    return OrganisationFactory(name="Compagnie du Rideau", acronym="Rideau", kind=Organisation.Kind.PARTNER)


def test_a_facilitator_sees_their_next_sessions_lists_and_reports_to_write_and_not_anothers(
    troupe, apo, haren, unit, today
):
    lucas = person(Role.PARTNER_FACILITATOR, troupe, "lucas")
    other = person(Role.PARTNER_FACILITATOR, troupe, "marie")
    running = EditionFactory(
        activity=ActivityFactory(organiser=apo, title_en="Theatre workshop"),
        prison=haren,
        units=[unit],
        facilitators=[lucas],
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=30),
    )
    ended = EditionFactory(
        activity=ActivityFactory(organiser=apo, title_en="Drawing"),
        prison=haren,
        units=[unit],
        facilitators=[lucas],
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=3),
    )
    reported = EditionFactory(
        activity=ActivityFactory(organiser=apo, title_en="Already told"),
        prison=haren,
        units=[unit],
        facilitators=[lucas],
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=3),
    )
    FacilitatorReport.objects.create(edition=reported, author=lucas, organisation=troupe, what_worked="Yes.")
    ApplicationFactory(edition=running, detainee=detainee(haren, unit, "In", "Group"), status="confirmed")
    coming = SessionFactory(edition=running, starts_at=at(today + dt.timedelta(days=1), 14))

    html = home(lucas)
    assert f"/attendance/sessions/{coming.pk}/" in block(html, "next-sessions")
    lists = block(html, "participant-lists")
    assert f"/attendance/sessions/{coming.pk}/participants/" in lists
    assert "1 participant" in lists
    reports = block(html, "reports")
    assert f"/evaluation/editions/{ended.pk}/report/" in reports
    assert f"/evaluation/editions/{reported.pk}/" not in reports

    others = home(other)
    assert "No session planned for you." in block(others, "next-sessions")
    assert "No group of yours runs now." in block(others, "participant-lists")
    assert "No report to write." in block(others, "reports")


# --- Coordinators ----------------------------------------------------------------------------


def test_a_coordinator_sees_the_proposals_waiting_the_coverage_alerts_and_the_weeks_overview(apo, haren):
    body = OrganisationFactory(name="Coordination Cocom", kind=Organisation.Kind.COORDINATION_BODY)
    claire = person(Role.COORDINATOR, body, "claire")
    category = CategoryFactory()
    open_one = ActivityProposal.objects.create(
        title_en="Arabic conversation",
        prison=haren,
        category=category,
        organisation=apo,
        status=ProposalStatus.OPEN,
        opened_at=timezone.now(),
    )
    ActivityProposal.objects.create(
        title_en="Still a draft", prison=haren, category=category, organisation=apo, status=ProposalStatus.DRAFT
    )
    html = home(claire)
    proposals = block(html, "proposals")
    assert f"/proposals/{open_one.pk}/" in proposals
    assert "Still a draft" not in proposals
    assert "/proposals/?status=open" in proposals
    assert block(html, "coverage"), "the coverage alerts block is there, empty or not"
    assert "This week&#x27;s overview" in html or "This week's overview" in html
    assert block(html, "to-screen") == "", "a coordinator without a service role has no service blocks"


def test_a_user_with_several_roles_sees_each_roles_section(apo, haren):
    both = person(Role.SERVICE_WORKER, apo, "both")
    administration = OrganisationFactory(
        name="Direction Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=haren
    )
    MembershipFactory(user=both, organisation=administration, role=Role.PRISON_STAFF)
    html = home(both)
    assert 'id="home-service"' in html
    assert 'id="home-prison"' in html
    assert block(html, "to-screen")
    assert block(html, "movements")
