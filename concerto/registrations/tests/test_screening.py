"""Automatic screening checks, screening criteria, checklist answers and requests to the prison."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from concerto.catalogue.scheduling import aware
from concerto.registrations import services
from concerto.registrations.models import ApplicationStatus, PrisonRequest
from concerto.registrations.screening import FAIL, PASS, WARNING
from concerto.registrations.tests.factories import EditionScreeningFactory
from concerto.testing.factories import (
    ActivityFactory,
    EditionFactory,
    LanguageFactory,
    SessionFactory,
    UnitFactory,
    target_group,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def outcomes(application) -> dict[str, str]:
    with translation.override("en"):
        return {check.code: check.outcome for check in services.screening_checks(application=application)}


def reasons(application) -> dict[str, str]:
    with translation.override("en"):
        return {check.code: check.reason for check in services.screening_checks(application=application)}


@pytest.fixture
def french():
    return LanguageFactory(code="fr", name_fr="français", name_en="French")


@pytest.fixture
def dutch():
    return LanguageFactory(code="nl", name_fr="néerlandais", name_en="Dutch")


@pytest.fixture
def fitting(person, french):
    """A person who fits the default edition (men, French, the edition's unit)."""
    detainee = person(gender="man", legal_status="accused")
    detainee.languages_read.set([french])
    return detainee


def test_a_person_who_fits_passes_every_check(application, fitting):
    assert set(outcomes(application(detainee=fitting)).values()) == {PASS}


def test_a_woman_fails_the_target_group_of_an_activity_for_men(application, person, french):
    detainee = person(gender="woman")
    detainee.languages_read.set([french])
    app = application(detainee=detainee)
    assert outcomes(app)["target_group"] == FAIL
    assert "men" in reasons(app)["target_group"]


def test_an_unknown_gender_is_a_warning(application, person):
    assert outcomes(application(detainee=person(gender="other")))["target_group"] == WARNING


def test_the_legal_status_is_checked_against_the_groups(service, prison, unit, person, application, french):
    activity = ActivityFactory(organiser=service, target_groups=[target_group("men"), target_group("convicted")])
    edition = EditionFactory(activity=activity, prison=prison, units=[unit])
    accused = person(legal_status="accused")
    convicted = person(legal_status="convicted")
    assert outcomes(application(edition=edition, detainee=accused))["legal_status"] == FAIL
    assert outcomes(application(edition=edition, detainee=convicted))["legal_status"] == PASS


def test_the_edition_screening_groups_replace_the_activity_groups(edition, application, fitting):
    screening = EditionScreeningFactory(edition=edition)
    screening.target_groups.set([target_group("women")])
    assert outcomes(application(detainee=fitting))["target_group"] == FAIL


def test_a_unit_not_served_fails_and_an_unknown_unit_warns(application, person, prison):
    elsewhere = UnitFactory(prison=prison, code="sentenced-b")
    assert outcomes(application(detainee=person(unit=elsewhere)))["unit"] == FAIL
    assert outcomes(application(detainee=person(unit=None)))["unit"] == WARNING


def test_the_language_check_accepts_reading_or_speaking(application, person, french, dutch):
    speaks = person()
    speaks.languages_spoken.set([french])
    other = person()
    other.languages_read.set([dutch])
    assert outcomes(application(detainee=speaks))["language"] == PASS
    assert outcomes(application(detainee=other))["language"] == FAIL
    assert outcomes(application(detainee=person()))["language"] == WARNING


def test_the_screening_languages_replace_the_activity_languages(edition, application, fitting, dutch):
    screening = EditionScreeningFactory(edition=edition)
    screening.languages.set([dutch])
    assert outcomes(application(detainee=fitting))["language"] == FAIL


@pytest.mark.parametrize(("required", "expected"), [(True, FAIL), (False, PASS)])
def test_an_edition_may_require_no_language_of_delivery(edition, application, person, french, required, expected):
    """A reception class is for people who speak neither French nor Dutch: they must not fail it."""
    edition.activity.languages.set([french])
    EditionScreeningFactory(edition=edition, language_required=required)
    arabic_only = person()
    arabic_only.languages_spoken.set([LanguageFactory(code="ar", name_fr="arabe", name_en="Arabic")])
    app = application(detainee=arabic_only)
    assert outcomes(app)["language"] == expected
    if not required:
        assert reasons(app)["language"] == "No language is required for this edition."


@pytest.mark.parametrize(
    ("release_weeks_after_the_start", "expected"),
    [(None, PASS), (4, WARNING), (-5, WARNING), (21, PASS)],  # the edition runs twelve weeks
    ids=["no-date", "during", "before-the-start", "after-the-end"],
)
def test_an_expected_release_before_the_edition_ends_is_a_warning(
    edition, application, fitting, release_weeks_after_the_start, expected
):
    if release_weeks_after_the_start is not None:
        fitting.expected_release_on = edition.starts_on + dt.timedelta(weeks=release_weeks_after_the_start)
    fitting.save()
    assert outcomes(application(detainee=fitting))["release"] == expected


def test_a_clash_with_another_edition_the_person_is_confirmed_in_fails(edition, application, fitting, service, prison):
    tuesday = aware(dt.date(2027, 1, 5), dt.time(14, 0))
    SessionFactory(edition=edition, starts_at=tuesday)
    other = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    SessionFactory(edition=other, starts_at=tuesday + dt.timedelta(hours=1))
    application(S.CONFIRMED, edition=other, detainee=fitting)
    app = application(detainee=fitting)
    assert outcomes(app)["clash"] == FAIL
    assert str(other.activity) in reasons(app)["clash"]
    assert "05/01/2027" in reasons(app)["clash"] or "01/05/2027" in reasons(app)["clash"]  # the first clash


def test_no_clash_when_the_sessions_do_not_overlap_or_the_other_application_is_not_confirmed(
    edition, application, fitting, service, prison
):
    tuesday = aware(dt.date(2027, 1, 5), dt.time(14, 0))
    SessionFactory(edition=edition, starts_at=tuesday)
    later = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    SessionFactory(edition=later, starts_at=tuesday + dt.timedelta(hours=2))
    application(S.CONFIRMED, edition=later, detainee=fitting)
    same_time = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    SessionFactory(edition=same_time, starts_at=tuesday)
    application(S.WAITING_LIST, edition=same_time, detainee=fitting)
    assert outcomes(application(detainee=fitting))["clash"] == PASS


# --- Screening criteria and decisions ---------------------------------------------------------


def test_staff_set_the_screening_criteria(edition, manager_actor, dutch):
    screening = services.edition_screening_update(
        actor=manager_actor,
        edition=edition,
        languages=[dutch],
        checklist=["  Motivated?  ", "Available on Tuesdays?", ""],
        auto_offer=True,
        offer_response_days=5,
    )
    assert list(screening.languages.all()) == [dutch]
    assert screening.checklist == ["Motivated?", "Available on Tuesdays?"]
    assert (screening.auto_offer, screening.offer_response_days) == (True, 5)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"checklist": ["Same?", "Same?"]}, "checklist"),
        ({"checklist": ["x" * 201]}, "checklist"),
        ({"offer_response_days": 0}, "offer_response_days"),
        ({"dropout_after_absences": 99}, "dropout_after_absences"),
    ],
)
def test_bad_screening_criteria_are_refused_on_their_field(edition, manager_actor, changes, field):
    with pytest.raises(ValidationError) as error:
        services.edition_screening_update(actor=manager_actor, edition=edition, **changes)
    assert field in error.value.message_dict


