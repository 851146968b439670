"""What a kind of request to the prison brings to the inbox, and the registry of those kinds.

Each app whose records need the prison's agreement has an ``inbox.py`` module, named in the
setting ``CONCERTO_INBOX_SOURCES``, with a ``SOURCE``: an ``InboxSource`` that lists its requests
as ``InboxItem`` rows and answers one (through the app's own service, which checks who may).
The inbox reads the modules by name, so it imports none of those apps and they import only
this module: the import graph keeps running one way.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor

SOURCES = ["concerto.registrations.inbox"]


class InboxState:
    WAITING = "waiting"
    APPROVED = "approved"
    REFUSED = "refused"

    LABELS = {WAITING: _("Waiting for the prison"), APPROVED: _("Approved"), REFUSED: _("Refused")}


@dataclass(frozen=True)
class InboxItem:
    """One request to one prison, as the inbox and the requesting service list it."""

    source: str  # the source's key: "<source>:<pk>" names the item in addresses and forms
    pk: int
    kind: str  # the kind, in the reader's language ("Movement permission")
    prison_id: int
    prison: str
    organisation_id: int  # the requesting service
    organisation: str
    about: str  # what the request is for: an activity, a facilitator's entry, materials
    requested_on: dt.date
    due_on: dt.date | None
    state: str  # InboxState
    answered_on: dt.date | None = None
    reason: str = ""
    person: str = ""  # the detainee it concerns, as staff of the prison and of the service see them
    link: str = ""  # where the requesting service manages the record
    subject_ids: tuple[int, ...] = field(default=(), compare=False)  # detainees shown, for the access log

    @property
    def key(self) -> str:
        return f"{self.source}:{self.pk}"

    @property
    def state_label(self) -> str:
        return str(InboxState.LABELS[self.state])

    def is_overdue(self, today: dt.date) -> bool:
        return self.state == InboxState.WAITING and self.due_on is not None and self.due_on < today


class InboxSource(Protocol):
    key: str
    label: str  # the kind of request, translatable (for the filter)

    def items(
        self, *, prison_ids: Iterable[int] | None, organisation_ids: Iterable[int] | None, waiting_only: bool
    ) -> list[InboxItem]:
        """The requests to ``prison_ids`` (None: every prison) made by ``organisation_ids`` (None: any)."""
        ...

    def get(self, pk: int) -> InboxItem | None:
        """One request, in the active language."""
        ...

    def prison_of(self, pk: int) -> int | None:
        """The prison a request is addressed to (None when it does not exist)."""
        ...

    def decide(self, *, actor: Actor, pk: int, approve: bool, reason: str) -> InboxItem:
        """Answer one request through the app's service (permission and state checked there)."""
        ...


def inbox_sources() -> list[InboxSource]:
    names = getattr(settings, "CONCERTO_INBOX_SOURCES", SOURCES)
    return [importlib.import_module(name).SOURCE for name in names]


def source_named(key: str) -> InboxSource | None:
    return next((source for source in inbox_sources() if source.key == key), None)
