"""Permission matrix entries for the design workspace (activity proposals).

World: the coordination has a proposal open for comments (read and commented on by every
service) and another one to accept; APO (the service manager's organisation) has two drafts,
one read and edited, one to open for comments. Partner facilitators and prison staff never
enter the workspace.
"""

from __future__ import annotations

from concerto.organisations.models import Organisation
from concerto.proposals.models import ActivityProposal, ProposalStatus
from tests.test_permission_matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, REDIRECT, Case, World, everyone, only

WORKSPACE = {"administrator", "coordinator", "service_manager", "service_worker", "other_service_worker"}
DRAFTERS = {"administrator", "coordinator", "service_manager"}
DECIDERS = {"administrator", "coordinator"}
APO_STAFF = {"administrator", "service_manager", "service_worker"}
OUTSIDERS = {"partner_facilitator": FORBIDDEN, "prison_staff": FORBIDDEN, "privacy_officer": FORBIDDEN}


def _proposal(world: World, organisation_id: int, status: str, title: str) -> int:
    proposal = ActivityProposal.objects.create(
        title_fr=title,
        prison_id=world.prison_id,
        category_id=world.category_id,
        organisation_id=organisation_id,
        status=status,
    )
    proposal.target_groups.set([world.target_group_id])
    proposal.languages.set([world.language_id])
    if status == ProposalStatus.OPEN:
        proposal.opened_at = proposal.created_at
        proposal.save(update_fields=["opened_at"])
    return proposal.pk


def build(world: World) -> None:
    coordination = Organisation.objects.get(name="Coordination").pk
    world.extra.update(
        proposal_open=_proposal(world, coordination, ProposalStatus.OPEN, "Cours d'arabe"),
        proposal_to_accept=_proposal(world, coordination, ProposalStatus.OPEN, "Atelier d'écriture"),
        proposal_draft=_proposal(world, world.organisation_id, ProposalStatus.DRAFT, "Projet APO"),
        proposal_to_open=_proposal(world, world.organisation_id, ProposalStatus.DRAFT, "Autre projet APO"),
    )


def cases() -> list[Case]:
    fr = "/fr/proposals"
    open_ = lambda w: f"{fr}/{w.extra['proposal_open']}/"  # noqa: E731 - small table entries
    draft = lambda w: f"{fr}/{w.extra['proposal_draft']}/"  # noqa: E731
    to_accept = lambda w: f"{fr}/{w.extra['proposal_to_accept']}/"  # noqa: E731
    return [
        Case("proposals:list", lambda w: f"{fr}/", only(WORKSPACE)),
        Case("proposals:list", lambda w: f"{fr}/?status=open&prison={w.prison_id}", only(WORKSPACE)),
        Case("proposals:create", lambda w: f"{fr}/new/", only(DRAFTERS)),
        # Drafted from a gap; bad values are ignored, never an error.
        Case(
            "proposals:create",
            lambda w: f"{fr}/new/?category={w.category_id}&unit=abc&language=zz&finding=Aucune+offre",
            only(DRAFTERS),
        ),
        # An empty form: those who may draft see its errors, the others a refusal.
        Case("proposals:create", lambda w: f"{fr}/new/", only(DRAFTERS), "post", {}),
        Case("proposals:detail", open_, only(WORKSPACE)),
        # A draft is its organisation's until it is opened for comments.
        Case("proposals:detail", draft, {**only(APO_STAFF, no=NOT_FOUND), **OUTSIDERS}),
        Case("proposals:update", lambda w: f"{open_(w)}edit/", only(DECIDERS)),
        Case(
            "proposals:update",
            lambda w: f"{draft(w)}edit/",
            {**only({"administrator", "service_manager"}, no=NOT_FOUND), "service_worker": FORBIDDEN, **OUTSIDERS},
        ),
        Case("proposals:history", lambda w: f"{open_(w)}history/", only(WORKSPACE)),
        Case("proposals:change_status", lambda w: f"{draft(w)}status/", everyone(NOT_ALLOWED)),
        Case(
            "proposals:change_status",
            lambda w: f"{fr}/{w.extra['proposal_to_open']}/status/",
            {
                **only({"administrator", "service_manager"}, yes=REDIRECT, no=NOT_FOUND),
                "service_worker": FORBIDDEN,
                **OUTSIDERS,
            },
            "post",
            {"to_status": "open"},
        ),
        Case("proposals:accept", lambda w: f"{to_accept(w)}accept/", only(DECIDERS)),
        Case(
            "proposals:accept",
            lambda w: f"{to_accept(w)}accept/",
            only(DECIDERS, yes=REDIRECT),
            "post",
            lambda w: {"organiser": w.organisation_id},
        ),
        Case("proposals:comment", lambda w: f"{open_(w)}comments/", everyone(NOT_ALLOWED)),
        Case(
            "proposals:comment",
            lambda w: f"{open_(w)}comments/",
            only(WORKSPACE, yes=REDIRECT),
            "post",
            {"text": "Nous pourrions prêter un local."},
        ),
        Case("proposals:detail", lambda w: f"{fr}/999999/", {**only(set(), no=NOT_FOUND), **OUTSIDERS}),
    ]
