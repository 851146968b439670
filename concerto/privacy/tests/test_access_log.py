import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from concerto.accounts.models import Role
from concerto.privacy import selectors, services
from concerto.privacy.models import AccessAction, AccessPurpose, PersonalDataAccess
from concerto.testing.factories import DetaineeFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_a_list_is_one_log_row_naming_each_person_and_found_from_each(worker, member, service):
    people = DetaineeFactory.create_batch(3)
    alone = DetaineeFactory()
    actor = make_actor(worker)
    services.access_log(actor=actor, action=AccessAction.EXPORT, purpose=AccessPurpose.PRISON_LISTS, subjects=people)
    services.access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=people[0])
    services.access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=alone)

    listed = PersonalDataAccess.objects.get(purpose=AccessPurpose.PRISON_LISTS)
    assert (listed.count, listed.subject_id, listed.subject_ids) == (3, None, sorted(p.pk for p in people))
    assert PersonalDataAccess.objects.about(people[0].pk).count() == 2  # the list and the page
    assert list(PersonalDataAccess.objects.about(people[2].pk)) == [listed]
    assert PersonalDataAccess.objects.about(alone.pk).get().purpose == AccessPurpose.REGISTRATION

    admin = member(Role.ADMINISTRATOR, service)
    found = selectors.access_log_list(actor=make_actor(admin), subject_id=people[1].pk)
    assert list(found) == [listed]


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


def test_entries_older_than_the_retention_are_purged_and_the_others_kept(worker, settings, clock):
    from io import StringIO

    from django.core.management import call_command

    settings.CONCERTO_ACCESS_LOG_MONTHS = 36
    person = DetaineeFactory()
    actor = make_actor(worker)
    clock.shift(-dt.timedelta(days=37 * 31))
    services.access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=person)
    clock.shift(dt.timedelta(days=37 * 31 - 30))
    services.access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=person)
    clock.shift(dt.timedelta(days=30))

    out = StringIO()
    call_command("purge_access_log", stdout=out)

    assert "1 access-log entries deleted." in out.getvalue()
    assert PersonalDataAccess.objects.about(person.pk).count() == 1
