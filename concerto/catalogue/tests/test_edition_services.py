import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from concerto.accounts.models import Role
from concerto.catalogue import services
from concerto.catalogue.models import Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.prisons.models import ClosureDay, Unit
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import (
    ActivityFactory,
    RoomFactory,
    UnitFactory,
    target_group,
)
from conftest import make_actor

# The scenario's dates are literal (an edition in January 2027), so its clock is too: planned a
# month ahead. Tests about what "now" changes set their own moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]


def edition_data(prison, **overrides):
    room = overrides.pop("room", None) or RoomFactory(prison=prison, name="Salle A", capacity=12)
    values = {
        "prison": prison,
        "units": [UnitFactory(prison=prison, code="remand", gender=Unit.Gender.MEN)],
        "room": room,
        "starts_on": dt.date(2027, 1, 4),
        "ends_on": dt.date(2027, 1, 31),
        "capacity": 10,
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "session_starts_at": dt.time(14, 0),
        "session_ends_at": dt.time(16, 0),
    }
    values.update(overrides)
    return services.EditionData(**values)


def test_weekly_edition_creates_one_session_per_tuesday(worker, service, prison):
    activity = ActivityFactory(organiser=service)
    edition = services.edition_create(actor=make_actor(worker), activity=activity, data=edition_data(prison))
    starts = [s.starts_at for s in edition.sessions.order_by("starts_at")]
    assert [s.date() for s in starts] == [dt.date(2027, 1, d) for d in (5, 12, 19, 26)]
    assert starts[0] == aware(dt.date(2027, 1, 5), dt.time(14, 0))


def test_room_already_booked_at_the_same_time_is_refused_with_the_other_activity_named(
    worker, service, other_service, member, prison
):
    room = RoomFactory(prison=prison, name="Salle polyvalente", capacity=15)
    theatre = ActivityFactory(organiser=other_service, title_fr="Atelier théâtre")
    other_worker = member(Role.SERVICE_WORKER, other_service)
    services.edition_create(actor=make_actor(other_worker), activity=theatre, data=edition_data(prison, room=room))

    drawing = ActivityFactory(organiser=service, title_fr="Dessin")
    with pytest.raises(ValidationError) as refused:
        services.edition_create(actor=make_actor(worker), activity=drawing, data=edition_data(prison, room=room))
    messages = refused.value.message_dict["room"]
    assert "Salle polyvalente" in messages[0]
    assert "Atelier théâtre" in messages[0]
    assert Session.objects.filter(edition__activity=drawing).count() == 0


def test_coordinator_may_accept_a_double_booking_with_a_reason(coordinator, member, other_service, prison):
    room = RoomFactory(prison=prison, name="Salle B", capacity=15)
    theatre = ActivityFactory(organiser=other_service)
    other_worker = member(Role.SERVICE_WORKER, other_service)
    services.edition_create(actor=make_actor(other_worker), activity=theatre, data=edition_data(prison, room=room))
    second = ActivityFactory(organiser=other_service)
    edition = services.edition_create(
        actor=make_actor(coordinator),
        activity=second,
        data=edition_data(prison, room=room),
        double_booking_reason="Shared performance: both groups together",
    )
    assert set(edition.sessions.values_list("conflict_accepted_reason", flat=True)) == {
        "Shared performance: both groups together"
    }


def test_service_worker_cannot_force_a_double_booking(worker, service, member, other_service, prison):
    room = RoomFactory(prison=prison, name="Salle C", capacity=15)
    services.edition_create(
        actor=make_actor(member(Role.SERVICE_WORKER, other_service)),
        activity=ActivityFactory(organiser=other_service),
        data=edition_data(prison, room=room),
    )
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, room=room),
            double_booking_reason="please",
        )
    assert "Only a coordinator can accept a double booking." in refused.value.messages


def test_capacity_above_the_room_is_refused(worker, service, prison):
    room = RoomFactory(prison=prison, name="Petit local", capacity=6)
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, room=room, capacity=10),
        )
    assert "Petit local: 6" in refused.value.message_dict["capacity"][0]


def test_end_before_start_is_refused(worker, service, prison):
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 1, 1)),
        )
    assert refused.value.message_dict["ends_on"] == ["The last day is before the first day."]


def test_unit_that_does_not_house_the_target_group_is_refused(worker, service, prison):
    women_only = UnitFactory(prison=prison, code="women", name_fr="Centre femmes", gender=Unit.Gender.WOMEN)
    activity = ActivityFactory(organiser=service, target_groups=[target_group("men")])
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker), activity=activity, data=edition_data(prison, units=[women_only])
        )
    assert "Centre femmes" in refused.value.message_dict["units"][0]


def test_sessions_outside_the_activity_hours_are_refused_with_the_allowed_hours(worker, service, prison):
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, session_starts_at=dt.time(18, 0), session_ends_at=dt.time(20, 0)),
        )
    message = refused.value.message_dict["session_starts_at"][0]
    assert "18:00–20:00" in message
    assert "13:30–17:00" in message


