"""Who may build questionnaires, run survey campaigns and type in answers. The rules are written here once.

- Administrators and coordinators build every questionnaire and run every campaign (needs
  surveys are the coordinators' first step).
- Service managers build the evaluation questionnaires of their organisation and run the
  campaigns of their organisation; they may also use the published evaluation questionnaires
  shared by others (a common evaluation form).
- Service staff (managers and workers) of a campaign's organisation type in its answers, and so
  do coordinators and administrators. Service staff see the campaigns of their organisation.
- Partner facilitators and prison staff: no access.

Nobody reads who answered here: answers are anonymous unless the version says otherwise, and
then only the scoped detainee selectors give a person (see ``services.response_record``).
"""

from __future__ import annotations

from django.db.models import Q

from concerto.accounts.permissions import Actor

from .models import Campaign, Questionnaire, QuestionnairePurpose, VersionStatus


def can_use_surveys(actor: Actor) -> bool:
    """Whether the survey pages open at all (what they list is then scoped)."""
    return actor.is_admin or actor.is_coordinator or actor.is_service_staff


def builds_everything(actor: Actor) -> bool:
    return actor.is_admin or actor.is_coordinator


def can_build_questionnaires(actor: Actor) -> bool:
    """Whether the actor may create questionnaires at all (coordinators, administrators, service managers)."""
    return builds_everything(actor) or bool(actor.managed_organisation_ids)


def purposes_for(actor: Actor) -> list[str]:
    """The purposes of the questionnaires the actor may create."""
    if builds_everything(actor):
        return [QuestionnairePurpose.NEEDS, QuestionnairePurpose.EVALUATION]
    if actor.managed_organisation_ids:
        return [QuestionnairePurpose.EVALUATION]
    return []


def can_build(actor: Actor, questionnaire: Questionnaire) -> bool:
    """Edit the drafts of this questionnaire, publish them, start new versions."""
    if builds_everything(actor):
        return True
    return (
        questionnaire.purpose == QuestionnairePurpose.EVALUATION
        and questionnaire.organisation_id in actor.managed_organisation_ids
    )


def questionnaire_visibility(actor: Actor) -> Q:
    """A filter on Questionnaire: those the actor may open (builders only)."""
    if not actor.is_authenticated or not can_build_questionnaires(actor):
        return Q(pk__in=[])
    if builds_everything(actor):
        return Q()
    shared = Q(purpose=QuestionnairePurpose.EVALUATION, versions__status=VersionStatus.PUBLISHED)
    return Q(organisation_id__in=actor.managed_organisation_ids) | shared


def can_run_campaigns(actor: Actor) -> bool:
    """Whether the actor may create campaigns at all."""
    return builds_everything(actor) or bool(actor.managed_organisation_ids)


def campaign_organisation_ids(actor: Actor) -> frozenset[int] | None:
    """The organisations a new campaign of ``actor`` may belong to; None: any organisation."""
    if builds_everything(actor):
        return None
    return actor.managed_organisation_ids


def can_use_version_for_campaign(actor: Actor, questionnaire: Questionnaire) -> bool:
    """Needs questionnaires are the coordinators'; service managers run evaluations."""
    if builds_everything(actor):
        return True
    return bool(actor.managed_organisation_ids) and questionnaire.purpose == QuestionnairePurpose.EVALUATION


def can_manage_campaign(actor: Actor, campaign: Campaign) -> bool:
    """Change the campaign's name, period, target groups and units."""
    if builds_everything(actor):
        return True
    return campaign.organisation_id in actor.managed_organisation_ids


def campaign_visibility(actor: Actor) -> Q:
    """A filter on Campaign: those the actor sees (and whose answers service staff type in)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if builds_everything(actor):
        return Q()
    if actor.is_service_staff:
        return Q(organisation_id__in=actor.service_organisation_ids)
    return Q(pk__in=[])


def can_enter_responses(actor: Actor, campaign: Campaign) -> bool:
    """Type in paper forms (or record any other channel's answers) for this campaign."""
    if builds_everything(actor):
        return True
    return campaign.organisation_id in actor.service_organisation_ids
