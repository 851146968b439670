"""Who may draft, read, comment on and decide activity proposals, in one place.

- Administrators: everything.
- Coordinators draft proposals for their coordination body, open them for comments, accept
  (choosing the organiser of the resulting activity) or decline any open proposal.
- Service managers draft proposals for their organisation and open them for comments; the
  decision stays with the coordination.
- Service staff (managers and workers) of any organisation read the proposals that were opened
  for comments and comment on those still open.
- A draft is read only by the staff of its organisation (and its author) until it is opened.
- Partner facilitators and prison staff do not use the design workspace.
"""

from __future__ import annotations

from django.db.models import Q

from concerto.accounts.models import Role
from concerto.accounts.permissions import Actor
from concerto.proposals.models import ActivityProposal, ProposalStatus

P = ProposalStatus
DRAFTING_ROLES = (Role.COORDINATOR, Role.SERVICE_MANAGER)
WORKSPACE_ROLES = (Role.COORDINATOR, Role.SERVICE_MANAGER, Role.SERVICE_WORKER, Role.ADMINISTRATOR)


def can_use_workspace(actor: Actor) -> bool:
    """Open the proposals list (its content is then scoped)."""
    return actor.is_authenticated and (actor.is_admin or actor.is_coordinator or actor.is_service_staff)


def drafting_organisation_ids(actor: Actor) -> frozenset[int]:
    """Organisations ``actor`` drafts proposals for (administrators: see ``can_draft_for``)."""
    return actor.organisations_with(*DRAFTING_ROLES)


def can_draft(actor: Actor) -> bool:
    return actor.is_admin or bool(drafting_organisation_ids(actor))


def can_draft_for(actor: Actor, organisation_id: int) -> bool:
    return actor.is_admin or organisation_id in drafting_organisation_ids(actor)


def proposal_visibility(actor: Actor) -> Q:
    """A filter on ActivityProposal keeping what ``actor`` may read."""
    if not can_use_workspace(actor):
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    own = actor.organisations_with(*WORKSPACE_ROLES)
    return Q(opened_at__isnull=False) | Q(organisation_id__in=own) | Q(author_id=actor.user_id)


def can_edit(actor: Actor, proposal: ActivityProposal) -> bool:
    """Change the texts and choices of a proposal still being written (draft or open)."""
    return proposal.is_editable and can_draft_for(actor, proposal.organisation_id)


def can_decide(actor: Actor) -> bool:
    """Accept or decline: the coordination's decision."""
    return actor.is_admin or actor.is_coordinator


def can_move(actor: Actor, proposal: ActivityProposal, to_status: str) -> bool:
    """Whether ``actor``'s role allows this move (PROPOSAL_TRANSITIONS must allow it too)."""
    if to_status in (P.ACCEPTED, P.DECLINED):
        return can_decide(actor)
    return can_draft_for(actor, proposal.organisation_id)


def can_comment(actor: Actor, proposal: ActivityProposal) -> bool:
    if proposal.status != P.OPEN or not can_use_workspace(actor):
        return False
    organisations = commenting_organisation_ids(actor)
    return organisations is None or bool(organisations)


def commenting_organisation_ids(actor: Actor) -> frozenset[int] | None:
    """The organisations ``actor`` may comment in the name of; ``None``: any (an administrator without one)."""
    own = actor.organisations_with(*WORKSPACE_ROLES)
    if not own and actor.is_admin:
        return None
    return own
