"""Writes of the evaluation: the participant questionnaire, facilitator reports, the decision, the next edition.

Each service checks permission (``PermissionDenied``) and rules (``ValidationError`` keyed by
field name, shown next to the field by the forms), then writes in one transaction.
simple-history keeps every version of reports, evaluations and follow-up links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition
from concerto.core.translation import localised
from concerto.surveys import services as surveys
from concerto.surveys.models import Campaign, QuestionnairePurpose, QuestionnaireVersion, VersionStatus

from . import permissions
from .models import LEADS_TO_A_NEXT_EDITION, Decision, EditionEvaluation, EvaluationFollowUp, FacilitatorReport

# How long paper forms may come back after the last day, by default.
DEFAULT_ANSWER_DAYS = 21


def _history_user(actor: Actor) -> User | None:
    # simple-history reads ``_history_user`` when no request is at hand (tests, API, the demo).
    return User(pk=actor.user_id) if actor.user_id else None


def has_ended(edition: Edition, today: dt.date | None = None) -> bool:
    """Over: its last day is past."""
    return edition.ends_on < (today or timezone.localdate())


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --- The participant questionnaire ---------------------------------------------------------------


def edition_campaign(edition: Edition) -> Campaign | None:
    """The edition's participant evaluation: the one the evaluation names, else the latest one."""
    evaluation = EditionEvaluation.objects.filter(edition=edition).select_related("campaign").first()
    if evaluation is not None and evaluation.campaign is not None:
        return evaluation.campaign
    return Campaign.objects.filter(edition=edition).order_by("-starts_on", "-pk").first()


def evaluation_versions() -> list[QuestionnaireVersion]:
    """Published versions of participant-evaluation questionnaires, the newest first."""
    return list(
        QuestionnaireVersion.objects.filter(
            status=VersionStatus.PUBLISHED, questionnaire__purpose=QuestionnairePurpose.EVALUATION
        )
        .select_related("questionnaire")
        .order_by("questionnaire__name", "-number")
    )


def default_answer_period(edition: Edition) -> tuple[dt.date, dt.date]:
    """From the last session's day (at the latest today) to three weeks after the last day."""
    last = edition.sessions.filter(status="scheduled").order_by("-starts_at").values_list("starts_at", flat=True)
    last_day = timezone.localtime(last[0]).date() if last else edition.ends_on
    starts_on = min(last_day, max(timezone.localdate(), edition.starts_on))
    return starts_on, max(edition.ends_on, starts_on) + dt.timedelta(days=DEFAULT_ANSWER_DAYS)


def campaign_name(edition: Edition, language: str | None = None) -> str:
    title = localised(edition.activity, "title", language).text
    return _("Participant evaluation · %(title)s · %(start)s–%(end)s") % {
        "title": title,
        "start": _day(edition.starts_on),
        "end": _day(edition.ends_on),
    }


def campaign_names(edition: Edition) -> dict[str, str]:
    """The evaluation campaign's name in French (``name``), Dutch and English, each with the activity's title in it."""
    names = {}
    for field, language in (("name", "fr"), ("name_nl", "nl"), ("name_en", "en")):
        with translation.override(language):
            names[field] = campaign_name(edition, language)
    return names


@transaction.atomic
def participant_evaluation_start(
    *,
    actor: Actor,
    edition: Edition,
    version: QuestionnaireVersion,
    starts_on: dt.date,
    ends_on: dt.date,
) -> Campaign:
    """Create the edition's participant-evaluation campaign (paper now, the kiosk later).

    Refuses (PermissionDenied) anyone but coordinators and the organiser's staff; refuses
    (ValidationError) a version that is not a published evaluation questionnaire, a period
    that ends before it starts, and a second campaign for the same edition. The campaign is
    created by ``surveys.services.campaign_create``, so the surveys' own rules apply too.
    """
    actor.require(permissions.can_start_participant_evaluation(actor, edition))
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    errors: dict[str, list[str]] = {}
    if version.status != VersionStatus.PUBLISHED or version.questionnaire.purpose != QuestionnairePurpose.EVALUATION:
        errors.setdefault("version", []).append(
            _("Choose a published version of a participant-evaluation questionnaire.")
        )
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The last day comes before the first day."))
    if Campaign.objects.filter(edition=edition).exists():
        errors.setdefault("__all__", []).append(_("The participant evaluation of this edition has already started."))
    if errors:
        raise ValidationError(errors)
    campaign = _campaign_create(actor=actor, edition=edition, version=version, starts_on=starts_on, ends_on=ends_on)
    evaluation = EditionEvaluation.objects.filter(edition=edition).first()
    if evaluation is not None and evaluation.campaign_id is None:
        evaluation.campaign = campaign
        evaluation._history_user = _history_user(actor)  # type: ignore[attr-defined]
        evaluation.save(update_fields=["campaign", "updated_at"])
    return campaign


