"""Recording applications: who, how, when; one application per person and edition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from concerto.catalogue.models import ActivityStatus
from concerto.detainees.models import PresenceStatus
from concerto.privacy.models import PersonalDataAccess
from concerto.registrations import services
from concerto.registrations.models import Application, ApplicationSource, ApplicationStatus
from concerto.testing.factories import ActivityFactory, DetaineeFactory, EditionFactory, PrisonFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db


def a_week_ago() -> dt.date:
    """A recent past day (applications are never dated ahead), by the suite's clock."""
    return timezone.localdate() - dt.timedelta(days=7)


def record(actor, detainee, edition, **extra):
    extra.setdefault("source", ApplicationSource.PAPER)
    extra.setdefault("applied_on", a_week_ago())
    return services.application_create(actor=actor, detainee=detainee, edition=edition, **extra)


def test_a_paper_slip_is_recorded_with_its_source_date_and_author(worker, worker_actor, service, edition, person):
    application = record(worker_actor, person(), edition)
    assert application.status == ApplicationStatus.APPLIED
    assert application.source == ApplicationSource.PAPER
    assert application.applied_on == a_week_ago()
    assert application.recorded_by == worker
    assert application.recorded_for == service
    assert application.history.get().history_user == worker
    assert PersonalDataAccess.objects.filter(
        user=worker, action="create", subject_type="detainees.detainee", subject_id=application.detainee_id
    ).exists()


def test_a_second_application_of_the_same_person_to_the_same_edition_is_refused_with_the_reason(
    worker_actor, edition, person
):
    detainee = person()
    record(worker_actor, detainee, edition)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        record(worker_actor, detainee, edition, applied_on=a_week_ago() - dt.timedelta(days=1))
    message = error.value.message_dict["detainee"][0]
    assert "already applied to this edition" in message
    assert "Applied" in message
    assert Application.objects.filter(detainee=detainee).count() == 1


def test_a_simultaneous_duplicate_caught_by_the_database_gets_the_same_clear_reason(
    worker_actor, edition, person, monkeypatch
):
    detainee = person()
    record(worker_actor, detainee, edition)
    # The other request passed the check before this one committed: only the unique constraint sees it.
    real_filter = Application.objects.filter
    calls = {"n": 0}

    def first_lookup_misses(*args, **kwargs):
        calls["n"] += 1
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if calls["n"] == 1 else queryset

    monkeypatch.setattr(Application.objects, "filter", first_lookup_misses)
    with pytest.raises(ValidationError) as error:
        record(worker_actor, detainee, edition)
    assert "detainee" in error.value.message_dict
    monkeypatch.undo()
    assert Application.objects.filter(detainee=detainee).count() == 1


def test_a_referral_by_another_service_is_recorded_for_that_service(other_worker, other_service, edition, person):
    # A service sees the list of the prisons where it works, i.e. where it runs an edition too.
    EditionFactory(activity=ActivityFactory(organiser=other_service), prison=edition.prison)
    application = record(
        make_actor(other_worker),
        person(),
        edition,
        source=ApplicationSource.SERVICE_REFERRAL,
        referred_by=other_service,
    )
    assert application.recorded_for == other_service
    assert application.referred_by == other_service


def test_a_referral_by_a_service_must_say_which(worker_actor, edition, person):
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(), edition, source=ApplicationSource.SERVICE_REFERRAL)
    assert "referred_by" in error.value.message_dict


@pytest.mark.parametrize("status", [ActivityStatus.DRAFT, ActivityStatus.PROPOSED, ActivityStatus.ARCHIVED])
def test_editions_of_unpublished_activities_take_no_application(worker_actor, service, prison, unit, person, status):
    edition = EditionFactory(activity=ActivityFactory(organiser=service, status=status), prison=prison, units=[unit])
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(), edition)
    assert "edition" in error.value.message_dict


def test_a_person_of_another_prison_cannot_apply(worker_actor, edition, member, service):
    elsewhere = DetaineeFactory(prison=PrisonFactory(code="saint-gilles", name_fr="Saint-Gilles"))
    with pytest.raises(PermissionDenied):  # the service does not even see that prison's list
        record(worker_actor, elsewhere, edition)
    administrator = make_actor(member("administrator", service))
    with pytest.raises(ValidationError) as error:
        record(administrator, elsewhere, edition)
    assert "detainee" in error.value.message_dict


@pytest.mark.parametrize("presence", [PresenceStatus.RELEASED, PresenceStatus.TRANSFERRED])
def test_a_person_who_left_the_prison_cannot_apply(worker_actor, edition, person, presence):
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(presence=presence), edition)
    assert "detainee" in error.value.message_dict


def test_an_anonymised_record_cannot_apply(worker_actor, edition, person):
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(anonymised_at=timezone.now()), edition)
    assert "detainee" in error.value.message_dict


def test_an_application_date_in_the_future_is_refused(worker_actor, edition, person):
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(), edition, applied_on=timezone.localdate() + dt.timedelta(days=1))
    assert "applied_on" in error.value.message_dict


def test_a_service_worker_records_only_for_their_own_services(worker_actor, edition, person, other_service):
    with pytest.raises(ValidationError) as error:
        record(worker_actor, person(), edition, recorded_for=other_service)
    assert "recorded_for" in error.value.message_dict


@pytest.mark.parametrize("role", ["coordinator", "prison_staff", "partner_facilitator"])
def test_only_service_staff_record_applications(role, member, edition, person, prison):
    from concerto.organisations.models import Organisation
    from concerto.testing.factories import OrganisationFactory

    organisation = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    actor = make_actor(member(role, organisation))
    with pytest.raises(PermissionDenied):
        record(actor, person(), edition)


def test_the_unique_constraint_backs_the_rule(edition, person):
    detainee = person()
    Application.objects.create(detainee=detainee, edition=edition, source="paper", applied_on=a_week_ago())
    with pytest.raises(IntegrityError):
        Application.objects.create(detainee=detainee, edition=edition, source="paper", applied_on=a_week_ago())
