"""Posters, weekly sheets and flyers as a detainee reads them: their words, in their language, and nothing private.

The PDFs' text is read with poppler's pdftotext and their page size with pdfinfo (poppler-utils),
as a reader's PDF viewer would see them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from concerto.catalogue.codes import edition_code
from concerto.catalogue.models import ActivityStatus, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.prisons.models import Unit
from concerto.publicity import selectors
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    CategoryFactory,
    DetaineeFactory,
    EditionFactory,
    PrisonFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.now("2027-01-04T09:00")]

# Planted private data: none of it may appear on any paper.
ROOM = "Local Zéphyrine-4821"
FACILITATOR = "Gwendolyne Facilitatrix"
DETAINEE = ("Zebulon", "Xanthopoulos")
DRAFT_TITLE = "Brouillon Quixotique secret"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(content: bytes) -> str:
    # pdftotext marks right-to-left runs with bidi controls: drop them to compare words.
    text = subprocess.run([PDFTOTEXT, "-", "-"], input=content, capture_output=True, check=True).stdout  # noqa: S603
    return BIDI_CONTROLS.sub("", text.decode())


def media_box(content: bytes) -> tuple[float, float]:
    """The first page's MediaBox width and height in points."""
    info = subprocess.run([PDFINFO, "-box", "-"], input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603
    found = re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    assert found, info
    x0, y0, x1, y1 = (float(value) for value in found.groups())
    return x1 - x0, y1 - y0


@pytest.fixture
def world(db):
    haren = PrisonFactory(name_fr="Prison de Haren", name_nl="Gevangenis van Haren", name_en="Haren prison")
    remand = UnitFactory(
        prison=haren,
        code="remand-men",
        name_fr="Maison d'arrêt – hommes",
        name_nl="Arresthuis – mannen",
        name_en="Remand prison – men",
        kind=Unit.Kind.REMAND,
    )
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Vorming", name_en="Training")
    reception = CategoryFactory(
        code="reception-class",
        name_fr="Classes d'accueil",
        name_nl="Onthaalklas",
        name_en="Reception classes",
        parent=training,
    )
    activity = ActivityFactory(
        category=reception,
        title_fr="Classe d'accueil en français",
        title_nl="Onthaalklas Frans",
        title_en="Reception class in French",
        summary_fr="Le français de tous les jours.",
        status=ActivityStatus.PUBLISHED,
    )
    edition = EditionFactory(
        activity=activity,
        prison=haren,
        units=[remand],
        room=RoomFactory(prison=haren, name=ROOM),
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 3, 26),
        facilitators=[UserFactory(username="gwendolyne", first_name="Gwendolyne", last_name="Facilitatrix")],
    )
    for day in (5, 12, 19, 26):
        SessionFactory(
            edition=edition,
            starts_at=aware(dt.date(2027, 1, day), dt.time(14, 0)),
            status=SessionStatus.CANCELLED if day == 19 else SessionStatus.SCHEDULED,
        )
    draft = EditionFactory(
        activity=ActivityFactory(title_fr=DRAFT_TITLE, title_nl=DRAFT_TITLE, status=ActivityStatus.DRAFT),
        prison=haren,
        units=[remand],
    )
    SessionFactory(edition=draft, starts_at=aware(dt.date(2027, 1, 20), dt.time(9, 0)))
    detainee = DetaineeFactory(prison=haren, unit=remand, first_name=DETAINEE[0], last_name=DETAINEE[1])
    ApplicationFactory(edition=edition, detainee=detainee, status="confirmed")
    return {"unit": remand, "edition": edition}


@pytest.fixture
def printer(client):
    """A coordinator (any role that prints would do: see the permission matrix)."""
    from concerto.accounts.models import Role
    from concerto.organisations.models import Organisation
    from concerto.testing.factories import MembershipFactory, OrganisationFactory

    coordination = OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)
    MembershipFactory(user=UserFactory(username="coordinator"), organisation=coordination, role=Role.COORDINATOR)
    client.force_login(coordination.memberships.get().user)
    return client


def get_pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def assert_nothing_private(text: str) -> None:
    for planted in (ROOM, "Zéphyrine", FACILITATOR, "Facilitatrix", *DETAINEE, DRAFT_TITLE, "Quixotique"):
        assert planted not in text


def test_french_poster_lists_days_and_times_and_the_code_in_french(world, printer):
    unit, edition = world["unit"], world["edition"]
    content = get_pdf(printer, f"/fr/publicity/units/{unit.pk}/poster/?month=2027-01&size=A4&language=fr")
    text = pdf_text(content)
    assert "Classe d'accueil en français" in text
    assert "mardi" in text
    assert "janvier" in text
    assert "14:00 – 16:00" in text
    with translation.override("fr"):
        cancelled = gettext("Cancelled")
    assert f"5 · 12 · 19 {cancelled} · 26 janvier" in text  # the cancelled day is marked
    assert edition_code(edition.pk) in text
    with translation.override("fr"):
        assert gettext("Ask the unit staff for a slip.") in text
    assert_nothing_private(text)
    width, height = media_box(content)
    assert (round(width), round(height)) == (595, 842)  # A4


