"""Who may manage reference data: coordinators and administrators, the same rule for every kind."""

from __future__ import annotations

from concerto.accounts.permissions import Actor


def can_manage_reference_data(actor: Actor) -> bool:
    """Read the lists, create, change, archive and delete reference records."""
    return actor.is_authenticated and actor.may_manage_reference_data
