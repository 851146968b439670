"""The retention rule: anonymise N months after leaving or after the last activity."""

import datetime as dt

import pytest
from django.core.management import call_command

from concerto.detainees import services
from concerto.detainees.models import Detainee
from concerto.detainees.tests.factories import DetaineeImportFactory, DetaineeNoteFactory, languages
from concerto.privacy.models import PersonalDataAccess
from concerto.testing.factories import DetaineeFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 15)


@pytest.fixture(autouse=True)
def two_years(settings):
    settings.CONCERTO_RETENTION_MONTHS = 24


def test_people_gone_longer_than_the_retention_period_are_anonymised(prison):
    spoken = languages()["ar"]
    old = DetaineeFactory(prison=prison, presence="released", left_on=dt.date(2025, 6, 14), expected_release_on=TODAY)
    old.languages_spoken.set([spoken])
    DetaineeNoteFactory(detainee=old)
    recent = DetaineeFactory(prison=prison, presence="transferred", left_on=dt.date(2025, 6, 16))
    assert services.detainees_anonymise_expired(today=TODAY) == 1
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.prison_number) == ("Anonyme", f"#{old.pk}", f"ANON-{old.pk}")
    assert old.is_anonymised
    assert old.expected_release_on is None
    assert not old.languages_spoken.exists()
    assert not old.notes.exists()
    assert (old.gender, old.legal_status) == ("man", "accused")  # kept for statistics
    recent.refresh_from_db()
    assert not recent.is_anonymised
    logged = PersonalDataAccess.objects.get(subject_id=old.pk)
    assert (logged.action, logged.purpose, logged.user_id) == ("anonymise", "retention", None)


def test_present_people_count_from_their_last_activity(prison):
    idle = DetaineeFactory(prison=prison, last_activity_on=dt.date(2025, 1, 1))
    active = DetaineeFactory(prison=prison, last_activity_on=dt.date(2027, 1, 1))
    never = DetaineeFactory(prison=prison)
    assert services.detainees_anonymise_expired(today=TODAY) == 1
    assert set(Detainee.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)) == {idle.pk}
    assert not Detainee.objects.get(pk=active.pk).is_anonymised
    assert not Detainee.objects.get(pk=never.pk).is_anonymised


def test_running_it_again_changes_nothing(prison):
    DetaineeFactory(prison=prison, presence="released", left_on=dt.date(2020, 1, 1))
    assert services.detainees_anonymise_expired(today=TODAY) == 1
    assert services.detainees_anonymise_expired(today=TODAY) == 0


def test_the_period_is_configurable(prison, settings):
    settings.CONCERTO_RETENTION_MONTHS = 6
    DetaineeFactory(prison=prison, presence="released", left_on=dt.date(2026, 12, 1))
    assert services.detainees_anonymise_expired(today=TODAY) == 1


def test_files_of_imports_never_applied_are_cleared_after_a_week(prison):
    stale = DetaineeImportFactory(prison=prison, content=b"data", status="preview")
    type(stale).objects.filter(pk=stale.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    fresh = DetaineeImportFactory(prison=prison, content=b"data", status="preview")
    services.detainees_anonymise_expired(today=TODAY)
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert bytes(stale.content) == b""
    assert bytes(fresh.content) == b"data"


def test_the_management_command_and_the_task(prison, capsys):
    from concerto.detainees.tasks import anonymise_expired

    DetaineeFactory(prison=prison, presence="released", left_on=dt.date(2020, 1, 1))
    call_command("anonymise_expired", "--today", "2027-06-15")
    assert "1" in capsys.readouterr().out
    DetaineeFactory(prison=prison, presence="released", left_on=dt.date(2020, 1, 1))
    assert anonymise_expired.enqueue().return_value == 1
