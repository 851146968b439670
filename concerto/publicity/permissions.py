"""Who may print posters, flyers and weekly sheets.

They hold the public offer only (no room, no facilitator, no number of places, nothing about a
detainee), so everyone who works with the detainees may print them: prison staff for their
notice boards and rounds, coordinators and service staff for the units they serve, and
administrators. Partner facilitators run one activity and do not publicise the offer; they see
the same offer in the catalogue.
"""

from __future__ import annotations

from concerto.accounts.permissions import Actor


def can_print_publicity(actor: Actor) -> bool:
    return actor.is_admin or actor.is_coordinator or actor.is_service_staff or actor.is_prison_staff
