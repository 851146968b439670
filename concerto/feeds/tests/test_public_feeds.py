"""The public calendar feeds, read back as a calendar application would (icalendar's parser)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from concerto.catalogue import services as catalogue
from concerto.catalogue.models import ActivityStatus
from concerto.catalogue.scheduling import aware
from concerto.feeds.ical import CONTENT_TYPE
from concerto.testing.factories import (
    EditionFactory,
    PrisonFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
SECRET_ROOM = "Salle Zéphyrine-Q7"


def in_french(message: str) -> str:
    """The feed's wording as a reader of /fr/ feeds gets it (translated once the catalogues are compiled)."""
    with translation.override("fr"):
        return translation.gettext(message)


def fetch(path: str, **headers: str) -> Calendar:
    response = Client().get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == CONTENT_TYPE
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(session) -> str:
    return f"session-{session.pk}@concerto.brussels"


@pytest.fixture
def theatre():
    """A published theatre workshop at Haren, in a room whose name must never reach the public."""
    room = RoomFactory(name=SECRET_ROOM)
    edition = EditionFactory(
        activity__title_fr="Atelier théâtre",
        activity__title_nl="Theateratelier",
        activity__summary_fr="Improvisation et création collective.",
        room=room,
        prison=room.prison,
    )
    sessions = [
        SessionFactory(
            edition=edition, starts_at=aware(edition.starts_on + dt.timedelta(days=1 + 7 * week), dt.time(14))
        )
        for week in range(3)
    ]
    return edition, sessions


def test_a_prison_feed_is_an_rfc_5545_calendar_of_its_public_sessions(theatre):
    _edition, sessions = theatre

    calendar = fetch("/fr/feeds/prisons/haren.ics")

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert (
        str(calendar["NAME"])
        == str(calendar["X-WR-CALNAME"])
        == in_french("Activities at %(prison)s") % {"prison": "Prison de Haren"}
    )
    assert str(calendar["DESCRIPTION"])
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=6)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"
    assert str(calendar["SOURCE"]) == "http://testserver/fr/feeds/prisons/haren.ics"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Brussels"]
    events = events_by_uid(calendar)
    assert set(events) == {uid(session) for session in sessions}
    first = events[uid(sessions[0])]
    assert str(first["SUMMARY"]) == "Atelier théâtre"
    assert str(first["LOCATION"]) == "Prison de Haren"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first["SEQUENCE"] == 0
    assert "Improvisation et création collective." in str(first["DESCRIPTION"])
    how_to_apply = in_french(
        "How to apply: ask the staff of your unit or your justice-aid service, or contact the organiser, %(organiser)s."
    )
    assert how_to_apply.split(":")[0] in str(first["DESCRIPTION"])
    assert first["DTSTAMP"].dt.tzinfo is not None
    assert first["LAST-MODIFIED"].dt.tzinfo is not None
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert first["DTSTART"].dt == sessions[0].starts_at
    assert first["DTEND"].dt == sessions[0].ends_at


def test_a_moved_session_shows_its_new_time_with_a_higher_sequence(theatre, coordinator):
    _edition, sessions = theatre
    session = sessions[1]
    wednesday = session.starts_at.astimezone(BRUSSELS).date() + dt.timedelta(days=1)
    catalogue.session_move(
        actor=make_actor(coordinator),
        session=session,
        starts_at=aware(wednesday, dt.time(9, 0)),
        ends_at=aware(wednesday, dt.time(11, 0)),
        room=session.room,
        reason="Court hearings on Tuesday",
    )

    moved = events_by_uid(fetch("/fr/feeds/prisons/haren.ics"))[uid(session)]

    assert moved["DTSTART"].dt == aware(wednesday, dt.time(9, 0))
    assert moved["DTSTART"].dt.astimezone(BRUSSELS).time() == dt.time(9, 0)
    assert moved["SEQUENCE"] > 0
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert in_french("Moved: first planned on %(when)s.").split(" ")[0] in str(moved["DESCRIPTION"])
    # The reason is staff's free text: not public.
    assert "Court hearings" not in str(moved["DESCRIPTION"])


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(theatre, coordinator):
    _edition, sessions = theatre
    catalogue.session_cancel(actor=make_actor(coordinator), session=sessions[2], reason="Strike")

    events = events_by_uid(fetch("/fr/feeds/prisons/haren.ics"))

    cancelled = events[uid(sessions[2])]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] > 0
    assert str(cancelled["SUMMARY"]) == in_french("Cancelled: %(title)s") % {"title": "Atelier théâtre"}
    assert "Strike" not in str(cancelled["DESCRIPTION"])
    assert str(events[uid(sessions[0])]["STATUS"]) == "CONFIRMED"


