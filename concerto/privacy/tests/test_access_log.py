import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from concerto.accounts.models import Role
from concerto.privacy import selectors, services
from concerto.privacy.models import AccessAction, AccessPurpose, PersonalDataAccess
from concerto.testing.factories import DetaineeFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_one_log_row_per_person_in_a_list(worker):
    people = DetaineeFactory.create_batch(3)
    services.access_log(
        actor=make_actor(worker), action=AccessAction.EXPORT, purpose=AccessPurpose.PRISON_LISTS, subjects=people
    )
    assert set(PersonalDataAccess.objects.values_list("subject_id", flat=True)) == {p.pk for p in people}
    assert set(PersonalDataAccess.objects.values_list("user_id", flat=True)) == {worker.pk}


def test_only_administrators_read_the_log(worker, member, service):
    with pytest.raises(PermissionDenied):
        selectors.access_log_list(actor=make_actor(worker))
    admin = member(Role.ADMINISTRATOR, service)
    person = DetaineeFactory(first_name="Yasmina", last_name="Haddad")
    services.access_log(
        actor=make_actor(worker), action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=person
    )
    client = Client()
    client.force_login(admin)
    page = client.get("/en/privacy/access-log/", {"subject_id": person.pk}).content.decode()
    assert f"detainees.detainee #{person.pk}" in page
    assert "Haddad" not in page


def test_small_counts_are_hidden_in_statistics():
    assert [services.safe_count(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
