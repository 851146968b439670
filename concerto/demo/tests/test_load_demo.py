import datetime as dt
import itertools
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from icalendar import Calendar

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import actor_for
from concerto.attendance import selectors as attendance_selectors
from concerto.attendance.models import Attendance, AttendanceStatus, InterviewStatus, ServiceNotice
from concerto.catalogue import selectors
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session, SessionStatus
from concerto.demo import data
from concerto.demo.detainees import SLIP_PERSON, slip_person_number
from concerto.demo.registrations import (
    DIGITAL,
    DROPOUT,
    FINISHED,
    FULL,
    WAITING,
    demo_try_it,
    movement_day,
    plan_edition,
)
from concerto.demo.reports import demo_report_year
from concerto.demo.services import demo_load
from concerto.detainees import permissions as detainee_permissions
from concerto.detainees.models import Detainee
from concerto.prisons.models import Prison
from concerto.registrations.models import PLACE_TAKING_STATUSES, Application, ApplicationStatus
from concerto.registrations.screening import PASS, screening_checks_for
from concerto.registrations.services import screening_for
from concerto.testing.clock import suite_today, travel_to_suite_now

pytestmark = pytest.mark.django_db

LOGINS = {
    "admin": Role.ADMINISTRATOR,
    "coordinator": Role.COORDINATOR,
    "manager": Role.SERVICE_MANAGER,
    "worker": Role.SERVICE_WORKER,
    "worker2": Role.SERVICE_WORKER,
    "partner": Role.PARTNER_FACILITATOR,
    "prison": Role.PRISON_STAFF,
}
RIZOME_DRAFT = "Sortir sans rue : préparer son logement avant la libération"


def fast_hashing() -> override_settings:
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def load_demo() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def actor(username: str):
    return actor_for(User.objects.get(username=username))


def haren() -> Prison:
    return Prison.objects.get(code="haren")


def registration_lines() -> list[str]:
    """The "Try it" lines of the registration cycle, as the command prints them (other demo parts add theirs)."""
    with translation.override("en"):
        return demo_try_it(prison=haren(), today=suite_today())


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker):
    """The command's output on an empty database; loaded once for these tests, rolled back after them."""
    with travel_to_suite_now(), fast_hashing(), django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_loaded")
