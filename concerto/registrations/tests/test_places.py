"""Places, decisions, the waiting list and its promotion when a place is freed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from concerto.attendance.models import ServiceNotice
from concerto.registrations import selectors, services
from concerto.registrations.models import Application, ApplicationStatus
from concerto.registrations.tests.factories import EditionScreeningFactory, RefusalReasonFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def statuses(*applications):
    return [Application.objects.get(pk=a.pk).status for a in applications]


def test_places_are_counted_from_live_rows(edition, application, manager_actor):
    confirmed = application(S.CONFIRMED)
    application(S.OFFERED)
    application(S.WAITING_LIST)
    application(S.WITHDRAWN)
    assert selectors.edition_places(edition) == (2, 3, 1)
    services.application_move(actor=manager_actor, application=confirmed, to_status=S.WITHDRAWN)
    assert selectors.edition_places(edition) == (1, 3, 2)


def test_a_confirmation_beyond_capacity_is_refused_and_says_what_to_do(edition, application, manager_actor):
    for _ in range(3):
        application(S.CONFIRMED)
    late = application(S.ACCEPTED)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.application_move(actor=manager_actor, application=late, to_status=S.CONFIRMED)
    assert error.value.messages == ["No place left: 3 of 3 taken; put the person on the waiting list."]
    assert statuses(late) == [S.ACCEPTED]
    assert selectors.edition_places(edition).taken == 3


def test_moving_between_place_taking_statuses_needs_no_free_place(edition, application, manager_actor):
    application(S.CONFIRMED)
    application(S.CONFIRMED)
    offered = application(S.OFFERED)
    moved = services.application_move(actor=manager_actor, application=offered, to_status=S.CONFIRMED)
    assert moved.status == S.CONFIRMED
    assert moved.offer_expires_at is None


def test_accepting_offers_a_free_place_with_a_deadline(edition, application, manager_actor):
    EditionScreeningFactory(edition=edition, offer_response_days=5)
    app = application(S.APPLIED)
    before = timezone.now()
    decided = services.application_decide(actor=manager_actor, application=app, decision="accept")
    assert decided.status == S.OFFERED
    assert before + dt.timedelta(days=5) <= decided.offer_expires_at <= timezone.now() + dt.timedelta(days=5)
    steps = [entry.status for entry in decided.history.order_by("history_id")]
    assert steps == [S.APPLIED, S.IN_SCREENING, S.ACCEPTED, S.OFFERED]


def test_second_applicant_goes_to_waiting_list_when_the_edition_is_full(edition, application, manager_actor):
    edition.capacity = 1
    edition.save()
    first, second = application(S.IN_SCREENING), application(S.IN_SCREENING)
    assert services.application_decide(actor=manager_actor, application=first, decision="accept").status == S.OFFERED
    assert services.application_decide(actor=manager_actor, application=second, decision="accept").status == (
        S.WAITING_LIST
    )


def test_people_already_waiting_keep_their_turn_when_a_place_is_free(edition, application, manager_actor):
    application(S.CONFIRMED)
    application(S.CONFIRMED)
    application(S.WAITING_LIST)  # one place is free, and this person waits for it
    newcomer = application(S.IN_SCREENING)
    decided = services.application_decide(actor=manager_actor, application=newcomer, decision="accept")
    assert decided.status == S.WAITING_LIST


def test_refusing_needs_a_reason_from_the_list(application, manager_actor):
    app = application(S.IN_SCREENING)
    with pytest.raises(ValidationError) as error:
        services.application_decide(actor=manager_actor, application=app, decision="refuse")
    assert "refusal_reason" in error.value.message_dict
    reason = RefusalReasonFactory(code="criteria")
    refused = services.application_decide(
        actor=manager_actor, application=app, decision="refuse", refusal_reason=reason
    )
    assert (refused.status, refused.refusal_reason) == (S.REFUSED, reason)


def test_an_unknown_decision_is_refused(application, manager_actor):
    with pytest.raises(ValidationError) as error:
        services.application_decide(actor=manager_actor, application=application(), decision="maybe")  # type: ignore[arg-type]
    assert "decision" in error.value.message_dict


def test_the_waiting_list_is_ordered_by_priority_then_date(edition, application, worker_actor):
    late_urgent = application(S.WAITING_LIST, priority=5, applied_on=dt.date(2026, 11, 20))
    early = application(S.WAITING_LIST, priority=0, applied_on=dt.date(2026, 11, 1))
    late = application(S.WAITING_LIST, priority=0, applied_on=dt.date(2026, 11, 10))
    same_day = application(S.WAITING_LIST, priority=0, applied_on=dt.date(2026, 11, 10))
    listed = list(selectors.waiting_list(actor=worker_actor, edition=edition))
    assert listed == [late_urgent, early, late, same_day]


def test_a_freed_place_is_offered_automatically_to_the_next_person(
    edition, application, manager_actor, django_capture_on_commit_callbacks
):
    EditionScreeningFactory(edition=edition, auto_offer=True, offer_response_days=2)
    edition.capacity = 1
    edition.save()
    leaving = application(S.CONFIRMED)
    second = application(S.WAITING_LIST, priority=0, applied_on=dt.date(2026, 11, 1))
    first = application(S.WAITING_LIST, priority=3, applied_on=dt.date(2026, 11, 15))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=manager_actor, application=leaving, to_status=S.WITHDRAWN)
    first.refresh_from_db()
    assert first.status == S.OFFERED
    assert first.offer_expires_at > timezone.now() + dt.timedelta(days=1)
    assert statuses(second) == [S.WAITING_LIST]
    assert first.history.first().history_user is None  # offered by Concerto itself


def test_without_automatic_offers_staff_are_prompted_to_offer_the_freed_place(
    edition, application, manager_actor, service, django_capture_on_commit_callbacks
):
    edition.capacity = 1
    edition.save()
    leaving = application(S.OFFERED)
    waiting = application(S.WAITING_LIST)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=manager_actor, application=leaving, to_status=S.WITHDRAWN)
    assert statuses(waiting) == [S.WAITING_LIST]
    assert ServiceNotice.objects.filter(
        organisation=service, link__endswith=f"/registrations/editions/{edition.pk}/"
    ).exists()


def test_nobody_is_prompted_when_nobody_waits(edition, application, manager_actor, django_capture_on_commit_callbacks):
    leaving = application(S.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=manager_actor, application=leaving, to_status=S.WITHDRAWN)
    assert not ServiceNotice.objects.filter(link__contains="/registrations/").exists()


def test_a_person_who_let_an_offer_lapse_is_not_offered_again_automatically(
    edition, application, manager_actor, django_capture_on_commit_callbacks
):
    EditionScreeningFactory(edition=edition, auto_offer=True)
    edition.capacity = 1
    edition.save()
    offered = application(S.OFFERED, priority=9)
    nxt = application(S.WAITING_LIST, priority=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=manager_actor, application=offered, to_status=S.WAITING_LIST)
    offered.refresh_from_db()
    assert offered.status == S.WAITING_LIST
    assert offered.offer_lapsed_at is not None
    assert statuses(nxt) == [S.OFFERED]
    # Staff may still offer a place by hand, which clears the mark.
    services.application_move(actor=manager_actor, application=nxt, to_status=S.WITHDRAWN)
    again = services.application_move(actor=manager_actor, application=offered, to_status=S.OFFERED)
    assert again.offer_lapsed_at is None


def test_a_withdrawal_of_a_participant_asks_their_service_for_a_feedback_interview(
    edition, application, manager_actor, service, django_capture_on_commit_callbacks
):
    leaving = application(S.CONFIRMED, recorded_for=service)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=manager_actor, application=leaving, to_status=S.WITHDRAWN)
    assert ServiceNotice.objects.filter(organisation=service, link__contains=str(leaving.pk)).exists()


def test_the_referring_service_may_withdraw_but_not_decide(application, other_worker, other_service, edition):
    app = application(S.IN_SCREENING, recorded_for=other_service)
    actor = make_actor(other_worker)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=actor, application=app, decision="accept")
    with pytest.raises(PermissionDenied):
        services.application_move(actor=actor, application=app, to_status=S.ACCEPTED)
    assert services.application_move(actor=actor, application=app, to_status=S.WITHDRAWN).status == S.WITHDRAWN


def test_another_organisation_cannot_move_an_application(application, other_worker):
    with pytest.raises(PermissionDenied):
        services.application_move(actor=make_actor(other_worker), application=application(), to_status=S.WITHDRAWN)
