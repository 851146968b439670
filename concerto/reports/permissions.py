"""Who may read the yearly activity report, and whose figures.

- Administrators and coordinators: every organisation's figures, filtered as they choose.
- Service managers and workers: their own organisations' figures only (as organiser or
  partner organisation of the activities).
- Partner facilitators and prison staff: no report.
- The texts of the report's sections: written by coordinators and administrators; read by
  everyone who reads the report they belong to.

The report holds no personal data: counts of people below the minimum are hidden.
"""

from __future__ import annotations

from concerto.accounts.permissions import Actor


def can_read_reports(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.is_admin or actor.is_coordinator or actor.is_service_staff)


def organisation_scope(actor: Actor) -> frozenset[int] | None:
    """The organisations whose figures ``actor`` reads; ``None``: all of them."""
    if actor.is_admin or actor.is_coordinator:
        return None
    return actor.service_organisation_ids


def can_write_texts(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.is_admin or actor.is_coordinator)
