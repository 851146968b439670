"""Who sees which detainees, how much of them, and whose notes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from concerto.accounts.models import Role
from concerto.attendance.models import FeedbackInterview
from concerto.detainees import permissions, selectors, services
from concerto.detainees.models import Detainee
from concerto.detainees.tests.factories import DetaineeNoteFactory
from concerto.organisations.models import Organisation
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    OrganisationFactory,
    PrisonFactory,
    UnitFactory,
    UserFactory,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def haren_detainee(prison, units):
    return DetaineeFactory(prison=prison, unit=units["remand-men"], first_name="Amina", last_name="Benali")


def test_working_in_a_prison_no_longer_opens_its_whole_list(worker, works_in_haren, haren_detainee):
    actor = make_actor(worker)
    assert list(selectors.detainee_list(actor=actor)) == []
    with pytest.raises(Http404):
        selectors.detainee_get(actor=actor, pk=haren_detainee.pk)


def test_service_staff_list_the_people_with_an_application_to_their_edition(worker, works_in_haren, haren_detainee):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    DetaineeFactory(prison=elsewhere, unit=UnitFactory(prison=elsewhere))
    DetaineeFactory(prison=haren_detainee.prison, unit=haren_detainee.unit, last_name="Nobody-follows")
    ApplicationFactory(detainee=haren_detainee, edition=works_in_haren)
    assert list(selectors.detainee_list(actor=make_actor(worker))) == [haren_detainee]


@pytest.mark.parametrize("follow_up", ["recorded_for", "referred_by", "partner_edition", "interview", "note"])
def test_every_kind_of_follow_up_of_the_service_opens_the_record(
    member, other_service, service, prison, units, haren_detainee, follow_up
):
    """Rizome follows the person through its own work only; APO's application alone is not enough."""
    apo_edition = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    application = ApplicationFactory(detainee=haren_detainee, edition=apo_edition)
    actor = make_actor(member(Role.SERVICE_WORKER, other_service))
    assert list(selectors.detainee_list(actor=actor)) == []
    if follow_up == "recorded_for":
        ApplicationFactory(detainee=haren_detainee, edition=EditionFactory(prison=prison), recorded_for=other_service)
    elif follow_up == "referred_by":
        ApplicationFactory(detainee=haren_detainee, edition=EditionFactory(prison=prison), referred_by=other_service)
    elif follow_up == "partner_edition":
        apo_edition.activity.partners.add(other_service)
    elif follow_up == "interview":
        FeedbackInterview.objects.create(application=application, organisation=other_service)
    else:
        DetaineeNoteFactory(detainee=haren_detainee, organisation=other_service)
    assert list(selectors.detainee_list(actor=actor)) == [haren_detainee]
    assert selectors.detainee_get(actor=actor, pk=haren_detainee.pk) == haren_detainee


def test_followed_by_service_is_the_one_rule_for_a_set_of_services(service, other_service, prison, haren_detainee):
    ApplicationFactory(detainee=haren_detainee, edition=EditionFactory(prison=prison), recorded_for=service)
    followed = Detainee.objects.filter(permissions.followed_by_service(frozenset({service.pk})))
    assert list(followed) == [haren_detainee]
    assert not Detainee.objects.filter(permissions.followed_by_service(frozenset({other_service.pk}))).exists()
    assert not Detainee.objects.filter(permissions.followed_by_service(frozenset())).exists()


def test_a_service_without_activity_in_the_prison_sees_nobody_there(member, other_service, haren_detainee):
    actor = make_actor(member(Role.SERVICE_WORKER, other_service))
    assert list(selectors.detainee_list(actor=actor)) == []
    with pytest.raises(Http404):
        selectors.detainee_get(actor=actor, pk=haren_detainee.pk)


def test_a_service_follows_people_whose_applications_it_records_even_elsewhere(member, other_service, prison, units):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    person = DetaineeFactory(prison=elsewhere, unit=UnitFactory(prison=elsewhere))
    ApplicationFactory(detainee=person, edition=EditionFactory(prison=elsewhere), recorded_for=other_service)
    actor = make_actor(member(Role.SERVICE_WORKER, other_service))
    assert list(selectors.detainee_list(actor=actor)) == [person]