def _campaign_create(
    *, actor: Actor, edition: Edition, version: QuestionnaireVersion, starts_on: dt.date, ends_on: dt.date
) -> Campaign:
    """Through the surveys service: its rules on who runs campaigns and with which version apply too."""
    return surveys.campaign_create(
        actor=actor,
        data={
            **campaign_names(edition),
            "version": version,
            "organisation": edition.activity.organiser,
            "prison": edition.prison,
            "edition": edition,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "target_groups": list(edition.activity.target_groups.all()),
            "units": list(edition.units.all()),
        },
    )


# --- Facilitator reports -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportData:
    what_worked: str
    incidents: str = ""
    suggestions: str = ""


def _author_organisation(actor: Actor, edition: Edition) -> int | None:
    """The organiser for its staff; else the facilitator's partner organisation of the activity, else theirs."""
    activity = edition.activity
    if permissions.organises(actor, activity):
        return activity.organiser_id
    own = set(actor.roles_by_organisation)
    partners = set(activity.partners.values_list("pk", flat=True))
    preferred = sorted(own & partners) or sorted(actor.organisations_with(Role.PARTNER_FACILITATOR)) or sorted(own)
    return preferred[0] if preferred else None


@transaction.atomic
def report_file(*, actor: Actor, edition: Edition, data: ReportData) -> FacilitatorReport:
    """Write or rewrite the actor's own report on the edition (one per author).

    Refuses (PermissionDenied) anyone who neither facilitates the edition nor works for its
    organiser; refuses (ValidationError) an edition that has not begun, an empty "what
    worked", and an author without an organisation.
    """
    user_id = actor.user_id
    if user_id is None or not permissions.can_write_report(actor, edition):
        raise PermissionDenied(_("Only those who ran this edition write its reports."))
    errors: dict[str, list[str]] = {}
    if edition.starts_on > timezone.localdate():
        errors.setdefault("__all__", []).append(
            _("The edition begins on %(day)s: its report can be written once it has begun.")
            % {"day": _day(edition.starts_on)}
        )
    if not data.what_worked.strip():
        errors.setdefault("what_worked", []).append(_("Say in a few words what worked."))
    organisation_id = _author_organisation(actor, edition)
    if organisation_id is None:
        errors.setdefault("__all__", []).append(_("Your account belongs to no organisation: ask an administrator."))
    if errors or organisation_id is None:
        raise ValidationError(errors)
    report = FacilitatorReport.objects.filter(edition=edition, author_id=user_id).first()
    if report is None:
        report = FacilitatorReport(edition=edition, author_id=user_id)
    report.organisation_id = organisation_id
    report.what_worked = data.what_worked.strip()
    report.incidents = data.incidents.strip()
    report.suggestions = data.suggestions.strip()
    report._history_user = _history_user(actor)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # two tabs of the same author at once
        raise ValidationError(_("Your report was saved meanwhile from elsewhere: open it again.")) from error
    return report


# --- The evaluation and its decision -------------------------------------------------------------


