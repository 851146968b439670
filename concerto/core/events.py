"""Domain events: a fact one app records, told to the apps that react to it once it is committed.

The app that records the fact publishes an event; the apps that react subscribe to it in their
``AppConfig.ready``. So the arrows of the import graph run one way: the publisher knows nothing
of who listens (registrations and the catalogue do not import attendance to send its notices).

Events carry ids only, like the background tasks: a receiver reads what it needs, as committed.
Each receiver runs after the commit (never for a change rolled back) in its own robust
``transaction.on_commit`` callback: the change is safe by then, so a receiver that fails is logged
by Django and neither stops the others nor turns the user's request into an error page. Outside a
transaction, receivers run at once.

The events, who publishes them and who receives them (docs/architecture.md says the same):

- ``ParticipantWithdrew``: registrations (``application_move`` to "withdrawn" from a place);
  attendance asks the following service to schedule a feedback interview.
- ``PlaceToOffer``: registrations (``waiting_list_promote``, when people wait but nobody was
  offered the free place automatically); attendance prompts the organiser's service to offer it.
- ``SessionCancelled``: catalogue (``session_cancel``); attendance tells each service following a
  participant.

In tests, receivers run inside ``django_capture_on_commit_callbacks(execute=True)`` (pytest-django),
or in tests with ``transaction=True``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction


@dataclass(frozen=True)
class ParticipantWithdrew:
    """A person who held a place in an edition withdrew their application."""

    application_id: int


@dataclass(frozen=True)
class PlaceToOffer:
    """An edition has a free place and people waiting, and nobody was offered it automatically."""

    edition_id: int


@dataclass(frozen=True)
class SessionCancelled:
    """A session was cancelled (its reason is on the session)."""

    session_id: int


Event = TypeVar("Event")
Receiver = Callable[[Any], object]

_receivers: defaultdict[type, list[Receiver]] = defaultdict(list)


def subscribe(event_type: type[Event], receiver: Callable[[Event], object]) -> None:
    """Have ``receiver(event)`` called after the commit of each ``event_type`` published; idempotent."""
    if receiver not in _receivers[event_type]:
        _receivers[event_type].append(receiver)


def receivers_of(event_type: type) -> list[Receiver]:
    """The receivers subscribed to ``event_type``, in the order they subscribed."""
    return list(_receivers[event_type])


def publish(event: object) -> None:
    """Tell every receiver of ``type(event)`` about it once the current transaction is committed."""
    for receiver in receivers_of(type(event)):
        transaction.on_commit(_delivery(receiver, event), robust=True)


def _delivery(receiver: Receiver, event: object) -> Callable[[], None]:
    def deliver() -> None:
        receiver(event)

    # Django names the callback when it logs a failure: name the receiver and the event.
    deliver.__qualname__ = f"{getattr(receiver, '__qualname__', repr(receiver))}({type(event).__name__})"
    return deliver
