"""What attendance does when other apps tell it something happened (domain events, after the commit).

Subscribed in ``AttendanceConfig.ready``. Each receiver reads what it needs by id, as committed,
and sends the notices to services (see ``concerto/core/events.py`` for the events and who
publishes them).
"""

from __future__ import annotations

from concerto.catalogue.models import Edition, Session
from concerto.core import events
from concerto.registrations.models import Application

from . import services


def participant_withdrew(event: events.ParticipantWithdrew) -> None:
    """A participant who withdraws is followed up like a dropout: their service schedules an interview."""
    application = Application.objects.select_related("edition__activity").filter(pk=event.application_id).first()
    if application is not None:
        services.withdrawal_notify(application=application)


def place_to_offer(event: events.PlaceToOffer) -> None:
    edition = Edition.objects.select_related("activity").filter(pk=event.edition_id).first()
    if edition is not None:
        services.place_to_offer_notify(edition=edition)


def session_cancelled(event: events.SessionCancelled) -> None:
    session = Session.objects.filter(pk=event.session_id).first()
    if session is not None:
        services.session_cancellation_notify(session=session)


def subscribe() -> None:
    events.subscribe(events.ParticipantWithdrew, participant_withdrew)
    events.subscribe(events.PlaceToOffer, place_to_offer)
    events.subscribe(events.SessionCancelled, session_cancelled)