def decision_only_by_coordinators_message() -> str:
    return _("Only a coordinator takes the decision; you may prepare the assessment.")


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    edition: Edition,
    assessment: str,
    decision: str = "",
    adjustments: str = "",
) -> EditionEvaluation:
    """Write the evaluation of an edition: the assessment and, for coordinators, the decision.

    The organiser's service manager prepares (assessment only, until a decision is taken);
    coordinators and administrators decide. Refuses (PermissionDenied) a decision by anyone
    else, and (ValidationError) a decision before the edition is over, "adjust" without the
    adjustments, and stopping (or withdrawing the decision) while a later edition is linked as
    shaped by it. The decider and the date change only when the decision or the adjustments do.
    """
    # The edition's row serialises two first saves of its evaluation (one per edition).
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    evaluation = EditionEvaluation.objects.select_for_update().filter(edition=edition).first()
    actor.require(permissions.can_prepare_evaluation(actor, edition, evaluation))
    previous_decision = evaluation.decision if evaluation else ""
    previous_adjustments = evaluation.adjustments if evaluation else ""
    decision = decision or ""
    adjustments = adjustments.strip()
    deciding = decision != previous_decision or (bool(decision) and adjustments != previous_adjustments)
    actor.require(
        permissions.can_decide(actor) or not (decision or adjustments), decision_only_by_coordinators_message()
    )
    errors: dict[str, list[str]] = {}
    if decision and decision not in Decision.values:
        errors.setdefault("decision", []).append(_("Choose continue, adjust or stop."))
    if decision and not has_ended(edition):
        errors.setdefault("decision", []).append(
            _("The edition ends on %(day)s: the decision is taken once it is over.") % {"day": _day(edition.ends_on)}
        )
    if decision == Decision.ADJUST and not adjustments:
        errors.setdefault("adjustments", []).append(_("Say which adjustments the next edition needs."))
    if evaluation is not None and decision not in LEADS_TO_A_NEXT_EDITION and evaluation.follow_ups.exists():
        errors.setdefault("decision", []).append(
            _("A later edition is linked as shaped by this evaluation: remove that link first.")
        )
    if errors:
        raise ValidationError(errors)
    if evaluation is None:
        evaluation = EditionEvaluation(edition=edition, campaign=edition_campaign(edition))
    evaluation.assessment = assessment.strip()
    if permissions.can_decide(actor):
        evaluation.decision = decision
        evaluation.adjustments = adjustments
        if not decision:
            evaluation.decided_by_id, evaluation.decided_at = None, None
        elif deciding:
            evaluation.decided_by_id, evaluation.decided_at = actor.user_id, timezone.now()
    if not evaluation.is_decided:
        evaluation.prepared_by_id = actor.user_id
    if evaluation.campaign_id is None:
        evaluation.campaign = edition_campaign(edition)
    evaluation._history_user = _history_user(actor)  # type: ignore[attr-defined]
    evaluation.save()
    return evaluation


# --- The next edition ----------------------------------------------------------------------------


@transaction.atomic
def follow_up_link(*, actor: Actor, evaluation: EditionEvaluation, edition: Edition) -> EvaluationFollowUp:
    """Record that ``edition`` (later, same activity) was shaped by ``evaluation``.

    Refuses (PermissionDenied) anyone but coordinators and the organiser's manager; refuses
    (ValidationError, on "edition") an evaluation not decided or decided "stop", another
    activity's edition, an edition that starts before the evaluated one ended, and an edition
    already shaped by an evaluation.
    """
    evaluated = evaluation.edition
    actor.require(permissions.can_link_follow_up(actor, evaluated))
    evaluation = EditionEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    message = ""
    if evaluation.decision not in LEADS_TO_A_NEXT_EDITION:
        message = (
            _("The evaluation decided to stop: no later edition follows from it.")
            if evaluation.decision == Decision.STOP
            else _("Take the decision first: a later edition follows from a decision to continue or adjust.")
        )
    elif edition.activity_id != evaluated.activity_id:
        message = _("Only an edition of the same activity can follow from this evaluation.")
    elif edition.starts_on <= evaluated.ends_on:
        message = _(
            "The evaluated edition ended on %(end)s; the next one must start after that day (this one starts on "
            "%(start)s)."
        ) % {"end": _day(evaluated.ends_on), "start": _day(edition.starts_on)}
    elif EvaluationFollowUp.objects.filter(edition=edition).exists():
        message = _("This edition is already linked to an evaluation.")
    if message:
        raise ValidationError({"edition": [message]})
    follow_up = EvaluationFollowUp(evaluation=evaluation, edition=edition, linked_by_id=actor.user_id)
    follow_up._history_user = _history_user(actor)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            follow_up.save()
    except IntegrityError as error:
        raise ValidationError({"edition": [_("This edition is already linked to an evaluation.")]}) from error
    return follow_up


@transaction.atomic
def follow_up_unlink(*, actor: Actor, follow_up: EvaluationFollowUp) -> None:
    """Remove the link (a mistake); simple-history keeps that it existed."""
    actor.require(permissions.can_link_follow_up(actor, follow_up.evaluation.edition))
    follow_up._history_user = _history_user(actor)  # type: ignore[attr-defined]
    follow_up.delete()