def test_closure_day_is_refused_unless_skipped(worker, service, prison):
    ClosureDay.objects.create(prison=prison, date=dt.date(2027, 1, 12), reason="Staff training")
    activity = ActivityFactory(organiser=service)
    with pytest.raises(ValidationError) as refused:
        services.edition_create(actor=make_actor(worker), activity=activity, data=edition_data(prison))
    assert "Staff training" in refused.value.message_dict["recurrence"][0]

    edition = services.edition_create(
        actor=make_actor(worker), activity=activity, data=edition_data(prison), skip_closed_days=True
    )
    assert dt.date(2027, 1, 12) not in {s.starts_at.date() for s in edition.sessions.all()}
    assert edition.excluded_dates == ["2027-01-12"]


def test_belgian_public_holiday_is_a_closed_day_named_in_the_reader_language(worker, service, prison):
    # Easter Monday 2027 is 29 March.
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(
                prison, starts_on=dt.date(2027, 3, 29), ends_on=dt.date(2027, 3, 29), recurrence="FREQ=WEEKLY;BYDAY=MO"
            ),
        )
    assert "Pâques" in refused.value.message_dict["recurrence"][0]


def test_worker_of_another_service_cannot_plan_an_edition(member, other_service, service, prison):
    outsider = member(Role.SERVICE_WORKER, other_service)
    with pytest.raises(PermissionDenied):
        services.edition_create(
            actor=make_actor(outsider), activity=ActivityFactory(organiser=service), data=edition_data(prison)
        )


