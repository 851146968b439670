"""Who may read and write the evaluation of an edition.

- Administrators and coordinators read every evaluation, write it and take the decision
  (continue, adjust, stop); they link a later edition to it.
- Staff of the activity's organiser (service managers and workers) read everything of their
  editions and write their own facilitator report. The organiser's service manager starts the
  participant questionnaire (as ``surveys.permissions`` lets managers run their service's
  campaigns), may prepare the evaluation (the assessment) until a coordinator decides, and
  links a later edition once it is decided; the decision stays the coordinator's.
- Facilitators of the edition (partners, volunteers, any user in ``edition.facilitators``)
  write their own report and read the figures, the decision and their own report only.
- Prison staff and other services: nothing.

Reads of editions themselves are scoped first by ``catalogue.permissions.edition_visibility``
(an edition one may not read is a 404); these rules then decide between the page and a 403.
"""

from __future__ import annotations

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity, Edition

from .models import EditionEvaluation, FacilitatorReport


def organises(actor: Actor, activity: Activity) -> bool:
    """Service staff (manager or worker) of the activity's organiser."""
    return activity.organiser_id in actor.service_organisation_ids


def manages_organiser(actor: Actor, activity: Activity) -> bool:
    return activity.organiser_id in actor.managed_organisation_ids


def facilitates(actor: Actor, edition: Edition) -> bool:
    """Listed among the edition's facilitators (whatever their role)."""
    if actor.user_id is None:
        return False
    return edition.facilitators.filter(pk=actor.user_id).exists()


def can_decide(actor: Actor) -> bool:
    return actor.is_admin or actor.is_coordinator


def reads_everything(actor: Actor, edition: Edition) -> bool:
    """Every report, the assessment and the history: coordination and the organiser's staff."""
    return can_decide(actor) or organises(actor, edition.activity)


def can_read_evaluation(actor: Actor, edition: Edition) -> bool:
    return reads_everything(actor, edition) or facilitates(actor, edition)


def can_write_report(actor: Actor, edition: Edition) -> bool:
    return organises(actor, edition.activity) or facilitates(actor, edition)


def can_read_report(actor: Actor, report: FacilitatorReport) -> bool:
    """Partners and volunteers read their own report only."""
    return report.author_id == actor.user_id or reads_everything(actor, report.edition)


def can_prepare_evaluation(actor: Actor, edition: Edition, evaluation: EditionEvaluation | None) -> bool:
    """Write the assessment: coordinators always; the organiser's manager until the decision is taken."""
    if can_decide(actor):
        return True
    decided = evaluation is not None and evaluation.is_decided
    return manages_organiser(actor, edition.activity) and not decided


def can_start_participant_evaluation(actor: Actor, edition: Edition) -> bool:
    """Create the questionnaire campaign: those who run campaigns for the organiser (``surveys.permissions``)."""
    return can_decide(actor) or manages_organiser(actor, edition.activity)


def can_link_follow_up(actor: Actor, edition: Edition) -> bool:
    return can_decide(actor) or manages_organiser(actor, edition.activity)


def can_read_loop(actor: Actor, activity: Activity) -> bool:
    """The activity's evaluation history (edition → decision → next edition)."""
    return can_decide(actor) or organises(actor, activity)


def can_read_todo(actor: Actor) -> bool:
    """The list of finished editions awaiting a decision (managers: their own service's)."""
    return can_decide(actor) or bool(actor.managed_organisation_ids)
