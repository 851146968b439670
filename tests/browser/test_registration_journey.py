"""A service worker takes applications to places, the waiting list, attendance and a dropout's interview."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import World, check_axe, gettext_in, log_in, log_in_quickly, new_context, screenshot

NOTE = "Confidentiel : conflit avec un autre détenu du groupe."


@dataclass
class Setting:
    world: World
    people: list[Any]  # four detainees of unit A; the first three apply
    sessions: list[Any]  # two past sessions within the attendance edit window, oldest first
    unexcused: Any


def past_open_weekdays(prison: Any, count: int) -> list[dt.date]:
    """The last ``count`` open weekdays before today (within the attendance edit window)."""
    from concerto.prisons.services import PrisonCalendar

    calendar = PrisonCalendar(prison)
    day, days = timezone.localdate(), []
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5 and calendar.closure_reason(day) is None:
            days.append(day)
    return sorted(days)


@pytest.fixture
def setting(world: World) -> Setting:
    from concerto.attendance.models import AbsenceReason
    from concerto.testing.factories import DetaineeFactory, SessionFactory

    edition = world.theatre_edition
    edition.capacity = 2
    edition.save(update_fields=["capacity"])
    assert edition.facilitators.filter(pk=world.facilitator.pk).exists()
    people = [
        DetaineeFactory(prison=world.prison, unit=world.unit_a, first_name=first, last_name=last, gender="man")
        for first, last in (("Karim", "Alaoui"), ("Bram", "Peeters"), ("Yassine", "Cherki"), ("Tom", "Dewulf"))
    ]
    sessions = []
    for day in past_open_weekdays(world.prison, 2):
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        sessions.append(SessionFactory(edition=edition, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)))
    unexcused = AbsenceReason.objects.create(
        code="no-show", name_fr="Refus de sortir de cellule", name_nl="Weigerde cel te verlaten", is_excused=False
    )
    AbsenceReason.objects.create(code="court", name_fr="Audience", name_nl="Zitting", is_excused=True)
    return Setting(world=world, people=people, sessions=sessions, unexcused=unexcused)


def name(person: Any) -> str:
    return f"{person.last_name.upper()} {person.first_name}"


def rank_in(language: str, position: int) -> str:
    """ "4th on the waiting list", as a reader of ``language`` sees it."""
    from django.utils import translation

    from concerto.registrations.wording import waiting_rank

    with translation.override(language):
        return waiting_rank(position)


def application_of(person: Any) -> Any:
    from concerto.registrations.models import Application

    return Application.objects.get(detainee=person)


def test_service_worker_fills_the_group_runs_the_waiting_list_and_follows_up_a_dropout(
    setting: Setting, browser, live_server, page
):
    world, edition = setting.world, setting.world.theatre_edition
    first, second, third = setting.people[:3]
    fr = lambda message: gettext_in("fr", message)  # noqa: E731
    log_in(page, world.apo_worker)

    # Screening criteria: freed places are offered automatically; 2 unexcused absences = dropout.
    page.goto(f"/fr/registrations/editions/{edition.pk}/screening/")
    page.locator("#id_auto_offer").check()
    page.locator("#id_dropout_after_absences").fill("2")
    page.get_by_role("button", name=fr("Save")).click()
    page.wait_for_url(f"**/fr/registrations/editions/{edition.pk}/")
    expect(page.get_by_text(fr("The screening criteria were saved."))).to_be_visible()
    expect(
        page.get_by_text(fr("Freed places are offered automatically to the next person on the waiting list."))
    ).to_be_visible()

    # 1-2. Three paper slips, from the edition's page: record, look at the checks, accept.
    recorded_prefix = fr("Application recorded for %(edition)s; screening comes next.").split("%(edition)s")[0]
    offered_prefix = fr("Place offered until %(deadline)s. Confirm it once the person says yes.").split("%(deadline)s")[
        0
    ]
    for index, person in enumerate((first, second, third)):
        page.goto(f"/fr/registrations/editions/{edition.pk}/")
        page.get_by_role("link", name=fr("Record an application")).click()
        page.wait_for_url(re.compile(rf"/fr/registrations/\?edition={edition.pk}$"))
        page.locator("#id_q").fill(person.prison_number)
        page.get_by_role("button", name=fr("Search"), exact=True).click()
        page.wait_for_url(re.compile(r"\?edition=\d+&q="))
        person_choice = page.get_by_label(re.compile(re.escape(name(person))))
        expect(person_choice).to_be_checked()
        expect(page.locator("#id_edition")).to_have_value(str(edition.pk))  # kept from the edition's page
        expect(page.locator("input[name=source][value=paper]")).to_be_checked()  # a slip, by default
        page.get_by_role("button", name=fr("Record for screening")).click()
        page.wait_for_url("**/registrations/applications/*/")
        expect(page.get_by_text(recorded_prefix)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name(person))

        checks = page.locator("table.checks tbody tr")
        expect(checks).to_have_count(6)
        unit_check = checks.filter(has=page.get_by_role("rowheader", name=fr("Unit"), exact=True))
        expect(unit_check).to_have_class(re.compile(r"check-pass"))
        expect(page.locator("form.status-form")).to_have_count(1)
        expect(page.locator("select[name=refusal_reason]")).to_have_count(1)
        if index == 0:
            screenshot(page, "registration-screening")
            check_axe(page, "screening fr")

        page.get_by_role("button", name=fr("Accept"), exact=True).click()
        if index < 2:
            expect(page.get_by_text(offered_prefix)).to_be_visible()
            expect(page.locator(".page-head .badge")).to_have_text(fr("Place offered"))
        else:
            expect(page.get_by_text(rank_in("fr", 1))).to_be_visible()
            expect(page.locator(".page-head .badge")).to_have_text(fr("Waiting list"))

    # The registrations page: 2 of 2 places held, one person waiting.
    page.goto(f"/fr/registrations/editions/{edition.pk}/")
    stats = page.locator(".stats li")
    expect(stats.filter(has_text=fr("taken")).locator(".stat-value")).to_have_text("2")
    expect(stats.filter(has_text=fr("free")).locator(".stat-value")).to_have_text("0")
    waiting = page.locator("table").filter(
        has=page.locator(
            "caption", has_text=fr("In the order places are offered: higher priority first, then earlier application.")
        )
    )
    expect(waiting.locator("tbody tr")).to_have_count(1)
    expect(waiting.locator("tbody tr")).to_contain_text(name(third))
    expect(waiting.locator("tbody tr")).to_contain_text(fr("No place free"))

    # 3. Both offered places are confirmed once the people said yes.
    for person in (first, second):
        page.get_by_role("button", name=f"{fr('Confirm the place')} {name(person)}").click()
        expect(page.locator("#participants")).to_be_visible()
    expect(page.locator("#participants small")).to_have_text("(2)")
    expect(page.locator("#to-decide")).to_have_count(0)
    check_axe(page, "registrations fr")

    # 4. The first participant withdraws: the place goes to the waiting list, automatically.
    page.goto(f"/fr/registrations/applications/{application_of(first).pk}/")
    page.locator("#id_reason").fill("Ne souhaite plus participer")
    page.get_by_role("button", name=fr("Record a withdrawal")).click()
    expect(page.locator(".page-head .badge")).to_have_text(fr("Withdrawn"))

    page.goto(f"/fr/registrations/editions/{edition.pk}/")
    expect(page.locator("#waiting-list")).to_have_count(0)
    expect(page.locator("#to-decide small")).to_have_text("(1)")
    page.get_by_role("button", name=f"{fr('Confirm the place')} {name(third)}").click()
    expect(page.locator("#participants small")).to_have_text("(2)")
    expect(page.locator("#to-decide")).to_have_count(0)
    expect(stats.filter(has_text=fr("taken")).locator(".stat-value")).to_have_text("2")
    page.goto(f"/fr/registrations/applications/{application_of(third).pk}/")
    expect(page.locator(".page-head .badge")).to_have_text(fr("Confirmed"))

    # 5. Two sessions: everyone present, then the second participant absent without excuse.
    absent = application_of(second)
    for number, session in enumerate(setting.sessions, start=1):
        page.goto(f"/fr/attendance/sessions/{session.pk}/")
        page.get_by_role("button", name=fr("All present")).click()
        expect(page.get_by_text(fr("%(count)d participants marked present.") % {"count": 2})).to_be_visible()
        page.locator(f"#id_a{absent.pk}-status").select_option("absent")
        page.locator(f"#id_a{absent.pk}-reason").select_option(label="Refus de sortir de cellule")
        page.get_by_role("button", name=fr("Save the exceptions")).click()
        expect(page.get_by_text(fr("Attendance saved (%(count)d changes).") % {"count": 1})).to_be_visible()
        expect(page.locator(".facts")).to_contain_text(
            fr("%(present)s present, %(absent)s absent, %(missing)s not recorded")
            % {"present": 1, "absent": 1, "missing": 0}
        )
        if number == 1:
            screenshot(page, "registration-attendance")
            check_axe(page, "attendance sheet fr")

    # 6. The follow-up shows the dropout; the service records the feedback interview.
    page.goto(f"/fr/attendance/editions/{edition.pk}/follow-up/")
    row = page.locator("table.follow-up tbody tr").filter(has_text=name(second))
    expect(row).to_contain_text(fr("Dropped out"))
    expect(row.locator(".badge")).to_have_text(fr("Dropout"))
    expect(row.locator("td").nth(5)).to_have_text("2")
    row.get_by_role("link", name=re.compile(re.escape(fr("Schedule an interview")))).click()
    page.wait_for_url(f"**/attendance/participants/{absent.pk}/interview/")
    page.locator("#id_status").select_option("done")
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.get_by_label(fr("Group"), exact=True).check()
    page.locator("#id_notes").fill(NOTE)
    page.get_by_role("button", name=fr("Schedule the interview")).click()
    page.wait_for_url(f"**/attendance/editions/{edition.pk}/follow-up/")
    expect(page.get_by_text(fr("The feedback interview was saved."))).to_be_visible()
    row = page.locator("table.follow-up tbody tr").filter(has_text=name(second))
    expect(row).to_contain_text(fr("Done"))
    page.goto(f"/fr/attendance/participants/{absent.pk}/interview/")
    expect(page.locator("#id_notes")).to_have_value(NOTE)

    # 7. The partner facilitator sees that the interview took place, never its notes.
    other = new_context(browser, live_server)
    try:
        log_in_quickly(other, live_server, world.facilitator)
        facilitator_page = other.new_page()
        facilitator_page.goto(f"/fr/attendance/editions/{edition.pk}/follow-up/")
        rows = facilitator_page.locator("table.follow-up tbody tr")
        expect(rows.filter(has_text=fr("Done"))).to_have_count(1)
        expect(facilitator_page.locator("main")).not_to_contain_text(second.last_name)
        facilitator_page.goto(f"/fr/attendance/participants/{absent.pk}/interview/")
        expect(facilitator_page.locator(".facts")).to_contain_text(fr("Done"))
        expect(
            facilitator_page.get_by_text(fr("The content of this interview is read only by the service that held it."))
        ).to_be_visible()
        expect(facilitator_page.locator("body")).not_to_contain_text(NOTE)
        expect(facilitator_page.locator("#id_notes")).to_have_count(0)
    finally:
        other.close()

    # 8. The same pages in Dutch pass axe too.
    for path, label in (
        (f"/nl/registrations/editions/{edition.pk}/", "registrations nl"),
        (f"/nl/registrations/applications/{application_of(third).pk}/", "screening nl"),
        (f"/nl/attendance/sessions/{setting.sessions[0].pk}/", "attendance sheet nl"),
    ):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        check_axe(page, label)