def test_the_cancelled_day_of_the_month_is_marked(world):
    poster = selectors.poster_for(
        unit_pk=world["unit"].pk, month=dt.date(2027, 1, 1), language=selectors.paper_language("fr")
    )
    (item,) = poster.items
    (slot,) = item.slots
    assert [(day.day.day, day.is_cancelled) for day in slot.days] == [(5, False), (12, False), (19, True), (26, False)]


def test_dutch_poster_is_in_dutch(world, printer):
    content = get_pdf(printer, f"/fr/publicity/units/{world['unit'].pk}/poster/?month=2027-01&language=nl")
    text = pdf_text(content)
    assert "Onthaalklas Frans" in text
    assert "dinsdag" in text
    assert "januari" in text
    assert "Classe d'accueil en français" not in text


def test_arabic_a3_poster_is_a3_with_arabic_fixed_words_and_english_titles(world, printer):
    unit = world["unit"]
    content = get_pdf(printer, f"/fr/publicity/units/{unit.pk}/poster/?month=2027-01&size=A3&language=ar")
    width, height = media_box(content)
    assert (round(width), round(height)) == (842, 1191)  # A3: 297 × 420 mm
    text = pdf_text(content)
    assert "يناير" in text  # January
    with translation.override("ar"):
        assert gettext("Your unit") in text  # from concerto/locale/ar once compiled
    assert "Reception class in French" in text  # no Arabic title: English, the first fallback
    assert "Remand prison – men" in text
    assert_nothing_private(text)


def test_arabic_paper_is_right_to_left_and_falls_back_to_english_texts():
    arabic = selectors.paper_language("ar")
    assert arabic is not None
    assert arabic.direction == "rtl"
    assert arabic.texts_language == "en"
    assert [language.code for language in selectors.paper_languages()][:3] == ["fr", "nl", "en"]
    assert "ar" in [language.code for language in selectors.paper_languages()]
    assert selectors.paper_language("xx") is None


def test_week_sheet_strikes_the_cancelled_session(world, printer):
    unit = world["unit"]
    sheet = selectors.week_sheet_for(
        unit_pk=unit.pk, monday=dt.date(2027, 1, 18), language=selectors.paper_language("fr")
    )
    tuesday = next(day for day in sheet.days if day.day == dt.date(2027, 1, 19))
    assert [entry.is_cancelled for entry in tuesday.entries] == [True]
    assert len(sheet.days) == 5  # Monday to Friday; nothing on the weekend
    content = get_pdf(printer, f"/fr/publicity/units/{unit.pk}/week/?week=2027-W03&language=fr")
    text = pdf_text(content)
    assert "mardi 19 janvier" in text
    assert "Classe d'accueil en français" in text
    with translation.override("fr"):
        assert gettext("Cancelled") in text
    assert_nothing_private(text)


def test_edition_flyer_has_the_slip_with_one_box_and_the_code(world, printer):
    edition = world["edition"]
    content = get_pdf(printer, f"/nl/publicity/editions/{edition.pk}/flyer/?language=nl")
    text = pdf_text(content)
    assert "Onthaalklas Frans" in text
    assert text.count(edition_code(edition.pk)) == 2  # beside the description and beside the tick box
    with translation.override("nl"):
        for label in ("Application slip", "Name", "Prison number", "Unit", "Languages I speak"):
            assert gettext(label) in text
        assert pgettext("edition code on paper", "Code") in text
    assert "dinsdag" in text
    assert "14:00 – 16:00" in text
    assert_nothing_private(text)


def test_unit_flyer_has_a_box_per_public_edition_and_no_draft(world, printer):
    other = EditionFactory(
        activity=ActivityFactory(title_fr="Atelier théâtre", title_en="Theatre workshop"),
        prison=world["unit"].prison,
        units=[world["unit"]],
    )
    content = get_pdf(printer, f"/fr/publicity/units/{world['unit'].pk}/flyer/?language=ar")
    text = pdf_text(content)
    assert "Theatre workshop" in text
    assert "Reception class in French" in text
    assert edition_code(other.pk) in text
    assert edition_code(world["edition"].pk) in text
    assert_nothing_private(text)


def test_staff_page_sends_the_choice_to_the_pdf_and_explains_a_bad_month(world, printer):
    unit = world["unit"]
    response = printer.get(
        "/en/publicity/", {"document": "poster", "unit": unit.pk, "month": "2027-02", "size": "A3", "language": "ar"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/publicity/units/{unit.pk}/poster/?language=ar&month=2027-02&size=A3"
    response = printer.get("/en/publicity/", {"document": "poster", "unit": unit.pk, "month": "February"})
    assert response.status_code == 400
    assert "Write the month as year-month, for example 2027-01." in response.text
    page = printer.get("/en/publicity/")
    assert 'name="language"' in page.text
    assert 'value="ar"' in page.text
    assert "Reception class in French" in page.text
    assert DRAFT_TITLE not in page.text


def test_edition_page_shows_the_code_and_the_flyer_link(world, printer):
    edition = world["edition"]
    page = printer.get(f"/en/catalogue/editions/{edition.pk}/")
    assert edition_code(edition.pk) in page.text
    assert f"/en/publicity/editions/{edition.pk}/flyer/" in page.text
