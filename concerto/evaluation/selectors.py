"""Reads of the evaluation, scoped to the acting user.

Editions are found through ``catalogue.selectors`` (an edition one may not read is a 404);
``permissions`` then decides between the page and a 403. Participation figures come live from
attendance (``attendance.selectors.edition_statistics``), with counts below the minimum hidden,
so nothing here is a stored counter. Nothing read here names a detainee: figures are
aggregated and reports hold no personal data by design.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.attendance.selectors import EditionStatistics, edition_statistics
from concerto.catalogue import selectors as catalogue
from concerto.catalogue.models import Activity, ActivityStatus, Edition, SessionStatus
from concerto.catalogue.permissions import can_manage_editions, edition_visibility
from concerto.core.history import HistoryEntry, history_of
from concerto.privacy.services import safe_count
from concerto.surveys import analysis
from concerto.surveys import permissions as surveys_permissions
from concerto.surveys.models import Campaign, Response

from . import permissions
from .models import LEADS_TO_A_NEXT_EDITION, EditionEvaluation, EvaluationFollowUp, FacilitatorReport
from .services import edition_campaign, has_ended


def edition_for_evaluation(*, actor: Actor, pk: int) -> Edition:
    """An edition whose evaluation ``actor`` may read: 404 when the edition is hidden, 403 when the evaluation is."""
    edition = catalogue.edition_get(actor=actor, pk=pk)
    actor.require(permissions.can_read_evaluation(actor, edition))
    return edition


def evaluation_of(edition: Edition) -> EditionEvaluation | None:
    return (
        EditionEvaluation.objects.filter(edition=edition)
        .select_related("decided_by", "prepared_by", "campaign")
        .first()
    )


@dataclass
class ParticipantEvaluation:
    """The participant questionnaire of an edition: its campaign, how many answered, the results if readable."""

    campaign: Campaign | None
    responses: int | None  # None: fewer than the minimum (shown as "< 5")
    results: analysis.Results | None = None  # for readers of the campaign's results


@dataclass
class EvaluationPage:
    edition: Edition
    evaluation: EditionEvaluation | None
    statistics: EditionStatistics
    sessions_planned: int
    sessions_cancelled: int
    participant_evaluation: ParticipantEvaluation
    reports: list[FacilitatorReport]
    own_report: FacilitatorReport | None
    follow_ups: list[EvaluationFollowUp]
    shaped_by: EvaluationFollowUp | None
    history: list[HistoryEntry]
    has_ended: bool
    reads_everything: bool
    may_write_report: bool
    may_prepare: bool
    may_decide: bool
    may_start_participant_evaluation: bool
    may_link_follow_up: bool
    may_plan_next_edition: bool
    follow_up_candidates: list[Edition] = field(default_factory=list)


def participant_evaluation(*, actor: Actor, edition: Edition) -> ParticipantEvaluation:
    """The edition's questionnaire campaign, its number of forms, and (for those who may read them) its results.

    Results come from ``surveys.analysis`` without the free texts (they are read on the
    campaign's results page), with its small-count rule.
    """
    campaign = edition_campaign(edition)
    if campaign is None:
        return ParticipantEvaluation(campaign=None, responses=0)
    responses = safe_count(Response.objects.filter(campaign=campaign).count())
    results = None
    if responses and permissions.reads_everything(actor, edition) and _sees_campaign(actor, campaign):
        results = analysis.results(campaign, texts=False)
    return ParticipantEvaluation(campaign=campaign, responses=responses, results=results)


def _sees_campaign(actor: Actor, campaign: Campaign) -> bool:
    """The surveys' own rule: whoever sees the campaign reads its results."""
    return Campaign.objects.filter(surveys_permissions.campaign_visibility(actor), pk=campaign.pk).exists()


def reports_for(*, actor: Actor, edition: Edition) -> list[FacilitatorReport]:
    """Every report for coordination and the organiser's staff; one's own report for the others."""
    reports = FacilitatorReport.objects.filter(edition=edition).select_related("author", "organisation")
    if not permissions.reads_everything(actor, edition):
        reports = reports.filter(author_id=actor.user_id)
    return list(reports.order_by("created_at", "pk"))


def follow_up_candidates(*, actor: Actor, edition: Edition) -> list[Edition]:
    """Editions of the same activity that start after ``edition`` ended and follow no evaluation yet."""
    return list(
        Edition.objects.filter(
            pk__in=Edition.objects.filter(edition_visibility(actor), activity_id=edition.activity_id).values("pk"),
            starts_on__gt=edition.ends_on,
            shaped_by__isnull=True,
        )
        .select_related("prison")
        .order_by("starts_on", "pk")
    )


def evaluation_page(*, actor: Actor, edition: Edition, today: dt.date | None = None) -> EvaluationPage:
    """Everything the evaluation page shows ``actor`` about ``edition``."""
    actor.require(permissions.can_read_evaluation(actor, edition))
    evaluation = evaluation_of(edition)
    everything = permissions.reads_everything(actor, edition)
    reports = reports_for(actor=actor, edition=edition)
    sessions = edition.sessions.aggregate(
        planned=Count("pk"), cancelled=Count("pk", filter=~Q(status=SessionStatus.SCHEDULED))
    )
    follow_ups = (
        list(evaluation.follow_ups.select_related("edition__prison", "linked_by").order_by("edition__starts_on"))
        if evaluation
        else []
    )
    shaped_by = (
        EvaluationFollowUp.objects.filter(edition=edition)
        .select_related("evaluation__edition", "evaluation__decided_by")
        .first()
    )
    ended = has_ended(edition, today)
    may_link = (
        permissions.can_link_follow_up(actor, edition)
        and evaluation is not None
        and evaluation.decision in LEADS_TO_A_NEXT_EDITION
    )
    return EvaluationPage(
        edition=edition,
        evaluation=evaluation,
        statistics=edition_statistics(edition=edition),
        sessions_planned=sessions["planned"],
        sessions_cancelled=sessions["cancelled"],
        participant_evaluation=participant_evaluation(actor=actor, edition=edition),
        reports=reports,
        own_report=next((r for r in reports if r.author_id == actor.user_id), None),
        follow_ups=follow_ups,
        shaped_by=shaped_by,
        history=history_of(evaluation, limit=50) if evaluation is not None and everything else [],
        has_ended=ended,
        reads_everything=everything,
        may_write_report=permissions.can_write_report(actor, edition),
        may_prepare=permissions.can_prepare_evaluation(actor, edition, evaluation),
        may_decide=permissions.can_decide(actor),
        may_start_participant_evaluation=permissions.can_start_participant_evaluation(actor, edition),
        may_link_follow_up=may_link,
        may_plan_next_edition=may_link and can_manage_editions(actor, edition.activity),
        follow_up_candidates=follow_up_candidates(actor=actor, edition=edition) if may_link else [],
    )


def evaluation_for_follow_up(*, actor: Actor, edition: Edition) -> EditionEvaluation:
    """The decided evaluation a later edition may follow from; 404 when there is none yet."""
    return get_object_or_404(EditionEvaluation.objects.select_related("edition__activity"), edition=edition)


def follow_up_get(*, actor: Actor, pk: int) -> EvaluationFollowUp:
    """One follow-up link whose evaluated edition ``actor`` may read."""
    visible = Edition.objects.filter(edition_visibility(actor)).values("pk")
    return get_object_or_404(
        EvaluationFollowUp.objects.select_related("evaluation__edition__activity", "edition").filter(
            evaluation__edition_id__in=visible
        ),
        pk=pk,
    )


# --- The to-do list ------------------------------------------------------------------------------


def awaiting_evaluation(*, actor: Actor, today: dt.date | None = None) -> QuerySet[Edition]:
    """Editions over and without a decision, the most recently ended first.

    Coordinators and administrators see every non-draft activity's; a service manager, their
    services' editions only. Each row knows its number of reports, whether the participant
    evaluation started and whether a manager prepared the assessment.
    """
    actor.require(permissions.can_read_todo(actor))
    today = today or timezone.localdate()
    editions = Edition.objects.filter(
        pk__in=Edition.objects.filter(edition_visibility(actor)).values("pk"),
        ends_on__lt=today,
    ).exclude(activity__status=ActivityStatus.DRAFT)
    if not permissions.can_decide(actor):
        editions = editions.filter(activity__organiser_id__in=actor.managed_organisation_ids)
    decided = EditionEvaluation.objects.filter(edition=OuterRef("pk")).exclude(decision="")
    prepared = EditionEvaluation.objects.filter(edition=OuterRef("pk"), decision="").exclude(assessment="")
    return (
        editions.exclude(Exists(decided))
        .select_related("activity__organiser", "prison")
        .annotate(
            report_count=Count("facilitator_reports", distinct=True),
            has_campaign=Exists(Campaign.objects.filter(edition=OuterRef("pk"))),
            is_prepared=Exists(prepared),
        )
        .order_by("-ends_on", "pk")
    )


# --- The activity's loop -------------------------------------------------------------------------


@dataclass
class LoopStep:
    """One edition of the activity, its evaluation, and the editions it shaped."""

    edition: Edition
    evaluation: EditionEvaluation | None
    shaped_by: EditionEvaluation | None
    next_editions: list[Edition]
    has_ended: bool


def activity_loop(*, actor: Actor, activity: Activity, today: dt.date | None = None) -> list[LoopStep]:
    """The activity's editions in order, each with its evaluation, its decision and what it shaped."""
    actor.require(permissions.can_read_loop(actor, activity))
    editions = list(catalogue.edition_list_for_activity(actor=actor, activity=activity))
    ids = [edition.pk for edition in editions]
    evaluations = {
        e.edition_id: e for e in EditionEvaluation.objects.filter(edition_id__in=ids).select_related("decided_by")
    }
    links = list(EvaluationFollowUp.objects.filter(evaluation__edition_id__in=ids).select_related("evaluation"))
    by_id = {edition.pk: edition for edition in editions}
    shaped_by = {link.edition_id: link.evaluation for link in links}
    following: dict[int, list[Edition]] = {}
    for link in links:
        if link.edition_id in by_id:
            following.setdefault(link.evaluation.edition_id, []).append(by_id[link.edition_id])
    return [
        LoopStep(
            edition=edition,
            evaluation=evaluations.get(edition.pk),
            shaped_by=shaped_by.get(edition.pk),
            next_editions=following.get(edition.pk, []),
            has_ended=has_ended(edition, today),
        )
        for edition in editions
    ]


def activity_for_loop(*, actor: Actor, pk: int) -> Activity:
    activity = catalogue.activity_get(actor=actor, pk=pk)
    actor.require(permissions.can_read_loop(actor, activity))
    return activity


# --- For the home pages (bounded lists of work to do) --------------------------------------------


def reports_to_write(*, actor: Actor, today: dt.date | None = None) -> QuerySet[Edition]:
    """Editions ``actor`` facilitates that are over and undecided, without their report; the latest first."""
    if actor.user_id is None:
        return Edition.objects.none()
    today = today or timezone.localdate()
    own_report = FacilitatorReport.objects.filter(edition=OuterRef("pk"), author_id=actor.user_id)
    decided = EditionEvaluation.objects.filter(edition=OuterRef("pk")).exclude(decision="")
    return (
        Edition.objects.filter(
            pk__in=Edition.objects.filter(facilitators__id=actor.user_id).values("pk"), ends_on__lt=today
        )
        .exclude(Exists(own_report))
        .exclude(Exists(decided))
        .select_related("activity", "prison")
        .order_by("-ends_on", "pk")
    )