def test_moving_a_session_keeps_the_original_time_and_reason(worker, service, prison):
    edition = services.edition_create(
        actor=make_actor(worker), activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    session = edition.sessions.order_by("starts_at").first()
    moved = services.session_move(
        actor=make_actor(worker),
        session=session,
        starts_at=aware(dt.date(2027, 1, 7), dt.time(9, 0)),
        ends_at=aware(dt.date(2027, 1, 7), dt.time(11, 0)),
        room=session.room,
        reason="Court hearings on Tuesday",
    )
    assert moved.moved_from == aware(dt.date(2027, 1, 5), dt.time(14, 0))
    assert moved.change_reason == "Court hearings on Tuesday"


def test_cancelling_a_session_needs_a_reason(worker, service, prison):
    edition = services.edition_create(
        actor=make_actor(worker), activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    session = edition.sessions.first()
    with pytest.raises(ValidationError):
        services.session_cancel(actor=make_actor(worker), session=session, reason=" ")
    services.session_cancel(actor=make_actor(worker), session=session, reason="Lockdown")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_updating_the_schedule_keeps_moved_sessions_and_regenerates_the_others(worker, service, prison):
    actor = make_actor(worker)
    edition = services.edition_create(
        actor=actor, activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    first = edition.sessions.order_by("starts_at").first()
    services.session_cancel(actor=actor, session=first, reason="Strike")
    services.edition_update(
        actor=actor, edition=edition, data=edition_data(prison, room=edition.room, recurrence="FREQ=WEEKLY;BYDAY=TH")
    )
    days = sorted((s.starts_at.date(), s.status) for s in edition.sessions.all())
    assert days[0] == (dt.date(2027, 1, 5), SessionStatus.CANCELLED)
    assert [d for d, status in days if status == SessionStatus.SCHEDULED] == [
        dt.date(2027, 1, d) for d in (7, 14, 21, 28)
    ]


def test_a_schedule_changed_mid_period_keeps_the_sessions_already_held(worker, service, prison, clock):
    actor = make_actor(worker)
    edition = services.edition_create(
        actor=actor, activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    clock.move_to(aware(dt.date(2027, 1, 13), dt.time(10, 0)))  # Wednesday of the second week

    services.edition_update(
        actor=actor, edition=edition, data=edition_data(prison, room=edition.room, recurrence="FREQ=WEEKLY;BYDAY=TH")
    )

    days = [s.starts_at.date() for s in edition.sessions.order_by("starts_at")]
    assert days == [dt.date(2027, 1, d) for d in (5, 12, 14, 21, 28)]  # two Tuesdays held, then Thursdays


def test_a_schedule_change_leaves_out_the_occurrence_where_a_one_off_session_already_meets(worker, service, prison):
    actor = make_actor(worker)
    edition = services.edition_create(
        actor=actor, activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    one_off = services.session_add(
        actor=actor,
        edition=edition,
        starts_at=aware(dt.date(2027, 1, 14), dt.time(14, 0)),
        ends_at=aware(dt.date(2027, 1, 14), dt.time(16, 0)),
    )

    change = services.edition_update(
        actor=actor, edition=edition, data=edition_data(prison, room=edition.room, recurrence="FREQ=WEEKLY;BYDAY=TH")
    )

    sessions = list(edition.sessions.order_by("starts_at"))
    assert [s.starts_at.date() for s in sessions] == [dt.date(2027, 1, d) for d in (7, 14, 21, 28)]
    assert sessions[1] == one_off  # the one-off session stays; no second session beside it
    assert change.met_already == [one_off]
    assert services.met_already_message(one_off) == (
        "No weekly session was added on 14/01/2027 14:00–16:00: this edition already has a one-off session then."
    )


def test_a_schedule_change_leaves_out_the_occurrence_a_moved_session_now_occupies(worker, service, prison):
    actor = make_actor(worker)
    edition = services.edition_create(
        actor=actor, activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    first = edition.sessions.order_by("starts_at").first()
    moved = services.session_move(
        actor=actor,
        session=first,
        starts_at=aware(dt.date(2027, 1, 7), dt.time(14, 30)),
        ends_at=aware(dt.date(2027, 1, 7), dt.time(16, 30)),
        room=first.room,
        reason="Court hearings on Tuesday",
    )

    change = services.edition_update(
        actor=actor, edition=edition, data=edition_data(prison, room=edition.room, recurrence="FREQ=WEEKLY;BYDAY=TH")
    )

    days = [s.starts_at.astimezone(moved.starts_at.tzinfo) for s in edition.sessions.order_by("starts_at")]
    assert [d.date() for d in days] == [dt.date(2027, 1, d) for d in (7, 14, 21, 28)]
    assert change.met_already == [moved]
    assert "was moved to that time" in services.met_already_message(moved)


@pytest.mark.parametrize(
    ("rule", "message_part"),
    [
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;INTERVAL=-1", "INTERVAL"),
        ("FREQ=MONTHLY;BYDAY=+99MO", "weekday"),
        ("FREQ=HOURLY;BYHOUR=25", "BYHOUR"),
        ("FREQ=HOURLY", "FREQ"),
        ("FREQ=YEARLY;BYEASTER=99999", "BYEASTER"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "30 February"),
        ("FREQ=WEEKLY;BYWEEKNO=60", "BYWEEKNO"),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231", "UNTIL"),
        ("NOT A RULE", "NAME=value"),
    ],
)
def test_unusable_recurrence_rules_are_refused_at_once_with_the_faulty_part_named(
    rule, message_part, worker, service, prison
):
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, recurrence=rule),
        )
    assert message_part in refused.value.message_dict["recurrence"][0]


def test_monthly_rule_on_the_first_tuesday(worker, service, prison):
    edition = services.edition_create(
        actor=make_actor(worker),
        activity=ActivityFactory(organiser=service),
        data=edition_data(prison, recurrence="rrule:freq=monthly;byday=1TU", ends_on=dt.date(2027, 3, 31)),
    )
    assert edition.recurrence == "FREQ=MONTHLY;BYDAY=1TU"
    assert [s.starts_at.date() for s in edition.sessions.order_by("starts_at")] == [
        dt.date(2027, 1, 5),
        dt.date(2027, 2, 2),
        dt.date(2027, 3, 2),
    ]


def test_facilitator_from_an_unrelated_organisation_is_refused(worker, service, member, other_service, prison):
    stranger = member(Role.PARTNER_FACILITATOR, other_service)
    with pytest.raises(ValidationError) as refused:
        services.edition_create(
            actor=make_actor(worker),
            activity=ActivityFactory(organiser=service),
            data=edition_data(prison, facilitators=[stranger]),
        )
    assert "facilitators" in refused.value.message_dict


def test_the_edition_page_says_which_weekly_session_was_left_out_and_why(client, worker, service, prison):
    actor = make_actor(worker)
    edition = services.edition_create(
        actor=actor, activity=ActivityFactory(organiser=service), data=edition_data(prison)
    )
    services.session_add(
        actor=actor,
        edition=edition,
        starts_at=aware(dt.date(2027, 1, 14), dt.time(14, 0)),
        ends_at=aware(dt.date(2027, 1, 14), dt.time(16, 0)),
    )
    client.force_login(worker)

    response = client.post(
        f"/en/catalogue/editions/{edition.pk}/edit/",
        {
            "prison": prison.pk,
            "units": [u.pk for u in edition.units.all()],
            "room": edition.room_id,
            "starts_on": "2027-01-04",
            "ends_on": "2027-01-31",
            "capacity": 10,
            "session_starts_at": "14:00",
            "session_ends_at": "16:00",
            "weekdays": [3],  # Thursdays now
            "interval": 1,
            "skip_closed_days": "on",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "The edition was saved and its future sessions updated." in page
    assert (
        "No weekly session was added on 14/01/2027 14:00–16:00: this edition already has a one-off session then."
        in page
    )
    assert edition.sessions.filter(starts_at=aware(dt.date(2027, 1, 14), dt.time(14, 0))).count() == 1
