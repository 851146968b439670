"""Offers not answered in time, and people who leave the prison."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from concerto.attendance.models import ServiceNotice
from concerto.registrations import services
from concerto.registrations.models import Application, ApplicationStatus
from concerto.registrations.tasks import expire_offers
from concerto.registrations.tests.factories import EditionScreeningFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def full_edition(edition):
    EditionScreeningFactory(edition=edition, auto_offer=True, offer_response_days=3)
    edition.capacity = 1
    edition.save()
    return edition


def test_an_offer_past_its_deadline_goes_back_to_the_waiting_list_and_the_next_person_is_offered(
    full_edition, application, django_capture_on_commit_callbacks
):
    now = timezone.now()
    late = application(S.OFFERED, offer_expires_at=now - dt.timedelta(hours=1), priority=5)
    nxt = application(S.WAITING_LIST)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=now) == 1
    late.refresh_from_db()
    nxt.refresh_from_db()
    assert (late.status, late.offer_expires_at) == (S.WAITING_LIST, None)
    assert late.offer_lapsed_at is not None
    assert nxt.status == S.OFFERED
    assert "deadline" in late.history.first().history_change_reason


def test_offers_still_running_are_left_alone(full_edition, application):
    running = application(S.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(days=1))
    assert services.offers_expire() == 0
    running.refresh_from_db()
    assert running.status == S.OFFERED


def test_the_task_and_the_command_expire_offers(full_edition, application, capsys):
    late = application(S.OFFERED, offer_expires_at=timezone.now() - dt.timedelta(minutes=5))
    result = expire_offers.enqueue()
    assert result.return_value == 1
    assert Application.objects.get(pk=late.pk).status == S.WAITING_LIST
    call_command("expire_offers")
    assert "Offers expired: 0" in capsys.readouterr().out


def test_a_person_who_leaves_the_prison_leaves_every_open_application(
    edition, application, person, service, django_capture_on_commit_callbacks
):
    detainee = person()
    open_ones = [
        application(S.CONFIRMED, detainee=detainee),
        application(S.WAITING_LIST, detainee=detainee, edition=_another_edition(edition)),
    ]
    closed = application(S.REFUSED, detainee=detainee, edition=_another_edition(edition))
    waiting = application(S.WAITING_LIST)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.detainee_departed(detainee=detainee, kind="released", on=dt.date(2026, 12, 3))
    assert moved == 2
    assert [Application.objects.get(pk=a.pk).status for a in open_ones] == [S.RELEASED, S.RELEASED]
    assert Application.objects.get(pk=closed.pk).status == S.REFUSED
    # The place held is freed: the organiser is prompted to offer it to the waiting list.
    assert Application.objects.get(pk=waiting.pk).status == S.WAITING_LIST
    assert ServiceNotice.objects.filter(organisation=service, link__contains="/registrations/").exists()


def test_a_transfer_is_recorded_as_such_and_the_author_kept(edition, application, person, worker, worker_actor):
    detainee = person()
    app = application(S.IN_SCREENING, detainee=detainee)
    with translation.override("fr"):
        services.detainee_departed(detainee=detainee, kind="transferred", on=dt.date(2026, 12, 3), actor=worker_actor)
    app.refresh_from_db()
    assert app.status == S.TRANSFERRED
    assert app.history.first().history_user == worker
    assert "03/12/2026" in app.history.first().history_change_reason


def test_an_unknown_departure_kind_is_a_programming_error(person):
    with pytest.raises(ValueError, match="unknown departure"):
        services.detainee_departed(detainee=person(), kind="escaped", on=dt.date(2026, 12, 3))  # type: ignore[arg-type]


def _another_edition(edition):
    from concerto.testing.factories import EditionFactory

    return EditionFactory(activity=edition.activity, prison=edition.prison, units=list(edition.units.all()))
