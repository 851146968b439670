"""Writes of the design workspace. Each service checks permission and rules, then writes in one transaction.

Services raise ``PermissionDenied`` when the actor may not act and ``ValidationError`` (keyed by
field name, which the forms show next to the field) when the data breaks a rule. A proposal's
status changes only here, along PROPOSAL_TRANSITIONS.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from concerto.accounts.models import Role
from concerto.accounts.permissions import Actor
from concerto.catalogue import services as catalogue
from concerto.catalogue.models import Activity
from concerto.core.translation import localised
from concerto.organisations.models import Organisation
from concerto.proposals import permissions
from concerto.proposals.models import PROPOSAL_TRANSITIONS, ActivityProposal, ProposalComment, ProposalStatus

P = ProposalStatus
TEXT_LANGUAGES = ("fr", "nl", "en")  # the model's columns
TRANSLATED_FIELDS = tuple(
    f"{name}_{code}" for name in ("title", "objectives", "description") for code in TEXT_LANGUAGES
)
M2M_FIELDS = ("units", "target_groups", "languages")
DATA_FIELDS = (
    *TRANSLATED_FIELDS,
    "prison",
    "category",
    "partners_sought",
    "resources_needed",
    "organisation",
    *M2M_FIELDS,
)
# Who may organise the activity that comes out of a proposal: not a coordination body, not the prison.
ORGANISER_KINDS = (
    Organisation.Kind.JUSTICE_AID_SERVICE,
    Organisation.Kind.PARTNER,
    Organisation.Kind.EDUCATION_CENTRE,
    Organisation.Kind.OTHER,
)
MAX_COMMENT_LENGTH = 4000


def status_label(status: str) -> str:
    try:
        return str(P(status).label)
    except ValueError:
        return status


def organiser_candidates() -> Any:
    return Organisation.objects.filter(is_active=True, kind__in=ORGANISER_KINDS).order_by("name")


def _check_data(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not any((data.get(f"title_{code}") or "").strip() for code in TEXT_LANGUAGES):
        errors["title_fr"] = [_("Give the title in at least one language.")]
    if not data.get("target_groups"):
        errors["target_groups"] = [_("Choose at least one target group.")]
    if not data.get("languages"):
        errors["languages"] = [_("Choose at least one language of delivery.")]
    prison = data.get("prison")
    strangers = [unit for unit in data.get("units") or [] if prison is None or unit.prison_id != prison.pk]
    if strangers:
        errors["units"] = [_("Choose units of the proposal's prison.")]
    if errors:
        raise ValidationError(errors)


def _save(proposal: ActivityProposal, data: dict[str, Any]) -> ActivityProposal:
    for name in DATA_FIELDS:
        if name in data and name not in M2M_FIELDS:
            setattr(proposal, name, data[name])
    proposal.full_clean()
    proposal.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(proposal, name).set(list(data[name]))
    return proposal


@transaction.atomic
def proposal_create(
    *, actor: Actor, data: dict[str, Any], finding: str = "", origin: dict[str, Any] | None = None
) -> ActivityProposal:
    """Draft a proposal for ``data["organisation"]``, remembering the finding it came from.

    Fails with PermissionDenied when the actor does not draft for that organisation, and with
    ValidationError when a title, a target group or a language is missing, or a unit is not
    in the proposal's prison.
    """
    organisation: Organisation = data["organisation"]
    actor.require(
        permissions.can_draft_for(actor, organisation.pk),
        _("You can only draft proposals for your own organisation."),
    )
    _check_data(data)
    proposal = ActivityProposal(
        author_id=actor.user_id, status=P.DRAFT, finding=finding.strip()[:500], origin=dict(origin or {})
    )
    return _save(proposal, data)


@transaction.atomic
def proposal_update(*, actor: Actor, proposal: ActivityProposal, data: dict[str, Any]) -> ActivityProposal:
    """Change a proposal still being written (draft or open for comments).

    Fails with PermissionDenied for readers who do not draft for its organisation, or once it
    is decided or withdrawn, and with ValidationError like ``proposal_create``.
    """
    proposal = ActivityProposal.objects.select_for_update().get(pk=proposal.pk)
    actor.require(permissions.can_edit(actor, proposal))
    new_organisation = data.get("organisation")
    if new_organisation is not None and new_organisation.pk != proposal.organisation_id:
        actor.require(
            permissions.can_draft_for(actor, new_organisation.pk),
            _("You can only draft proposals for your own organisation."),
        )
    merged = {
        **{name: getattr(proposal, name) for name in TRANSLATED_FIELDS},
        "prison": proposal.prison,
        "units": list(proposal.units.all()),
        "target_groups": list(proposal.target_groups.all()),
        "languages": list(proposal.languages.all()),
        **data,
    }
    _check_data(merged)
    return _save(proposal, data)


def _check_move(actor: Actor, proposal: ActivityProposal, to_status: str) -> None:
    if to_status not in PROPOSAL_TRANSITIONS.get(proposal.status, frozenset()):
        raise ValidationError(
            _("A proposal cannot go from “%(from)s” to “%(to)s”.")
            % {"from": status_label(proposal.status), "to": status_label(to_status)}
        )
    actor.require(
        permissions.can_move(actor, proposal, to_status),
        _("Your role does not allow moving this proposal to “%(to)s”.") % {"to": status_label(to_status)},
    )


def _record_move(proposal: ActivityProposal, to_status: str, note: str) -> None:
    now = timezone.now()
    proposal.status = to_status
    fields = ["status", "updated_at"]
    if to_status == P.OPEN and proposal.opened_at is None:
        proposal.opened_at = now
        fields.append("opened_at")
    if to_status in (P.ACCEPTED, P.DECLINED):
        proposal.decided_at = now
        proposal.decision_note = note.strip()[:300]
        fields += ["decided_at", "decision_note"]
    proposal.save(update_fields=fields)
    if note.strip():
        update_change_reason(proposal, note.strip()[:100])


@transaction.atomic
def proposal_change_status(
    *, actor: Actor, proposal: ActivityProposal, to_status: str, note: str = ""
) -> ActivityProposal:
    """Open a draft for comments, withdraw it, or decline an open proposal.

    Accepting needs an organiser: see ``proposal_accept``. Fails with ValidationError when the
    move is not one of PROPOSAL_TRANSITIONS (or is an acceptance), and with PermissionDenied
    when the actor's role may not make it (only coordinators decline).
    """
    proposal = ActivityProposal.objects.select_for_update().get(pk=proposal.pk)
    if to_status == P.ACCEPTED:
        raise ValidationError(_("To accept a proposal, choose the organisation that will run the activity."))
    _check_move(actor, proposal, to_status)
    _record_move(proposal, to_status, note)
    return proposal


def _on_behalf_of(actor: Actor, organiser: Organisation) -> Actor:
    """The actor that creates the draft activity: the coordinator, acting for the organiser only.

    Accepting a proposal is the coordination's decision to hand it to an organisation; the
    catalogue creates activities only for organisations the actor writes for, so the draft
    is created as the organiser's, with no other right added.
    """
    if actor.is_admin:
        return actor
    return Actor(user_id=actor.user_id, roles_by_organisation={organiser.pk: frozenset({Role.SERVICE_WORKER})})


def _acceptance_notice(proposal: ActivityProposal, activity: Activity) -> None:
    # Imported here: the notices belong to the attendance side, which builds on the catalogue.
    from concerto.attendance.services import notice_send

    def message() -> str:
        return _(
            "The proposal “%(title)s” was accepted and handed to your organisation as a draft activity: "
            "complete it and propose it for publication."
        ) % {"title": localised(proposal, "title").text}

    notice_send(activity.organiser_id, message, reverse("catalogue:activity_detail", args=[activity.pk]))


@transaction.atomic
def proposal_accept(*, actor: Actor, proposal: ActivityProposal, organiser: Organisation, note: str = "") -> Activity:
    """Accept an open proposal: create the catalogue activity (a draft of ``organiser``) from it.

    The activity takes the proposal's titles, objectives, descriptions, category, target groups
    and languages; its organiser then completes it and moves it along draft → proposed →
    published in the catalogue, and is told by a notice. Fails with ValidationError when the
    proposal is not open or the organiser cannot run activities, and with PermissionDenied for
    anyone but coordinators and administrators.
    """
    proposal = ActivityProposal.objects.select_for_update().get(pk=proposal.pk)
    _check_move(actor, proposal, P.ACCEPTED)
    if not organiser.is_active or organiser.kind not in ORGANISER_KINDS:
        raise ValidationError({"organiser": [_("Choose an organisation that runs activities.")]})
    data: dict[str, Any] = {name: getattr(proposal, name) for name in TRANSLATED_FIELDS}
    data.update(
        category=proposal.category,
        target_groups=list(proposal.target_groups.all()),
        languages=list(proposal.languages.all()),
        organiser=organiser,
    )
    activity = catalogue.activity_create(actor=_on_behalf_of(actor, organiser), data=data)
    proposal.activity = activity
    proposal.save(update_fields=["activity"])
    _record_move(proposal, P.ACCEPTED, note)
    transaction.on_commit(lambda: _acceptance_notice(proposal, activity))
    return activity


@transaction.atomic
def proposal_comment_add(
    *, actor: Actor, proposal: ActivityProposal, organisation: Organisation, text: str
) -> ProposalComment:
    """Comment on a proposal open for comments, in the name of one of the actor's organisations.

    Fails with PermissionDenied when the proposal is not open for comments or the actor does not
    belong to ``organisation``, and with ValidationError when the text is empty or too long.
    """
    actor.require(
        permissions.can_comment(actor, proposal), _("Comments are taken while a proposal is open for comments.")
    )
    allowed = permissions.commenting_organisation_ids(actor)
    actor.require(
        allowed is None or organisation.pk in allowed, _("You can only comment in the name of your organisation.")
    )
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write your comment.")]})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"text": [_("Keep the comment under %(count)d characters.") % {"count": MAX_COMMENT_LENGTH}]}
        )
    return ProposalComment.objects.create(
        proposal=proposal, author_id=actor.user_id, organisation=organisation, text=text
    )