def test_coordinators_without_a_service_role_see_no_detainee(coordinator, haren_detainee):
    actor = make_actor(coordinator)
    assert not permissions.can_read_detainees(actor)
    assert list(selectors.detainee_list(actor=actor)) == []


def test_prison_staff_see_their_prisons_detainees_in_full(member, prison, haren_detainee):
    administration = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    actor = make_actor(member(Role.PRISON_STAFF, administration))
    assert list(selectors.detainee_list(actor=actor)) == [haren_detainee]
    assert permissions.sees_full_identity(actor)
    assert not permissions.can_manage_detainees(actor)


@pytest.fixture
def facilitator(member, prison, units, haren_detainee):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    user = member(Role.PARTNER_FACILITATOR, partner)
    edition = EditionFactory(prison=prison, units=[units["remand-men"]])
    edition.facilitators.set([user])
    ApplicationFactory(detainee=haren_detainee, edition=edition, status="confirmed")
    # Applied but without a place: not a participant yet.
    ApplicationFactory(detainee=DetaineeFactory(prison=prison, unit=units["remand-men"]), edition=edition)
    return user


def test_partner_facilitators_see_only_their_participants_by_first_name_and_initial(facilitator, haren_detainee):
    actor = make_actor(facilitator)
    assert list(selectors.detainee_list(actor=actor)) == [haren_detainee]
    assert not permissions.sees_full_identity(actor)
    assert haren_detainee.short_name == "Amina B."


def test_partner_facilitators_cannot_search_last_names(facilitator):
    actor = make_actor(facilitator)
    assert list(selectors.detainee_list(actor=actor, filters=selectors.DetaineeFilters(text="Benali"))) == []
    assert len(selectors.detainee_list(actor=actor, filters=selectors.DetaineeFilters(text="Amina"))) == 1


def test_partner_facilitators_cannot_filter_by_legal_status(facilitator):
    actor = make_actor(facilitator)
    for status in ("accused", "convicted"):
        found = selectors.detainee_list(actor=actor, filters=selectors.DetaineeFilters(legal_status=status))
        assert len(found) == 1


def test_another_services_notes_are_invisible(worker, service, other_service, haren_detainee, member):
    mine = DetaineeNoteFactory(detainee=haren_detainee, organisation=service, text="Notre suivi")
    DetaineeNoteFactory(detainee=haren_detainee, organisation=other_service, text="Secret de Rizome")
    assert list(selectors.note_list(actor=make_actor(worker), detainee=haren_detainee)) == [mine]
    administrator = make_actor(UserFactory(is_superuser=True))
    assert list(selectors.note_list(actor=administrator, detainee=haren_detainee)) == []


def test_a_note_is_written_for_one_of_the_authors_own_services(
    worker, works_in_haren, other_service, haren_detainee, service
):
    ApplicationFactory(detainee=haren_detainee, edition=works_in_haren)
    actor = make_actor(worker)
    with pytest.raises(PermissionDenied):
        services.detainee_note_add(actor=actor, detainee=haren_detainee, organisation=other_service, text="x")
    note = services.detainee_note_add(actor=actor, detainee=haren_detainee, organisation=service, text=" Vu. ")
    assert (note.organisation, note.text, note.author_id) == (service, "Vu.", worker.pk)


def test_staff_record_detainees_only_where_their_service_works(worker, works_in_haren, prison, units):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    actor = make_actor(worker)
    data = {"prison_number": "555", "first_name": "A", "last_name": "B", "legal_status": "accused"}
    with pytest.raises(PermissionDenied):
        services.detainee_create(actor=actor, data={**data, "prison": elsewhere})
    created = services.detainee_create(actor=actor, data={**data, "prison": prison, "unit": units["remand-men"]})
    assert created.prison == prison


def test_a_unit_of_another_prison_is_refused(worker, works_in_haren, prison):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    data = {
        "prison": prison,
        "prison_number": "555",
        "first_name": "A",
        "last_name": "B",
        "legal_status": "accused",
        "unit": UnitFactory(prison=elsewhere),
    }
    with pytest.raises(services.ValidationError) as raised:
        services.detainee_create(actor=make_actor(worker), data=data)
    assert "unit" in raised.value.error_dict
