"""Who reads which requests to the prison, and who answers them."""

from __future__ import annotations

from concerto.accounts.permissions import Actor


def can_read_prison_inbox(actor: Actor) -> bool:
    """The prison's inbox: its own staff (their prisons only), and administrators (every prison)."""
    return actor.is_admin or actor.is_prison_staff


def can_read_service_requests(actor: Actor) -> bool:
    """What a service asked the prison, and the answers: its staff, coordinators (every service), administrators."""
    return actor.is_admin or actor.is_coordinator or actor.is_service_staff
