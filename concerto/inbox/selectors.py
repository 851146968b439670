"""Reads of the requests to the prison, across every kind (``sources.inbox_sources``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.detainees.models import Detainee
from concerto.inbox import permissions
from concerto.inbox.sources import InboxItem, InboxState, inbox_sources
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log


@dataclass(frozen=True)
class InboxFilters:
    source: str = ""  # one kind of request, or every kind
    state: str = InboxState.WAITING  # "" for every state
    organisation: int | None = None
    prison: int | None = None
    overdue_only: bool = False


def _chosen(items: list[InboxItem], filters: InboxFilters, today: dt.date) -> list[InboxItem]:
    return [
        item
        for item in items
        if (not filters.state or item.state == filters.state)
        and (filters.organisation is None or item.organisation_id == filters.organisation)
        and (filters.prison is None or item.prison_id == filters.prison)
        and (not filters.overdue_only or item.is_overdue(today))
    ]


def _ordered(items: list[InboxItem]) -> list[InboxItem]:
    """Waiting requests first, soonest due first; then the answered ones, latest answer first."""
    waiting = sorted(
        (i for i in items if i.state == InboxState.WAITING), key=lambda i: (i.due_on or dt.date.max, i.key)
    )
    answered = sorted(
        (i for i in items if i.state != InboxState.WAITING), key=lambda i: (i.answered_on or dt.date.min, i.key)
    )
    return waiting + answered[::-1]


def _gather(
    *, prison_ids: frozenset[int] | None, organisation_ids: frozenset[int] | None, filters: InboxFilters
) -> list[InboxItem]:
    items: list[InboxItem] = []
    for source in inbox_sources():
        if filters.source and source.key != filters.source:
            continue
        items += source.items(
            prison_ids=prison_ids,
            organisation_ids=organisation_ids,
            waiting_only=filters.state == InboxState.WAITING,
        )
    return _ordered(_chosen(items, filters, timezone.localdate()))


def _log(actor: Actor, items: list[InboxItem], purpose: str) -> None:
    people = sorted({pk for item in items for pk in item.subject_ids})
    if people:
        access_log(
            actor=actor,
            action=AccessAction.VIEW,
            purpose=purpose,
            subjects=[Detainee(pk=pk) for pk in people],
            subject_type="detainees.detainee",
            detail="requests to the prison",
        )


def prison_inbox(*, actor: Actor, filters: InboxFilters | None = None) -> list[InboxItem]:
    """Every request addressed to the actor's prisons (every prison for an administrator)."""
    filters = filters or InboxFilters()
    if not permissions.can_read_prison_inbox(actor):
        return []
    prison_ids = None if actor.is_admin else actor.staff_prison_ids
    items = _gather(prison_ids=prison_ids, organisation_ids=None, filters=filters)
    _log(actor, items, AccessPurpose.PRISON_LISTS)
    return items


def service_requests(*, actor: Actor, filters: InboxFilters | None = None) -> list[InboxItem]:
    """What the actor's services asked the prisons (every service for coordinators and administrators)."""
    filters = filters or InboxFilters(state="")
    if not permissions.can_read_service_requests(actor):
        return []
    everyone = actor.is_admin or actor.is_coordinator
    organisation_ids = None if everyone else actor.service_organisation_ids
    items = _gather(prison_ids=None, organisation_ids=organisation_ids, filters=filters)
    if everyone and not actor.is_admin:
        # Coordinators read counts of people, not people: the list names no one for them.
        return [replace(item, person="", subject_ids=()) for item in items]
    _log(actor, items, AccessPurpose.REGISTRATION)
    return items
