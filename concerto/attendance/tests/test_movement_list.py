"""The movement list: which day it opens on, its day links, and PDFs of the day the form shows."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.testing.factories import SessionFactory

from .test_lists_and_pdfs import client_for, needs_pdftotext

pytestmark = pytest.mark.django_db

MOVEMENTS = "/en/attendance/movements/"


@pytest.fixture
def officer(group, member):
    staff = Organisation.objects.create(
        name="Direction Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=group.prison
    )
    return member(Role.PRISON_STAFF, staff, username="officer")


def test_the_list_opens_on_the_next_day_with_sessions_when_today_has_none(group, busy_day, day, officer):
    response = client_for(officer).get(MOVEMENTS)
    assert response.context["listing"].day == day
    assert response.context["form"]["day"].value() == day.isoformat()
    assert "BENALI Karim" in response.content.decode()


@pytest.mark.now("2027-03-10T10:00")
def test_today_is_shown_while_one_of_its_sessions_has_not_ended(group, officer, today):
    SessionFactory(edition=group.edition, starts_at=aware(today, dt.time(14, 0)))
    SessionFactory(edition=group.edition, starts_at=aware(today + dt.timedelta(days=3), dt.time(14, 0)))
    assert client_for(officer).get(MOVEMENTS).context["listing"].day == today


@pytest.mark.now("2027-03-10T18:00")
def test_when_todays_sessions_are_over_the_list_opens_on_the_next_day_with_sessions(group, officer, today):
    SessionFactory(edition=group.edition, starts_at=aware(today, dt.time(9, 0)))
    SessionFactory(edition=group.edition, starts_at=aware(today + dt.timedelta(days=2), dt.time(14, 0)))
    assert client_for(officer).get(MOVEMENTS).context["listing"].day == today + dt.timedelta(days=2)


def test_previous_next_and_tomorrow_are_plain_links_to_those_days(group, busy_day, day, officer, today):
    response = client_for(officer).get(MOVEMENTS, {"prison": group.prison.pk, "day": day.isoformat()})
    found = re.findall(r'<a class="button" href="([^"]+)"[^>]*>(?:← )?([A-Za-z ]+)', response.content.decode())
    links = {text.strip(): unescape(href) for href, text in found}
    tomorrow = today + dt.timedelta(days=1)
    for text, shown in (
        ("Previous day", day - dt.timedelta(days=1)),
        ("Next day", day + dt.timedelta(days=1)),
        ("Tomorrow", tomorrow),
        ("Today", today),
    ):
        assert f"day={shown.isoformat()}" in links[text]
        assert f"prison={group.prison.pk}" in links[text]
    # Following "Next day" shows the next day's list (the theatre workshop meets again then).
    following = client_for(officer).get(links["Next day"])
    assert following.context["listing"].day == day + dt.timedelta(days=1)
    assert [m.session.starts_at for m in following.context["listing"].movements] == [
        aware(day + dt.timedelta(days=1), dt.time(14, 0))
    ] * 3


def test_pdf_and_print_buttons_submit_the_form_that_holds_the_day(group, busy_day, day, officer):
    page = client_for(officer).get(MOVEMENTS).content.decode()
    start = page.index('<form method="get" class="filters')
    form = page[start : page.index("</form>", start)]
    assert 'name="day"' in form
    assert form.count('formaction="/en/attendance/movements.pdf"') == 2
    assert 'name="lang" value="fr"' in form
    assert 'name="lang" value="nl"' in form
    assert 'name="print" value="1"' in form
    # "Print" shows the chosen day's list, and asks the browser to print it once loaded.
    printed = client_for(officer).get(MOVEMENTS, {"prison": group.prison.pk, "day": day.isoformat(), "print": "1"})
    assert printed.context["listing"].day == day
    assert "data-print-on-load" in printed.content.decode()  # concerto.js prints such a page once loaded


def test_the_page_groups_movements_by_unit_then_time(group, busy_day, day, officer):
    response = client_for(officer).get(MOVEMENTS, {"prison": group.prison.pk, "day": day.isoformat()})
    groups = response.context["listing"].by_unit
    assert [g.unit for g in groups] == ["Aile A1", "Aile B2"]
    assert [m.session.starts_at.astimezone(timezone.get_current_timezone()).hour for m in groups[0].movements] == [
        9,
        14,
        14,
        14,
    ]
    assert response.content.decode().count('class="unit-heading"') == 2


@needs_pdftotext
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_pdf_prints_the_day_asked_for_unit_by_unit_then_by_time(group, busy_day, day, officer, language):
    # The form's PDF button sends the day in the form, whatever day the page was opened on.
    response = client_for(officer).get(
        f"/{language}/attendance/movements.pdf",
        {"prison": group.prison.pk, "day": day.isoformat(), "unit": "", "lang": language},
    )
    assert response.status_code == 200
    assert day.isoformat() in response["Content-Disposition"]
    text = pdf_layout_text(response.content)
    assert day.strftime("%d/%m/%Y") in text
    rows = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    first, second = ("Vleugel A1 (4)", "Vleugel B2 (1)") if language == "nl" else ("Aile A1 (4)", "Aile B2 (1)")
    start = next(i for i, row in enumerate(rows) if row.endswith(first))
    end = next(i for i, row in enumerate(rows) if row.endswith(second))
    a1 = [row for row in rows[start + 1 : end] if "–" in row]
    assert [row.split()[0] for row in a1] == ["09:00–11:00", "14:00–16:00", "14:00–16:00", "14:00–16:00"]
    assert "BENALI Karim" in a1[0]
    assert "Atelier" not in a1[0]
    assert "HADDAD Omar" in rows[end + 1]
    # The day after holds the theatre workshop again: it is not on this day's list.
    assert (day + dt.timedelta(days=1)).strftime("%d/%m/%Y") not in text


def pdf_layout_text(content: bytes) -> str:
    """The PDF's text line by line, in reading order (``pdftotext -layout``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
            [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def _header_words(content: bytes, language_header: str) -> list[tuple[float, float, str]]:
    """The words on the table's header line, as (left, right, word), from pdftotext's boxes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        html = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
            [shutil.which("pdftotext") or "pdftotext", "-bbox", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    words = [
        (float(x0), float(y0), float(x1), unescape(word))
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html
        )
    ]
    line = next(y for _x0, y, _x1, word in words if word == language_header)
    return sorted((x0, x1, word) for x0, y, x1, word in words if abs(y - line) < 1)


@needs_pdftotext
@pytest.mark.parametrize(("language", "name_header"), [("fr", "Nom"), ("nl", "Naam")])
def test_no_header_of_the_pdf_overlaps_its_neighbour(group, busy_day, day, officer, language, name_header):
    response = client_for(officer).get(
        f"/{language}/attendance/movements.pdf", {"prison": group.prison.pk, "day": day.isoformat()}
    )
    header = _header_words(response.content, name_header)
    assert len(header) >= 5
    for (_left, right, word), (next_left, _right, next_word) in itertools.pairwise(header):
        assert right <= next_left, f"{word!r} runs into {next_word!r}"