@pytest.mark.now("2027-03-01T10:00")
def test_sessions_on_the_daylight_saving_change_days_read_14_00_in_brussels():
    edition = EditionFactory(starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 11, 30))
    spring = SessionFactory(edition=edition, starts_at=dt.datetime(2027, 3, 28, 14, 0, tzinfo=BRUSSELS))
    autumn = SessionFactory(edition=edition, starts_at=dt.datetime(2027, 10, 31, 14, 0, tzinfo=BRUSSELS))

    response = Client().get("/fr/feeds/prisons/haren.ics")
    calendar = Calendar.from_ical(response.content)
    events = events_by_uid(calendar)

    assert b"DTSTART;TZID=Europe/Brussels:20270328T140000" in response.content
    assert b"DTSTART;TZID=Europe/Brussels:20271031T140000" in response.content
    for session, utc_hour in ((spring, 12), (autumn, 13)):
        start = events[uid(session)]["DTSTART"].dt
        assert start.astimezone(BRUSSELS).time() == dt.time(14, 0)
        assert start.astimezone(dt.UTC).time() == dt.time(utc_hour, 0)
    (timezone,) = calendar.timezones
    assert timezone.tz_name == "Europe/Brussels"
    assert [str(rule["TZNAME"]) for rule in timezone.walk("DAYLIGHT")] == ["CEST"]


def test_uids_and_bytes_stay_the_same_from_one_fetch_to_the_next(theatre):
    client = Client()
    first = client.get("/fr/feeds/prisons/haren.ics")
    second = client.get("/fr/feeds/prisons/haren.ics")

    assert list(events_by_uid(Calendar.from_ical(first.content))) == list(
        events_by_uid(Calendar.from_ical(second.content))
    )
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


def test_the_summary_is_in_the_language_of_the_url_with_a_fallback(theatre):
    edition, sessions = theatre
    french_only = SessionFactory(
        edition=EditionFactory(activity__title_fr="Club de lecture", activity__title_nl="", prison=edition.prison)
    )

    dutch = events_by_uid(fetch("/nl/feeds/prisons/haren.ics"))
    french = events_by_uid(fetch("/fr/feeds/prisons/haren.ics"))

    assert str(dutch[uid(sessions[0])]["SUMMARY"]) == "Theateratelier"
    assert dutch[uid(sessions[0])]["SUMMARY"].params["LANGUAGE"] == "nl"
    assert str(french[uid(sessions[0])]["SUMMARY"]) == "Atelier théâtre"
    assert str(dutch[uid(french_only)]["SUMMARY"]) == "Club de lecture"
    assert dutch[uid(french_only)]["SUMMARY"].params["LANGUAGE"] == "fr"


def test_drafts_proposals_and_archived_activities_are_in_no_feed(theatre):
    edition, sessions = theatre
    hidden = [
        SessionFactory(
            edition=EditionFactory(activity__status=status, prison=edition.prison, units=list(edition.units.all()))
        )
        for status in (ActivityStatus.DRAFT, ActivityStatus.PROPOSED, ActivityStatus.ARCHIVED)
    ]
    unit = edition.units.get()

    for path in ("/fr/feeds/prisons/haren.ics", f"/fr/feeds/units/{unit.pk}.ics"):
        assert set(events_by_uid(fetch(path))) == {uid(session) for session in sessions}
    for session in hidden:
        assert Client().get(f"/fr/feeds/activities/{session.edition.activity_id}.ics").status_code == 404


def test_no_public_feed_names_a_room(theatre):
    edition, _sessions = theatre
    unit = edition.units.get()

    for path in (
        "/fr/feeds/prisons/haren.ics",
        f"/nl/feeds/units/{unit.pk}.ics",
        f"/en/feeds/activities/{edition.activity_id}.ics",
    ):
        body = Client().get(path).content.decode()
        assert "VEVENT" in body
        assert SECRET_ROOM not in body
        assert "Zéphyrine" not in body