def test_only_the_organiser_and_partners_set_the_criteria(edition, other_worker, coordinator):
    for user in (other_worker, coordinator):
        with pytest.raises(PermissionDenied):
            services.edition_screening_update(actor=make_actor(user), edition=edition, auto_offer=True)


def test_checklist_answers_are_kept_with_the_decision(edition, application, manager_actor):
    EditionScreeningFactory(edition=edition, checklist=["Motivated?", "Available on Tuesdays?"])
    app = application(S.IN_SCREENING)
    decided = services.application_decide(
        actor=manager_actor,
        application=app,
        decision="waiting_list",
        checklist_answers={"Motivated?": True, "Available on Tuesdays?": False},
    )
    assert decided.checklist_answers == {"Motivated?": True, "Available on Tuesdays?": False}
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            actor=manager_actor, application=application(), decision="accept", checklist_answers={"Unknown?": True}
        )
    assert "checklist_answers" in error.value.message_dict


# --- Requests to the prison ---------------------------------------------------------------------


def test_confirmation_waits_for_the_prisons_clearance_when_the_edition_demands_it(edition, application, manager_actor):
    EditionScreeningFactory(edition=edition, requires_security_clearance=True, requires_movement_permission=True)
    app = application(S.OFFERED)
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.application_move(actor=manager_actor, application=app, to_status=S.CONFIRMED)
    assert "security clearance and movement permission" in error.value.messages[0]
    services.prison_request_record(
        actor=manager_actor,
        application=app,
        kind="security_clearance",
        status="granted",
        requested_on=today,
        answered_on=today,
    )
    services.prison_request_record(
        actor=manager_actor,
        application=app,
        kind="movement_permission",
        status="denied",
        requested_on=today,
        answered_on=today,
    )
    with pytest.raises(ValidationError):
        services.application_move(actor=manager_actor, application=app, to_status=S.CONFIRMED)
    services.prison_request_record(
        actor=manager_actor,
        application=app,
        kind="movement_permission",
        status="granted",
        requested_on=today,
        answered_on=today,
    )
    assert services.application_move(actor=manager_actor, application=app, to_status=S.CONFIRMED).status == (
        S.CONFIRMED
    )
    assert PrisonRequest.objects.filter(application=app).count() == 2  # recorded again = updated


@pytest.mark.parametrize(
    ("status", "answered", "field"),
    [("granted", None, "answered_on"), ("requested", 0, "answered_on"), ("granted", -3, "answered_on")],
)
def test_request_dates_must_make_sense(application, manager_actor, status, answered, field):
    today = timezone.localdate()
    requested = today - dt.timedelta(days=1)
    answered_on = None if answered is None else today + dt.timedelta(days=answered)
    with pytest.raises(ValidationError) as error:
        services.prison_request_record(
            actor=manager_actor,
            application=application(),
            kind="security_clearance",
            status=status,
            requested_on=requested,
            answered_on=answered_on,
        )
    assert field in error.value.message_dict


def test_only_managers_record_requests_to_the_prison(application, other_worker):
    with pytest.raises(PermissionDenied):
        services.prison_request_record(
            actor=make_actor(other_worker),
            application=application(),
            kind="security_clearance",
            status="requested",
            requested_on=timezone.localdate(),
        )
