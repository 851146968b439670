"""The evaluation's rules: who decides, adjustments, facilitator reports, the link to the next edition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.evaluation import selectors, services
from concerto.evaluation.models import Decision, EditionEvaluation, EvaluationFollowUp
from concerto.evaluation.services import ReportData
from concerto.surveys.models import Campaign
from concerto.testing.factories import ActivityFactory, EditionFactory
from conftest import make_actor

from .conftest import evaluation_version

pytestmark = pytest.mark.django_db


def decide(user, edition, decision, adjustments="", assessment="Good group."):
    return services.evaluation_record(
        actor=make_actor(user), edition=edition, assessment=assessment, decision=decision, adjustments=adjustments
    )


# --- The decision --------------------------------------------------------------------------------


def test_adjust_is_refused_without_the_adjustments(workshop, coordinator):
    with pytest.raises(ValidationError) as refused:
        decide(coordinator, workshop.finished, Decision.ADJUST, adjustments="  ")

    assert "adjustments" in refused.value.error_dict
    assert not EditionEvaluation.objects.filter(edition=workshop.finished).exists()


def test_the_manager_prepares_but_only_a_coordinator_decides(workshop, manager, coordinator):
    prepared = services.evaluation_record(
        actor=make_actor(manager), edition=workshop.finished, assessment="Full every week."
    )
    assert (prepared.decision, prepared.prepared_by, prepared.decided_by) == ("", manager, None)

    with pytest.raises(PermissionDenied):
        decide(manager, workshop.finished, Decision.CONTINUE)

    decided = decide(coordinator, workshop.finished, Decision.CONTINUE, assessment="Full every week.")
    assert (decided.decision, decided.decided_by) == (Decision.CONTINUE, coordinator)
    # Once decided, the manager no longer rewrites the assessment.
    with pytest.raises(PermissionDenied):
        services.evaluation_record(actor=make_actor(manager), edition=workshop.finished, assessment="Changed.")


def test_workers_and_partners_do_not_evaluate(workshop, worker):
    for user in (worker, workshop.facilitator):
        with pytest.raises(PermissionDenied):
            services.evaluation_record(actor=make_actor(user), edition=workshop.finished, assessment="Mine.")


def test_no_decision_before_the_edition_is_over(workshop, coordinator):
    with pytest.raises(ValidationError) as refused:
        decide(coordinator, workshop.later, Decision.CONTINUE)

    assert "decision" in refused.value.error_dict


def test_history_keeps_every_decision_and_who_took_it(workshop, coordinator, member):
    other = member(Role.COORDINATOR, username="second-coordinator")
    decide(coordinator, workshop.finished, Decision.CONTINUE)
    evaluation = decide(other, workshop.finished, Decision.ADJUST, adjustments="Two sessions a week.")

    versions = list(evaluation.history.order_by("history_date").values_list("decision", "decided_by", "history_user"))
    assert versions == [
        (Decision.CONTINUE, coordinator.pk, coordinator.pk),
        (Decision.ADJUST, other.pk, other.pk),
    ]


def test_rewording_the_assessment_keeps_who_decided_and_when(workshop, coordinator, member):
    first = decide(coordinator, workshop.finished, Decision.STOP)
    admin = member(Role.ADMINISTRATOR, username="admin")

    again = decide(admin, workshop.finished, Decision.STOP, assessment="Better said.")

    assert (again.decided_by, again.decided_at, again.assessment) == (coordinator, first.decided_at, "Better said.")


# --- Facilitator reports -------------------------------------------------------------------------


def test_each_author_writes_one_report_and_partners_read_only_their_own(workshop, worker, manager):
    services.report_file(
        actor=make_actor(workshop.facilitator), edition=workshop.finished, data=ReportData("The group drew a lot.")
    )
    services.report_file(actor=make_actor(worker), edition=workshop.finished, data=ReportData("Good atmosphere."))
    rewritten = services.report_file(
        actor=make_actor(workshop.facilitator),
        edition=workshop.finished,
        data=ReportData("The group painted a lot.", incidents="Two sessions without water."),
    )

    assert workshop.finished.facilitator_reports.count() == 2
    assert rewritten.organisation == workshop.partner
    seen_by_partner = selectors.reports_for(actor=make_actor(workshop.facilitator), edition=workshop.finished)
    assert [r.what_worked for r in seen_by_partner] == ["The group painted a lot."]
    seen_by_manager = selectors.reports_for(actor=make_actor(manager), edition=workshop.finished)
    assert {r.what_worked for r in seen_by_manager} == {"The group painted a lot.", "Good atmosphere."}


def test_reports_are_written_by_those_who_ran_the_edition_once_it_began(workshop, member, other_service, coordinator):
    outsider = member(Role.SERVICE_WORKER, other_service)
    for user in (outsider, coordinator):
        with pytest.raises(PermissionDenied):
            services.report_file(actor=make_actor(user), edition=workshop.finished, data=ReportData("Hello."))
    with pytest.raises(ValidationError):
        services.report_file(actor=make_actor(workshop.facilitator), edition=workshop.later, data=ReportData("Soon."))
    with pytest.raises(ValidationError) as empty:
        services.report_file(actor=make_actor(workshop.facilitator), edition=workshop.finished, data=ReportData(" "))
    assert "what_worked" in empty.value.error_dict


# --- The next edition ----------------------------------------------------------------------------


def test_a_later_edition_links_to_the_evaluation_that_shaped_it(workshop, coordinator):
    evaluation = decide(coordinator, workshop.finished, Decision.ADJUST, adjustments="Shorter sessions.")

    link = services.follow_up_link(actor=make_actor(coordinator), evaluation=evaluation, edition=workshop.later)

    assert workshop.later.shaped_by == link
    steps = selectors.activity_loop(actor=make_actor(coordinator), activity=workshop.activity)
    assert [(s.edition, s.next_editions, s.shaped_by) for s in steps] == [
        (workshop.finished, [workshop.later], None),
        (workshop.later, [], evaluation),
    ]


@pytest.mark.parametrize("problem", ["undecided", "stop", "other_activity", "starts_before_the_end", "taken"])
def test_follow_up_links_that_break_the_rules_are_refused(workshop, coordinator, prison, problem):
    actor = make_actor(coordinator)
    later = workshop.later
    if problem == "undecided":
        evaluation = services.evaluation_record(actor=actor, edition=workshop.finished, assessment="Thinking.")
    else:
        decision = Decision.STOP if problem == "stop" else Decision.CONTINUE
        evaluation = decide(coordinator, workshop.finished, decision)
    if problem == "other_activity":
        later = EditionFactory(activity=ActivityFactory(), prison=prison, starts_on=workshop.later.starts_on)
    if problem == "starts_before_the_end":
        later = EditionFactory(
            activity=workshop.activity, prison=prison, starts_on=workshop.finished.ends_on, ends_on=timezone.localdate()
        )
    if problem == "taken":
        earlier = EditionFactory(
            activity=workshop.activity,
            prison=prison,
            starts_on=workshop.finished.starts_on - dt.timedelta(days=100),
            ends_on=workshop.finished.starts_on - dt.timedelta(days=50),
        )
        services.follow_up_link(actor=actor, evaluation=decide(coordinator, earlier, "continue"), edition=later)

    with pytest.raises(ValidationError) as refused:
        services.follow_up_link(actor=actor, evaluation=evaluation, edition=later)

    assert "edition" in refused.value.error_dict
    assert EvaluationFollowUp.objects.filter(evaluation=evaluation).count() == 0


def test_stopping_is_refused_while_a_later_edition_follows(workshop, coordinator, manager):
    evaluation = decide(coordinator, workshop.finished, Decision.CONTINUE)
    services.follow_up_link(actor=make_actor(manager), evaluation=evaluation, edition=workshop.later)

    with pytest.raises(ValidationError):
        decide(coordinator, workshop.finished, Decision.STOP)

    with pytest.raises(PermissionDenied):
        services.follow_up_link(actor=make_actor(workshop.facilitator), evaluation=evaluation, edition=workshop.later)


# --- The participant questionnaire ---------------------------------------------------------------


def test_the_manager_starts_the_participant_evaluation_once(workshop, manager, worker, service):
    version = evaluation_version(service, manager)
    start, end = services.default_answer_period(workshop.finished)

    with pytest.raises(PermissionDenied):
        services.participant_evaluation_start(
            actor=make_actor(worker), edition=workshop.finished, version=version, starts_on=start, ends_on=end
        )
    campaign = services.participant_evaluation_start(
        actor=make_actor(manager), edition=workshop.finished, version=version, starts_on=start, ends_on=end
    )
    with pytest.raises(ValidationError):
        services.participant_evaluation_start(
            actor=make_actor(manager), edition=workshop.finished, version=version, starts_on=start, ends_on=end
        )

    assert (campaign.edition, campaign.organisation, campaign.version) == (workshop.finished, service, version)
    assert list(campaign.units.all()) == [workshop.unit]
    assert Campaign.objects.filter(edition=workshop.finished).count() == 1
    assert services.edition_campaign(workshop.finished) == campaign
