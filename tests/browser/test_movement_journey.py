"""Prison staff print tomorrow's movement list from the home page in at most 2 interactions."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.browser.support import gettext_in, log_in_quickly, screenshot

MOST_INTERACTIONS = 2


def tomorrow_with_sessions_and_nothing_left_today(world):
    """Tomorrow: the theatre workshop at 14:00 (unit A) and the French class at 9:00 (unit B); nothing more today."""
    from concerto.catalogue.models import Session
    from concerto.catalogue.scheduling import aware
    from concerto.testing.factories import ApplicationFactory, DetaineeFactory, SessionFactory

    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    Session.objects.filter(
        edition__prison=world.prison,
        ends_at__gt=timezone.now(),
        starts_at__lt=aware(tomorrow + dt.timedelta(days=1), dt.time(0, 0)),
    ).delete()
    for edition, unit, (first, last), hour in (
        (world.theatre_edition, world.unit_a, ("Karim", "Benali"), 14),
        (world.french_edition, world.unit_b, ("Omar", "Haddad"), 9),
    ):
        detainee = DetaineeFactory(prison=world.prison, unit=unit, first_name=first, last_name=last)
        ApplicationFactory(edition=edition, detainee=detainee, status="confirmed")
        SessionFactory(edition=edition, starts_at=aware(tomorrow, dt.time(hour, 0)))
    return tomorrow


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.pdf"
        path.write_bytes(content)
        return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
            [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def shown_pdf(page):
    """The PDF the browser went to (its viewer's content is not readable: fetched again with the same cookies)."""
    page.wait_for_url("**/movements.pdf?**", wait_until="commit", timeout=30_000)
    response = page.request.get(page.url)
    assert response.status == 200
    return response


def test_prison_staff_print_tomorrows_movement_list_in_dutch_in_two_interactions(world, context, live_server, page):
    tomorrow = tomorrow_with_sessions_and_nothing_left_today(world)
    log_in_quickly(context, live_server, world.prison_staff)
    page.goto("/fr/dashboard/")  # the home page
    interactions = 0

    # 1. The menu's "Movements": the list opens on tomorrow, the next day with sessions.
    page.get_by_role("link", name=gettext_in("fr", "Movements"), exact=True).click()
    interactions += 1
    expect(page.locator("#id_day")).to_have_value(tomorrow.isoformat())
    expect(page.locator("h1")).to_contain_text(tomorrow.strftime("%d/%m/%Y"))
    expect(page.locator("tr.unit-heading")).to_have_count(2)
    screenshot(page, "movements-journey-fr")

    # 2. "PDF in Dutch": the PDF of the day the form shows.
    page.get_by_role("button", name=gettext_in("fr", "PDF in Dutch")).click(no_wait_after=True)
    interactions += 1
    pdf = shown_pdf(page)
    assert pdf.headers["content-type"] == "application/pdf"
    assert f"{tomorrow.isoformat()}-nl.pdf" in pdf.headers["content-disposition"]
    text = pdf_text(pdf.body())
    with_dutch_names = " ".join(text.split())
    assert date_format(tomorrow, "d/m/Y") in with_dutch_names
    assert with_dutch_names.index("BENALI Karim") < with_dutch_names.index("HADDAD Omar")  # unit A, then unit B
    assert interactions <= MOST_INTERACTIONS


def test_changing_the_day_then_printing_prints_the_changed_day(world, context, live_server, page):
    tomorrow = tomorrow_with_sessions_and_nothing_left_today(world)
    later = tomorrow + dt.timedelta(days=6)
    log_in_quickly(context, live_server, world.prison_staff)
    page.goto(f"/fr/attendance/movements/?prison={world.prison.pk}")
    page.locator("#id_day").fill(later.isoformat())
    # Without clicking "Show the list": the PDF still follows the form.
    page.get_by_role("button", name=gettext_in("fr", "PDF in French")).click(no_wait_after=True)
    pdf = shown_pdf(page)
    assert f"{later.isoformat()}-fr.pdf" in pdf.headers["content-disposition"]
