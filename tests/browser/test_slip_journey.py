"""A service worker records a paper slip from the home page in at most 4 interactions, and sees
where the person stands: "4th on the waiting list". Each step is timed."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import World, check_axe, log_in, screenshot

MAX_INTERACTIONS = 4


@pytest.fixture
def full_edition(world: World) -> Any:
    """The theatre edition with both places taken and three people waiting; Emre Kaya's slip arrives."""
    from concerto.testing.factories import ApplicationFactory, DetaineeFactory

    edition = world.theatre_edition
    edition.capacity = 2
    edition.save(update_fields=["capacity"])
    for status in ("confirmed", "confirmed", "waiting_list", "waiting_list", "waiting_list"):
        detainee = DetaineeFactory(prison=world.prison, unit=world.unit_a)
        ApplicationFactory(edition=edition, detainee=detainee, status=status, recorded_for=world.apo)
    return edition


class Steps:
    """Counts what the user does (clicks, submits, choices) and how long each step takes."""

    def __init__(self) -> None:
        self.count = 0
        self.timings: list[tuple[str, float]] = []

    def do(self, label: str, action: Any) -> None:
        started = time.monotonic()
        action()
        self.count += 1
        self.timings.append((label, time.monotonic() - started))


def test_a_worker_records_a_slip_from_the_home_page_in_four_interactions(world: World, full_edition, page):
    from concerto.registrations.models import Application
    from concerto.testing.factories import DetaineeFactory

    kaya = DetaineeFactory(prison=world.prison, unit=world.unit_a, first_name="Emre", last_name="Kaya")
    # English: the journey reads the messages as written in the code (French and Dutch come at merge).
    world.apo_worker.language = "en"
    world.apo_worker.save(update_fields=["language"])
    log_in(page, world.apo_worker, language="en")
    expect(page).to_have_url(re.compile(r"/en/dashboard/$"))
    steps = Steps()

    steps.do("open the entry", lambda: page.get_by_role("link", name="Record an application").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an application")
    page.locator("#id_q").fill(kaya.prison_number)  # typing what the slip says is not a choice to make
    steps.do("find the person", lambda: page.get_by_role("button", name="Search", exact=True).click())
    expect(page.get_by_label(re.compile("KAYA Emre"))).to_be_checked()
    steps.do("choose the edition", lambda: page.locator("#id_edition").select_option(str(full_edition.pk)))
    steps.do("record and accept", lambda: page.get_by_role("button", name="Record and accept").click())

    expect(page.get_by_text("4th on the waiting list")).to_be_visible()
    assert Application.objects.get(detainee=kaya).status == "waiting_list"
    assert steps.count <= MAX_INTERACTIONS, steps.timings
    print("slip journey steps:", ", ".join(f"{label} {seconds:.2f}s" for label, seconds in steps.timings))  # noqa: T201
    screenshot(page, "slip-recorded")

    # The person's page says the same, in the person's terms, with a way to apply again.
    page.goto(f"/en/detainees/{kaya.pk}/")
    expect(page.locator("table.person-applications")).to_contain_text("4th on the waiting list")
    page.get_by_role("link", name="New application").click()
    expect(page.get_by_label(re.compile("KAYA Emre"))).to_be_checked()
    check_axe(page, "registrations entry, person chosen")
