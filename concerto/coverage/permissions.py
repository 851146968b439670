"""Who may read the coverage analysis, in one place.

- Administrators and coordinators: the whole analysis, with links to every edition's
  registrations (coordinators see counts there, not names).
- Service managers and workers: the same analysis (the offer is shared and every count of
  people is an aggregate, hidden below 5), but links to registrations only for the editions of
  their own organisations (as organiser or partner).
- Partner facilitators and prison staff: no access. The analysis is a coordination tool that
  compares the services' offer; facilitators see the editions they run and prison staff their
  prison's schedule elsewhere.
"""

from __future__ import annotations

from concerto.accounts.permissions import Actor
from concerto.coverage.analysis import EditionRow


def can_view_coverage(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.is_admin or actor.is_coordinator or actor.is_service_staff)


def can_follow_registrations(actor: Actor, edition: EditionRow) -> bool:
    """Whether the analysis links ``edition`` to its registrations page (waiting list) for ``actor``."""
    if actor.is_admin or actor.is_coordinator:
        return True
    return bool(edition.organisation_ids & actor.service_organisation_ids)