class TestLoadedDemo:
    def test_command_creates_one_login_per_role_and_prints_them(self, demo_loaded, settings):
        for username, role in LOGINS.items():
            user = User.objects.get(username=username)
            assert user.check_password(settings.CONCERTO_DEMO_PASSWORD)
            assert user.memberships.filter(role=role).exists()
            assert username in demo_loaded
        assert User.objects.get(username="admin").is_superuser
        assert "http://127.0.0.1:8000/" in demo_loaded
        assert settings.CONCERTO_DEMO_PASSWORD in demo_loaded

    def test_the_address_printed_is_the_one_the_server_listens_on(self):
        out = StringIO()
        with translation.override("en"):
            call_command("load_demo", address="0.0.0.0:8123", stdout=out)
        assert "Open http://0.0.0.0:8123/ and log in" in out.getvalue()
        assert "8000" not in out.getvalue()

    def test_running_the_command_again_changes_no_count_of_any_model(self):
        first = row_counts()

        output = load_demo()

        assert row_counts() == first
        assert "nothing changed" in output
        assert first["registrations.Application"] > 30
        assert first["attendance.Attendance"] > 0
        assert first["detainees.Detainee"] == 120
        assert "Try it:" in output

    def test_the_command_says_what_to_try_and_where(self, demo_loaded):
        lines = registration_lines()
        for line in lines:
            assert f"- {line}" in demo_loaded.split("Try it:")[1]
        full = plan_edition(FULL, haren(), suite_today())
        day = movement_day(haren(), suite_today())

        assert 4 <= len(lines) <= 6
        assert f"/fr/registrations/editions/{full.pk}/" in lines[0]
        assert f"/fr/attendance/movements/?prison={haren().pk}&day={day.isoformat()}" in demo_loaded
        assert "/interview/" in demo_loaded
        assert "/certificate.pdf" in demo_loaded

    def test_the_yearly_report_of_the_demo_has_charts_and_prints_as_a_pdf(self, demo_loaded):
        year = demo_report_year(suite_today())
        assert f"/fr/reports/{year}/report.pdf" in demo_loaded
        client = Client()
        client.force_login(User.objects.get(username="coordinator"))
        page = client.get(f"/en/reports/{year}/").content.decode()
        for chart in ("categories", "comparison", "units", "attendance"):
            svg = page.split(f'aria-labelledby="chart-{chart}-title')[1].split("</svg>")[0]
            assert '<rect x="260" ' in svg, f"the {chart} chart draws no bar"
        pdf = client.get(f"/fr/reports/{year}/report.pdf")
        assert pdf["Content-Type"] == "application/pdf"

    def test_each_try_it_line_names_a_demo_user_who_may_open_its_pages(self):
        lines = registration_lines()
        demo_users = {user.username for user in data.USERS}
        named = set()
        for line in lines:
            match = re.search(r"\(log in as (\w+)\)", line)
            assert match, f"no user to log in as: {line}"
            assert match[1] in demo_users, line
            named.add(match[1])
            client = Client()
            client.force_login(User.objects.get(username=match[1]))
            paths = [path.rstrip(")") for path in re.findall(r"/fr/\S+", line)]
            assert paths, line
            for path in paths:
                assert client.get(path).status_code == 200, f"{match[1]} cannot open {path}"
        assert {"manager", "prison", "worker", "sireas"} <= named  # owners differ: one login does not fit all

    def test_the_reception_classes_require_no_language_and_their_participants_pass_the_check(self):
        today = suite_today()
        for plan in (FULL, DROPOUT):
            edition = plan_edition(plan, haren(), today)
            assert not screening_for(edition).language_required
            applications = list(Application.objects.filter(edition=edition))
            taught = set(edition.activity.languages.values_list("pk", flat=True))
            newcomers = [
                a
                for a in applications
                if not taught & {*a.detainee.languages_spoken.values_list("pk", flat=True)}
                and not taught & {*a.detainee.languages_read.values_list("pk", flat=True)}
            ]
            assert len(newcomers) > len(applications) / 2  # whom a reception class is for
            checks = screening_checks_for(applications)
            assert {check.outcome for a in applications for check in checks[a.pk] if check.code == "language"} == {PASS}
        assert screening_for(plan_edition(DIGITAL, haren(), today)).language_required

    def test_the_full_edition_has_every_place_taken_and_a_waiting_list(self):
        edition = plan_edition(FULL, haren(), suite_today())
        applications = Application.objects.filter(edition=edition)

        assert applications.filter(status__in=PLACE_TAKING_STATUSES).count() == edition.capacity
        assert applications.filter(status=ApplicationStatus.OFFERED).count() == 1
        assert applications.filter(status=ApplicationStatus.WAITING_LIST).count() == WAITING == 3
        assert screening_for(edition).auto_offer  # a withdrawal offers the place to the first person waiting
        assert len(set(applications.values_list("source", flat=True))) >= 3
        assert len(set(applications.values_list("priority", flat=True))) >= 2

    def test_the_worker_records_kayas_slip_from_the_home_page_and_he_is_4th_on_the_waiting_list(self):
        edition = plan_edition(FULL, haren(), suite_today())
        kaya = Detainee.objects.get(prison=haren(), prison_number=slip_person_number())
        assert (kaya.first_name, kaya.last_name) == SLIP_PERSON
        assert not kaya.applications.exists()
        client = Client()
        client.force_login(User.objects.get(username="worker"))
        assert "/en/registrations/" in client.get("/en/dashboard/").text
        found = client.get("/en/registrations/", {"q": kaya.prison_number})
        assert found.context["form"].initial["detainee"] == kaya.pk
        assert edition in found.context["form"].fields["edition"].queryset
        slip = {
            "q": kaya.prison_number,
            "detainee": kaya.pk,
            "edition": edition.pk,
            "source": "paper",
            "applied_on": suite_today().isoformat(),
            "priority": 0,
            "then": "accept",
        }
        with transaction.atomic():
            response = client.post("/en/registrations/", slip, follow=True)
            assert "No place is free: 4th on the waiting list." in response.text
            transaction.set_rollback(True)
        assert any("4 on the waiting list" in line and "(log in as worker)" in line for line in registration_lines())

    def test_the_demo_worker_lists_the_people_apo_follows_and_finds_them_on_the_registrations_page(self):
        """Need to know: the worker lists APO's people, not all of Haren, and the entry page still finds them."""
        client = Client()
        client.force_login(User.objects.get(username="worker"))
        listed = client.get("/en/detainees/").context["page"].object_list
        assert listed
        followed = Detainee.objects.filter(
            detainee_permissions.followed_by_service(actor("worker").service_organisation_ids)
        )
        assert followed.count() < Detainee.objects.filter(prison=haren()).count()
        assert {person.pk for person in listed} <= set(followed.values_list("pk", flat=True))
        person = listed[0]
        found = client.get("/en/registrations/", {"q": person.last_name})
        assert person in found.context["people"]
        assert person not in found.context["new_people"]  # followed: a full match, not a short one
        assert "/en/registrations/" in client.get("/en/dashboard/").text

    def test_the_next_day_with_activities_has_people_to_move(self):
        day = movement_day(haren(), suite_today())
        assert day is not None
        assert suite_today() < day <= suite_today() + dt.timedelta(days=7)

        listing = attendance_selectors.movement_list(actor=actor("prison"), prison=haren(), day=day)

        assert listing.movements

    def test_a_dropout_is_flagged_by_attendance_and_an_interview_is_planned(self):
        edition = plan_edition(DROPOUT, haren(), suite_today())
        dropout = Application.objects.get(edition=edition, status=ApplicationStatus.DROPPED_OUT)
        limit = screening_for(edition).dropout_after_absences

        latest = Attendance.objects.filter(application=dropout).order_by("-session__starts_at")[:limit]

        assert [a.is_unexcused_absence for a in latest] == [True] * limit
        assert dropout.feedback_interview.status == InterviewStatus.PLANNED
        assert dropout.feedback_interview.held_on is None
        assert ServiceNotice.objects.filter(organisation=dropout.recorded_for, link__contains="/interview").exists()

    def test_a_finished_edition_has_completed_participants_and_their_attendance(self):
        edition = plan_edition(FINISHED, haren(), suite_today())
        completed = Application.objects.filter(edition=edition, status=ApplicationStatus.COMPLETED)

        assert edition.ends_on < suite_today()
        assert completed.count() >= 5
        held = edition.sessions.filter(status=SessionStatus.SCHEDULED).count()
        for application in completed:
            assert application.attendances.count() == held
        certificate = attendance_selectors.certificate(actor=actor("admin"), application=completed.first())
        assert 0 < certificate.sessions_attended <= certificate.sessions_held == held

    def test_attendance_has_excused_and_unexcused_absences(self):
        absences = Attendance.objects.filter(status=AttendanceStatus.ABSENT).select_related("reason")
        assert {a.reason.code for a in absences} >= {"court_hearing", "refused"}
        assert {a.reason.is_excused for a in absences} == {True, False}

    def test_every_status_and_a_finished_edition_are_shown(self):
        statuses = set(Activity.objects.values_list("status", flat=True))
        assert statuses == set(ActivityStatus.values)
        assert Edition.objects.filter(ends_on__lt=suite_today()).exists()

    def test_current_week_in_haren_shows_sessions_of_the_example_activities(self):
        monday = selectors.week_start(suite_today())
        haren = Prison.objects.get(code="haren")

        days = selectors.week_calendar(actor=actor("coordinator"), prison_id=haren.pk, monday=monday)

        titles = {entry.session.edition.activity.title_fr for day in days for entry in day.entries}
        assert len(titles) >= 4
        assert titles & {
            "Classe d'accueil : le français du quotidien en prison",
            "Classe d'accueil en néerlandais pour allophones",
        }

    def test_harens_calendar_feed_shows_a_theatre_workshop_session_cancelled(self, demo_loaded):
        response = Client().get("/fr/feeds/prisons/haren.ics")
        events = Calendar.from_ical(response.content).walk("VEVENT")

        cancelled = [event for event in events if str(event["STATUS"]) == "CANCELLED"]
        assert any("Atelier théâtre" in str(event["SUMMARY"]) for event in cancelled)
        assert "/fr/feeds/prisons/haren.ics" in demo_loaded.split("Try it:")[1]

    def test_partner_does_not_see_the_draft_of_another_organisation(self):
        draft = Activity.objects.get(title_fr=RIZOME_DRAFT)
        assert draft.status == ActivityStatus.DRAFT
        assert draft.organiser.name == data.RIZOME

        assert draft not in selectors.activity_list(actor=actor("partner"))
        assert draft not in selectors.activity_list(actor=actor("coordinator"))
        assert draft in selectors.activity_list(actor=actor("worker2"))

    def test_a_same_unit_overlap_is_warned_and_no_room_is_double_booked(self):
        monday = selectors.week_start(suite_today())
        haren = Prison.objects.get(code="haren")
        sessions = selectors.sessions_in_period(
            actor=actor("coordinator"), prison_id=haren.pk, start=monday, end=monday + dt.timedelta(weeks=16)
        )

        assert selectors.competing_sessions_warnings(sessions)

        by_room: dict[int | None, list[Session]] = {}
        for session in Session.objects.filter(status=SessionStatus.SCHEDULED).order_by("starts_at"):
            by_room.setdefault(session.room_id, []).append(session)
        for room_sessions in by_room.values():
            for earlier, later in itertools.pairwise(room_sessions):
                assert later.starts_at >= earlier.ends_at, (earlier, later)

    def test_the_privacy_officer_finds_a_person_from_the_try_it_line_and_reads_no_detainee_list(self, demo_loaded):
        line = next(line for line in demo_loaded.split("Try it:")[1].splitlines() if "/fr/privacy/subjects/" in line)
        search = re.search(r"/fr/privacy/subjects/\?q=\S+", line)[0]
        client = Client()
        client.force_login(User.objects.get(username="privacy"))
        assert re.search(r'href="/fr/privacy/subjects/\d+/"', client.get(search).content.decode())
        assert client.get("/fr/detainees/").status_code == 403

    def test_loading_again_weeks_later_books_no_room_or_person_twice(self):
        editions = Edition.objects.count()
        today = suite_today()

        with fast_hashing():
            summary = demo_load(today=today + dt.timedelta(weeks=3))
            assert not summary.created_anything
            assert Edition.objects.count() == editions

            # Once the editions are over, loading again plans new ones beside the old.
            demo_load(today=today + dt.timedelta(weeks=30))
        assert Edition.objects.count() > editions
