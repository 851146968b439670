"""The evaluation pages: live figures from attendance, small counts, the decision form, the to-do list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance, AttendanceStatus
from concerto.evaluation import services
from concerto.evaluation.models import Decision, EditionEvaluation
from concerto.surveys import services as surveys
from concerto.surveys.services import AnswerInput, ResponseData
from concerto.testing.factories import EditionFactory
from conftest import make_actor

from .conftest import evaluation_version, held_session, participants

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(user, edition):
    response = client_for(user).get(f"/en/evaluation/editions/{edition.pk}/")
    assert response.status_code == 200
    return response


def test_figures_are_counted_live_from_attendance(workshop, coordinator):
    people = participants(workshop.finished, 6)
    sessions = [held_session(workshop.finished, days) for days in (30, 20)]
    held_session(workshop.finished, 25, status="cancelled")
    for session in sessions:
        for person in people:
            Attendance.objects.create(session=session, application=person, status=AttendanceStatus.PRESENT)
    absent = Attendance.objects.get(session=sessions[1], application=people[0])

    stats = page_of(coordinator, workshop.finished).context["page"].statistics
    assert (stats.participants, stats.rate, stats.sessions_held) == (6, 100, 2)

    # A sheet corrected afterwards shows at once: nothing was stored.
    absent.status = AttendanceStatus.ABSENT
    absent.save()
    response = page_of(coordinator, workshop.finished)
    assert response.context["page"].statistics.rate == 92  # 11 of 12
    assert response.context["page"].sessions_cancelled == 1
    assert "92&nbsp;%" in response.content.decode()


def test_small_counts_are_hidden_with_the_rate(workshop, manager):
    people = participants(workshop.finished, 3)
    session = held_session(workshop.finished, 20)
    for person in people:
        Attendance.objects.create(session=session, application=person, status=AttendanceStatus.PRESENT)

    response = page_of(manager, workshop.finished)

    stats = response.context["page"].statistics
    assert (stats.participants, stats.rate) == (None, None)
    assert '<span class="stat-value">&lt; 5</span> participants' in response.content.decode()


def test_the_coordinator_decides_on_the_page_and_the_form_says_what_is_missing(workshop, coordinator):
    client = client_for(coordinator)
    url = f"/en/evaluation/editions/{workshop.finished.pk}/evaluate/"

    refused = client.post(url, {"assessment": "Too long.", "decision": "adjust", "adjustments": ""})
    assert refused.status_code == 200
    assert "error-summary" in refused.content.decode()
    assert "Say which adjustments the next edition needs." in refused.content.decode()

    saved = client.post(url, {"assessment": "Too long.", "decision": "adjust", "adjustments": "Eight sessions."})
    assert saved.status_code == 302
    evaluation = EditionEvaluation.objects.get(edition=workshop.finished)
    assert (evaluation.decision, evaluation.adjustments, evaluation.decided_by) == (
        "adjust",
        "Eight sessions.",
        coordinator,
    )

    page = page_of(coordinator, workshop.finished).content.decode()
    assert "Eight sessions." in page
    assert "Continue with adjustments" in page


def test_the_manager_form_has_no_decision(workshop, manager):
    response = client_for(manager).get(f"/en/evaluation/editions/{workshop.finished.pk}/evaluate/")

    assert response.status_code == 200
    assert "decision" not in response.context["form"].fields
    assert 'name="decision"' not in response.content.decode()


def test_the_partner_sees_the_decision_and_own_report_but_not_the_assessment(workshop, coordinator, worker):
    services.report_file(actor=make_actor(worker), edition=workshop.finished, data=services.ReportData("Staff view."))
    services.report_file(
        actor=make_actor(workshop.facilitator), edition=workshop.finished, data=services.ReportData("Volunteer view.")
    )
    services.evaluation_record(
        actor=make_actor(coordinator),
        edition=workshop.finished,
        assessment="Internal assessment.",
        decision=Decision.ADJUST,
        adjustments="Smaller group.",
    )

    page = page_of(workshop.facilitator, workshop.finished).content.decode()

    assert "Volunteer view." in page
    assert "Smaller group." in page
    assert "Staff view." not in page
    assert "Internal assessment." not in page


def test_prison_staff_and_other_services_are_refused(workshop, member, other_service, prison):
    from concerto.testing.factories import OrganisationFactory

    administration = OrganisationFactory(kind="prison_administration", prison=prison)
    for user in (member(Role.SERVICE_WORKER, other_service), member(Role.PRISON_STAFF, administration)):
        assert client_for(user).get(f"/en/evaluation/editions/{workshop.finished.pk}/").status_code == 403


def test_the_later_edition_page_names_the_evaluation_that_shaped_it(workshop, coordinator, member, other_service):
    evaluation = services.evaluation_record(
        actor=make_actor(coordinator),
        edition=workshop.finished,
        assessment="",
        decision=Decision.ADJUST,
        adjustments="Smaller group.",
    )
    client = client_for(coordinator)
    linked = client.post(
        f"/en/evaluation/editions/{workshop.finished.pk}/next-edition/", {"edition": workshop.later.pk}
    )
    assert linked.status_code == 302
    assert workshop.later.shaped_by.evaluation == evaluation

    page = client.get(f"/en/catalogue/editions/{workshop.later.pk}/").content.decode()
    assert "Shaped by the evaluation of the edition of" in page
    assert f"/en/evaluation/editions/{workshop.finished.pk}/" in page
    assert "Smaller group." in page
    # The later edition's facilitators read the adjustments they are to apply.
    facilitator_page = client_for(workshop.facilitator).get(f"/en/catalogue/editions/{workshop.later.pk}/")
    assert "Smaller group." in facilitator_page.content.decode()
    # Someone who may not read the evaluation sees the fact, without the link.
    outsider = client_for(member(Role.SERVICE_WORKER, other_service))
    page = outsider.get(f"/en/catalogue/editions/{workshop.later.pk}/").content.decode()
    assert "Shaped by the evaluation of the edition of" in page
    assert f"/en/evaluation/editions/{workshop.finished.pk}/" not in page
    assert "Smaller group." not in page


def test_the_to_do_lists_finished_editions_without_a_decision(workshop, coordinator, manager, member, prison):
    decided = EditionFactory(
        activity=workshop.activity,
        prison=prison,
        starts_on=timezone.localdate() - dt.timedelta(days=200),
        ends_on=timezone.localdate() - dt.timedelta(days=150),
    )
    services.evaluation_record(actor=make_actor(coordinator), edition=decided, assessment="", decision="stop")
    elsewhere = EditionFactory(
        prison=prison,
        starts_on=timezone.localdate() - dt.timedelta(days=90),
        ends_on=timezone.localdate() - dt.timedelta(days=2),
    )

    listed = list(client_for(coordinator).get("/en/evaluation/").context["page"].object_list)
    assert listed == [elsewhere, workshop.finished]  # most recently ended first; not decided, not running
    # A manager sees their own service's editions only.
    listed = list(client_for(manager).get("/en/evaluation/").context["page"].object_list)
    assert listed == [workshop.finished]


def test_participant_answers_are_summarised_once_there_are_enough(workshop, manager, worker, service):
    version = evaluation_version(service, manager)
    start, end = services.default_answer_period(workshop.finished)
    client = client_for(manager)
    started = client.post(
        f"/en/evaluation/editions/{workshop.finished.pk}/participant-evaluation/",
        {"version": version.pk, "starts_on": start.isoformat(), "ends_on": end.isoformat()},
    )
    assert started.status_code == 302
    campaign = services.edition_campaign(workshop.finished)
    liked, again = version.sections.get().questions.order_by("position")
    yes = again.options.get(code="yes")

    def answer(number: int, value: int) -> None:
        surveys.response_record(
            actor=make_actor(worker),
            campaign=campaign,
            data=ResponseData(
                language="fr",
                paper_number=str(number),
                unit=workshop.unit,
                answers={liked.pk: AnswerInput(value=value), again.pk: AnswerInput(options=[yes.pk])},
            ),
        )

    for number, value in enumerate([5, 4, 4], start=1):
        answer(number, value)
    few = client.get(f"/en/evaluation/editions/{workshop.finished.pk}/")
    assert few.context["page"].participant_evaluation.results is None
    assert "Fewer than 5 forms" in few.content.decode()

    for number, value in enumerate([3, 4], start=4):
        answer(number, value)
    enough = client.get(f"/en/evaluation/editions/{workshop.finished.pk}/")
    results = enough.context["page"].participant_evaluation.results
    assert results.responses == 5
    assert "mean 4.0 (from 1 to 5)" in enough.content.decode()
