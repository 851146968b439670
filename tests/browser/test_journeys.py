"""What coordinators, service workers and partners do in the browser, and what they see."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

from django.utils.formats import date_format
from playwright.sync_api import expect

from concerto.catalogue.models import Edition
from concerto.prisons.services import PrisonCalendar
from tests.browser.support import PASSWORD, gettext_in, log_in, new_context, screenshot

# --- a) Language ---------------------------------------------------------------------------


def week_section(page, language: str):
    heading = page.get_by_role("heading", name=gettext_in(language, "What runs this week"))
    return page.locator("section").filter(has=heading)


def test_coordinator_sees_the_week_then_switches_to_dutch_which_is_remembered(world, browser, live_server, page):
    log_in(page, world.coordinator, "fr")
    expect(page).to_have_url(re.compile(r"/fr/dashboard/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    sessions_stat = page.locator(".stats li").filter(has_text=gettext_in("fr", "sessions this week"))
    expect(sessions_stat.locator(".stat-value")).to_have_text("4")
    this_week = week_section(page, "fr")
    for title in ("Atelier théâtre", "Cuisine du monde", "Français langue étrangère"):
        expect(this_week.get_by_role("link", name=title, exact=True)).to_be_visible()
    screenshot(page, "journey-dashboard-fr")

    page.locator(".language-switch a[hreflang=nl]").click()
    page.wait_for_url("**/nl/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator('.language-switch [aria-current="true"]')).to_have_attribute("lang", "nl")
    this_week = week_section(page, "nl")
    expect(this_week.get_by_role("link", name="Theaterworkshop", exact=True)).to_be_visible()
    expect(this_week.get_by_role("link", name="Frans als vreemde taal", exact=True)).to_be_visible()
    sessions_stat = page.locator(".stats li").filter(has_text=gettext_in("nl", "sessions this week"))
    expect(sessions_stat.locator(".stat-value")).to_have_text("4")

    page.locator(".site-header form button.link-button").click()
    page.wait_for_url("**/nl/login/")

    # Another browser, without the language cookie: the login page's language is kept after
    # signing in; an address without a language opens in the one the user chose.
    fresh = new_context(browser, live_server)
    try:
        other_page = fresh.new_page()
        other_page.goto("/fr/login/")
        expect(other_page.locator("html")).to_have_attribute("lang", "fr")
        other_page.locator("#id_username").fill(world.coordinator.username)
        other_page.locator("#id_password").fill(PASSWORD)
        other_page.locator("main form button[type=submit]").click()
        other_page.wait_for_url("**/fr/dashboard/")
        expect(other_page.locator("html")).to_have_attribute("lang", "fr")
        other_page.goto("/catalogue/")
        other_page.wait_for_url("**/nl/catalogue/")
        expect(other_page.locator("html")).to_have_attribute("lang", "nl")
    finally:
        fresh.close()


# --- b) Catalogue search --------------------------------------------------------------------


def result_titles(page):
    return page.locator("#results .card-title")


def test_catalogue_search_and_category_filter_narrow_the_list_in_place_with_javascript(world, page):
    log_in(page, world.coordinator)
    page.goto("/fr/catalogue/")
    expect(result_titles(page)).to_have_count(3)
    page.evaluate("window.notReloaded = true")

    page.locator("#id_q").fill("théâtre")
    expect(result_titles(page)).to_have_text(["Atelier théâtre"])
    # Screen readers hear the new count, not the whole list again.
    expect(page.locator("#result-status")).to_have_text(re.compile(r"^1\b"))
    expect(page).to_have_url(re.compile(r"q=th"))

    page.locator("#id_q").fill("")
    page.locator("#id_category").select_option(label="Formation")
    expect(result_titles(page)).to_have_text(["Français langue étrangère"])
    # htmx swapped the results: the page itself was never reloaded.
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "journey-catalogue-filtered")


def test_catalogue_filters_and_calendar_weeks_work_without_javascript(browser, live_server, world):
    context = new_context(browser, live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, world.coordinator)
        page.goto("/fr/catalogue/")
        expect(result_titles(page)).to_have_count(3)

        page.locator("#id_q").fill("cuisine")
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_url(re.compile(r"q=cuisine"))
        expect(result_titles(page)).to_have_text(["Cuisine du monde"])
        expect(page.locator("#id_q")).to_have_value("cuisine")

        page.locator("#id_q").fill("")
        page.locator("#id_category").select_option(label="Formation")
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_url(re.compile(r"category=\d+"))
        expect(result_titles(page)).to_have_text(["Français langue étrangère"])

        # The calendar's week links are plain links; printing needs a script, so its button is hidden.
        page.goto(f"/fr/catalogue/calendar/prison/{world.prison.pk}/")
        expect(page.get_by_role("button", name=gettext_in("fr", "Print"))).to_be_hidden()
        page.get_by_role("link", name=re.compile(re.escape(gettext_in("fr", "Next week")))).click()
        next_monday = world.monday + dt.timedelta(days=7)
        page.wait_for_url(re.compile(rf"week={next_monday.isoformat()}"))
        expect(page.locator(".week-title")).to_contain_text(date_format(next_monday, "SHORT_DATE_FORMAT"))
    finally:
        context.close()


# --- c) Translations ------------------------------------------------------------------------


def test_activity_without_dutch_text_says_it_is_shown_in_french(world, page):
    log_in(page, world.coordinator)
    page.goto(f"/nl/catalogue/activities/{world.cooking.pk}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Cuisine du monde")
    notice = gettext_in("nl", "shown in %(language)s: not yet translated") % {"language": gettext_in("nl", "French")}
    expect(heading.locator(".fallback-notice")).to_have_text(f"({notice})")
    expect(heading.locator("[lang=fr]")).to_have_text("Cuisine du monde")
    screenshot(page, "journey-fallback-nl")

    page.goto(f"/nl/catalogue/activities/{world.theatre.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Theaterworkshop")
    expect(page.locator(".fallback-notice")).to_have_count(0)


# --- d) Double booking ----------------------------------------------------------------------


def is_open(world, day: dt.date) -> bool:
    return PrisonCalendar(world.prison).closure_reason(day) is None


def fill_edition_form(page, world, *, room, day: dt.date) -> None:
    page.locator("#id_prison").select_option(label=str(world.prison))
    page.get_by_label(f"{world.prison} · {world.unit_b}").check()
    page.locator("#id_room").select_option(label=f"{world.prison} · {room.name} ({room.capacity})")
    page.locator("#id_starts_on").fill(world.monday.isoformat())
    page.locator("#id_ends_on").fill((world.monday + dt.timedelta(weeks=4, days=4)).isoformat())
    page.locator("#id_session_starts_at").fill("14:00")
    page.locator("#id_session_ends_at").fill("15:30")
    page.locator(f"input[name=weekdays][value='{day.weekday()}']").check()


def test_double_booked_room_is_refused_with_the_room_and_the_other_activity_named(world, page):
    log_in(page, world.rizome_worker)
    page.goto(f"/fr/catalogue/activities/{world.french_course.pk}/")
    page.get_by_role("link", name=gettext_in("fr", "New edition")).click()
    fill_edition_form(page, world, room=world.room_1, day=world.first_day)
    page.locator("main form button[type=submit]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Salle polyvalente 1")
    expect(summary).to_contain_text("Atelier théâtre")
    room_errors = page.locator("#id_room_error")
    expect(room_errors).to_contain_text("Salle polyvalente 1")
    expect(page.locator("#id_room")).to_have_attribute("aria-describedby", re.compile("id_room_error"))
    screenshot(page, "journey-double-booking")
    assert Edition.objects.filter(activity=world.french_course).count() == 1

    # The form kept what was typed: only the room changes.
    expect(page.locator("#id_session_starts_at")).to_have_value("14:00")
    page.locator("#id_room").select_option(label=f"{world.prison} · Salle polyvalente 2 (12)")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/catalogue/editions/\d+/$"))
    expect(page.locator(".messages")).to_be_visible()
    rows = page.locator("table.sessions tbody tr")
    weekly = [world.first_day + dt.timedelta(weeks=n) for n in range(5)]
    expect(rows).to_have_count(sum(is_open(world, day) for day in weekly))
    expect(rows.first).to_contain_text("14:00–15:30")
    expect(rows.first).to_contain_text("Salle polyvalente 2")
    assert Edition.objects.filter(activity=world.french_course).count() == 2


# --- e) Calendar ----------------------------------------------------------------------------


def day_section(page, day: dt.date):
    return page.locator(".week > .day").filter(has=page.locator("h3", has_text=day.strftime("%d/%m")))


def slots_of(page, where, title: str):
    """The calendar entries of one activity (other entries may name it in a warning)."""
    return where.locator(".slot").filter(has=page.locator("a.title", has_text=title))


def test_week_calendar_shows_the_sessions_with_their_times_and_moves_to_next_week(world, page):
    log_in(page, world.coordinator)
    page.goto(f"/fr/catalogue/calendar/prison/{world.prison.pk}/")
    first = day_section(page, world.first_day)
    expect(first.locator(".slot")).to_have_count(2)
    expect(slots_of(page, first, "Atelier théâtre")).to_contain_text("14:00–16:00")
    expect(slots_of(page, first, "Français langue étrangère")).to_contain_text("09:30–11:00")
    second = day_section(page, world.second_day)
    expect(slots_of(page, second, "Cuisine du monde")).to_contain_text("09:00–11:30")
    screenshot(page, "journey-calendar")

    next_monday = world.monday + dt.timedelta(days=7)
    page.get_by_role("link", name=re.compile(re.escape(gettext_in("fr", "Next week")))).click()
    page.wait_for_url(re.compile(rf"week={next_monday.isoformat()}"))
    title = date_format(next_monday, "SHORT_DATE_FORMAT")
    expect(page.locator(".week-title")).to_contain_text(title)
    next_first_day = world.first_day + dt.timedelta(days=7)
    next_first = day_section(page, next_first_day)
    expect(next_first).to_have_count(1)
    if is_open(world, next_first_day):  # a public holiday next week has no session
        expect(slots_of(page, next_first, "Atelier théâtre")).to_contain_text("14:00–16:00")
    expect(day_section(page, world.first_day)).to_have_count(0)
    # Keyboard and screen-reader users are taken to the new week's title.
    expect(page.locator(".week-title")).to_be_focused()

    # Choosing a unit keeps the week on screen.
    page.locator(".unit-nav").get_by_role("link", name=str(world.unit_a)).click()
    page.wait_for_url(re.compile(rf"/unit/{world.unit_a.pk}/\?week={next_monday.isoformat()}"))


def test_unit_calendar_shows_only_the_sessions_of_that_unit(world, page):
    log_in(page, world.coordinator)
    page.goto(f"/fr/catalogue/calendar/prison/{world.prison.pk}/")
    page.locator(".unit-nav").get_by_role("link", name=str(world.unit_b)).click()
    page.wait_for_url(re.compile(rf"/unit/{world.unit_b.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(world.unit_b))
    week = page.locator(".week")
    expect(slots_of(page, week, "Français langue étrangère")).to_have_count(2)
    expect(slots_of(page, week, "Cuisine du monde")).to_have_count(1)
    expect(slots_of(page, week, "Atelier théâtre")).to_have_count(0)


# --- f) Confidential drafts -----------------------------------------------------------------


def test_partner_facilitator_gets_not_found_for_another_organisations_draft(world, page):
    log_in(page, world.facilitator)
    response = page.goto(f"/fr/catalogue/activities/{world.rizome_draft.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext_in("fr", "Page not found"))
    expect(page.locator("body")).not_to_contain_text("Projet confidentiel")
    screenshot(page, "journey-404")


# --- h) Print -------------------------------------------------------------------------------


def test_printed_calendar_has_no_site_header_and_renders_as_pdf(world, page, tmp_path):
    log_in(page, world.coordinator)
    page.goto(f"/fr/catalogue/calendar/prison/{world.prison.pk}/")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".week-nav")).to_be_hidden()
    expect(page.locator(".week .slot").first).to_be_visible()

    pdf = tmp_path / "calendar.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 - a local tool reading our own file
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Atelier théâtre" in text
        assert "Concerto" not in text  # the site header and footer are not printed