def test_a_unit_feed_holds_the_editions_serving_that_unit_and_an_activity_feed_its_editions(theatre):
    edition, sessions = theatre
    other_unit = UnitFactory(prison=edition.prison)
    elsewhere = SessionFactory(edition=EditionFactory(prison=edition.prison, units=[other_unit]))
    other_prison = PrisonFactory(code="saint-gilles", name_fr="Prison de Saint-Gilles")
    same_activity_elsewhere = SessionFactory(edition=EditionFactory(activity=edition.activity, prison=other_prison))

    unit_events = events_by_uid(fetch(f"/fr/feeds/units/{edition.units.get().pk}.ics"))
    activity_calendar = fetch(f"/fr/feeds/activities/{edition.activity_id}.ics")

    assert set(unit_events) == {uid(session) for session in sessions}
    assert uid(elsewhere) in events_by_uid(fetch(f"/fr/feeds/units/{other_unit.pk}.ics"))
    assert set(events_by_uid(activity_calendar)) == {uid(s) for s in [*sessions, same_activity_elsewhere]}
    assert str(activity_calendar["NAME"]) == "Atelier théâtre"
    assert str(events_by_uid(activity_calendar)[uid(same_activity_elsewhere)]["LOCATION"]) == "Prison de Saint-Gilles"
    assert uid(same_activity_elsewhere) not in events_by_uid(fetch("/fr/feeds/prisons/haren.ics"))


def test_sessions_older_than_the_lookback_drop_out(theatre, clock):
    _edition, sessions = theatre
    clock.move_to(sessions[0].starts_at + dt.timedelta(weeks=5))

    events = events_by_uid(fetch("/fr/feeds/prisons/haren.ics"))

    assert uid(sessions[0]) not in events
    assert uid(sessions[2]) in events


def test_unknown_prisons_units_and_activities_are_not_found():
    inactive = UnitFactory(is_active=False)
    client = Client()

    assert client.get("/fr/feeds/prisons/nowhere.ics").status_code == 404
    assert client.get(f"/fr/feeds/units/{inactive.pk}.ics").status_code == 404
    assert client.get("/fr/feeds/units/999999.ics").status_code == 404
    assert client.get("/fr/feeds/activities/999999.ics").status_code == 404


@pytest.mark.django_db(transaction=True)  # the stamp moves after a commit
def test_a_client_with_the_current_copy_gets_304_until_the_offer_changes(theatre, coordinator):
    _edition, sessions = theatre
    client = Client()
    first = client.get("/fr/feeds/prisons/haren.ics")
    assert first["Cache-Control"] == "public, max-age=1800"
    assert first["Last-Modified"]

    unchanged = client.get("/fr/feeds/prisons/haren.ics", headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == first["ETag"]
    other_language = client.get("/nl/feeds/prisons/haren.ics", headers={"If-None-Match": first["ETag"]})
    assert other_language.status_code == 200

    catalogue.session_cancel(actor=make_actor(coordinator), session=sessions[0], reason="Lockdown")
    changed = client.get("/fr/feeds/prisons/haren.ics", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_title_with_separators_and_a_line_break_reads_whole_in_the_feed_name(theatre):
    # ; , \ and a line break are RFC 5545 TEXT escapes; unescaped, a calendar application reads
    # the name cut short, and a line break made the feed fail (icalendar refuses to write it).
    edition, _sessions = theatre
    edition.activity.title_fr = "Théâtre; chant, danse \\ mime\nBEGIN:VEVENT"
    edition.activity.save(update_fields=["title_fr"])

    response = Client().get(f"/fr/feeds/activities/{edition.activity_id}.ics")

    assert response.status_code == 200
    unfolded = response.content.decode().replace("\r\n ", "")
    escaped = "Théâtre\\; chant\\, danse \\\\ mime\\nBEGIN:VEVENT"
    for name in ("NAME", "X-WR-CALNAME"):
        assert f"\r\n{name}:{escaped}\r\n" in unfolded, name
    assert unfolded.split("\r\n").count("BEGIN:VEVENT") == len(_sessions)  # the title opened no event
