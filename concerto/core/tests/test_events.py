"""Domain events (concerto/core/events.py): told after the commit, never for a change rolled back."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.db import transaction

from concerto.core import events

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class SomethingHappened:
    thing_id: int


@pytest.fixture
def no_other_receivers(monkeypatch):
    monkeypatch.setattr(events, "_receivers", defaultdict(list))


def test_receivers_hear_of_an_event_only_once_the_transaction_is_committed(
    no_other_receivers, django_capture_on_commit_callbacks
):
    heard: list[object] = []
    events.subscribe(SomethingHappened, heard.append)
    events.subscribe(SomethingHappened, heard.append)  # subscribing twice changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(SomethingHappened(thing_id=7))
        assert heard == []
    assert heard == [SomethingHappened(thing_id=7)]


def test_an_event_of_a_change_rolled_back_is_never_told(no_other_receivers, django_capture_on_commit_callbacks):
    heard: list[object] = []
    events.subscribe(SomethingHappened, heard.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        events.publish(SomethingHappened(thing_id=7))
        transaction.set_rollback(True)  # the change fails: its savepoint is rolled back
    assert (heard, callbacks) == ([], [])


def test_a_receiver_that_fails_is_logged_and_the_others_still_hear(
    no_other_receivers, django_capture_on_commit_callbacks, caplog
):
    heard: list[object] = []

    def broken(event: SomethingHappened) -> None:
        raise ValueError("no mail server")

    events.subscribe(SomethingHappened, broken)
    events.subscribe(SomethingHappened, heard.append)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        events.publish(SomethingHappened(thing_id=7))
    assert heard == [SomethingHappened(thing_id=7)]
    assert "broken(SomethingHappened)" in caplog.text


def test_attendance_receives_the_events_of_registrations_and_the_catalogue():
    # Subscribed by AttendanceConfig.ready when Django starts.
    from concerto.attendance import receivers

    assert events.receivers_of(events.ParticipantWithdrew) == [receivers.participant_withdrew]
    assert events.receivers_of(events.PlaceToOffer) == [receivers.place_to_offer]
    assert events.receivers_of(events.SessionCancelled) == [receivers.session_cancelled]
