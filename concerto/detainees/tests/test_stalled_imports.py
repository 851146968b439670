"""Imports whose background worker died: the watchdog fails them, and nothing is ever half written."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from concerto.accounts.models import Role
from concerto.detainees import services
from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus
from concerto.detainees.tests.factories import DetaineeImportFactory, csv_bytes, person_row
from concerto.organisations.models import Organisation
from concerto.testing.factories import OrganisationFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(minutes=31)  # past the default stall delay (30 minutes)


class WorkerDied(BaseException):
    """What a killed worker looks like from inside: nothing catches it, the transaction is rolled back."""


def state() -> set[tuple]:
    """What the database knows of the detainees (a failed import must leave it as it was)."""
    return set(Detainee.objects.values_list("prison_number", "unit__code", "presence"))


@pytest.fixture
def changing_import(run_import, units):
    """Three people imported; then a checked list that moves one, adds one and drops one."""
    run_import(csv_bytes([person_row(1), person_row(2), person_row(3)]))
    preview = run_import(csv_bytes([person_row(1, unit="women-closed"), person_row(2), person_row(4)]), apply=False)
    assert preview.status == ImportStatus.PREVIEW
    return preview


def stalled_message_of(detainee_import: DetaineeImport) -> str:
    """What the uploader reads on their failed import: the reason, in their language."""
    with translation.override(detainee_import.uploaded_by.language):
        return gettext(
            "The import stopped without finishing (its background work was interrupted): nothing was written. "
            "Upload the file again."
        )


def test_a_worker_dying_while_writing_leaves_no_half_data_and_the_watchdog_fails_the_import(
    changing_import, monkeypatch
):
    before = state()
    actor = make_actor(changing_import.uploaded_by)

    def die(**kwargs):
        raise WorkerDied

    # The departures come after the new person and the move are written: the worker dies in between.
    monkeypatch.setattr(services, "_departure_hook", lambda: die)
    with pytest.raises(WorkerDied):
        services.import_apply(actor=actor, detainee_import=changing_import)

    stuck = DetaineeImport.objects.get(pk=changing_import.pk)
    assert stuck.status == ImportStatus.APPLYING  # nobody told the page: it would wait forever
    assert state() == before  # the one transaction was never committed
    assert services.imports_mark_stalled(now=timezone.now()) == 0  # not stalled yet: it may still finish

    assert services.imports_mark_stalled(now=timezone.now() + LATER) == 1

    failed = DetaineeImport.objects.get(pk=changing_import.pk)
    assert failed.status == ImportStatus.FAILED
    assert failed.errors[0]["message"] == stalled_message_of(changing_import)
    assert failed.running_since is None
    assert state() == before
    # The worker comes back late and picks the task up again: it may not write anything now.
    monkeypatch.undo()
    with pytest.raises(ValidationError):
        services.import_apply(actor=actor, detainee_import=failed)
    assert state() == before
    assert DetaineeImport.objects.get(pk=changing_import.pk).status == ImportStatus.FAILED


def test_an_apply_marked_failed_while_it_checked_the_rows_writes_nothing(changing_import, monkeypatch):
    before = state()
    check_rows = services._check_rows

    def slow_check(detainee_import, progress):
        checked = check_rows(detainee_import, progress)
        services.imports_mark_stalled(now=timezone.now() + LATER)  # the watchdog runs meanwhile
        return checked

    monkeypatch.setattr(services, "_check_rows", slow_check)
    result = services.import_apply(actor=make_actor(changing_import.uploaded_by), detainee_import=changing_import)

    assert result.status == ImportStatus.FAILED
    assert result.errors[0]["message"] == stalled_message_of(changing_import)
    assert state() == before


def test_only_imports_running_longer_than_the_setting_are_failed(prison, settings):
    settings.CONCERTO_IMPORT_STALL_MINUTES = 5
    now = timezone.now()

    def make(status: str, minutes: int) -> DetaineeImport:
        return DetaineeImportFactory(prison=prison, status=status, running_since=now - dt.timedelta(minutes=minutes))

    stalled = [make(ImportStatus.VALIDATING, 6), make(ImportStatus.APPLYING, 60)]
    recent = make(ImportStatus.APPLYING, 4)
    waiting = make(ImportStatus.PREVIEW, 600)
    done = make(ImportStatus.DONE, 600)

    assert services.imports_mark_stalled(now=now) == 2

    statuses = dict(DetaineeImport.objects.values_list("pk", "status"))
    assert [statuses[i.pk] for i in stalled] == [ImportStatus.FAILED, ImportStatus.FAILED]
    assert statuses[recent.pk] == ImportStatus.APPLYING
    assert (statuses[waiting.pk], statuses[done.pk]) == (ImportStatus.PREVIEW, ImportStatus.DONE)
    assert services.imports_mark_stalled(now=now) == 0  # running it again changes nothing


def test_the_command_and_the_list_of_imports_fail_stalled_imports(manager, works_in_haren, prison):
    long_ago = timezone.now() - dt.timedelta(hours=2)
    first = DetaineeImportFactory(prison=prison, status=ImportStatus.APPLYING, running_since=long_ago)
    out = StringIO()
    call_command("mark_stalled_imports", stdout=out)
    assert "1 stalled import(s) marked as failed." in out.getvalue()
    assert DetaineeImport.objects.get(pk=first.pk).status == ImportStatus.FAILED

    second = DetaineeImportFactory(prison=prison, status=ImportStatus.VALIDATING, running_since=long_ago)
    client = Client()
    client.force_login(manager)
    page = client.get("/en/detainees/imports/").content.decode()
    assert DetaineeImport.objects.get(pk=second.pk).status == ImportStatus.FAILED
    assert "Failed: nothing was changed" in page


@pytest.fixture
def staff(member, prison):
    administration = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    return member(Role.PRISON_STAFF, administration)


def test_the_uploaders_managers_may_mark_a_stalled_import_failed_after_the_delay(
    manager, member, service, staff, works_in_haren, prison
):
    colleague = member(Role.SERVICE_MANAGER, service)
    started = timezone.now() - dt.timedelta(minutes=10)
    running = DetaineeImportFactory(
        prison=prison, status=ImportStatus.APPLYING, uploaded_by=manager, running_since=started
    )
    url = f"/en/detainees/imports/{running.pk}/"
    clients = {}
    for name, user in (("colleague", colleague), ("staff", staff)):
        clients[name] = Client()
        clients[name].force_login(user)

    # Ten minutes in: it may still finish; no button, and refused.
    assert "Mark as failed" not in clients["colleague"].get(url).content.decode()
    with pytest.raises(ValidationError):
        services.import_mark_failed(actor=make_actor(colleague), detainee_import=running)

    running.running_since = timezone.now() - LATER  # the worker died half an hour ago
    running.save(update_fields=["running_since"])
    # Prison staff of the same prison follow the import, but the uploader's service decides.
    assert "Mark as failed" not in clients["staff"].get(url).content.decode()
    assert clients["staff"].post(f"{url}mark-failed/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.import_mark_failed(actor=make_actor(staff), detainee_import=running)

    assert "Mark as failed" in clients["colleague"].get(url).content.decode()
    response = clients["colleague"].post(f"{url}mark-failed/", follow=True)
    page = response.content.decode()
    assert "The import was marked as failed: nothing was written." in page
    assert "Mark as failed" not in page
    assert DetaineeImport.objects.get(pk=running.pk).status == ImportStatus.FAILED


def test_the_import_page_tells_the_truth_half_a_minute_after_its_worker_died(manager, works_in_haren, prison):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from concerto.core.models import WorkerHeartbeat

    detainee_import = DetaineeImportFactory(
        prison=prison, status=ImportStatus.APPLYING, running_since=timezone.now(), uploaded_by=manager
    )
    killed_at = timezone.now() - dt.timedelta(seconds=40)  # past CONCERTO_WORKER_LOST_SECONDS (30)
    WorkerHeartbeat.objects.create(worker_id="killed", hostname="app-1", pid=7, started_at=killed_at, seen_at=killed_at)
    DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        # As services enqueue it: keyword arguments.
        args_kwargs={"args": [], "kwargs": {"import_id": detainee_import.pk, "user_id": manager.pk}},
        task_path="concerto.detainees.tasks.apply_import",
        worker_ids=["killed"],
        queue_name="default",
        backend_name="default",
        run_after=killed_at,
        started_at=killed_at,
    )
    before = state()
    client = Client()
    client.force_login(manager)

    page = client.get(f"/en/detainees/imports/{detainee_import.pk}/").content.decode()

    detainee_import.refresh_from_db()
    assert detainee_import.status == ImportStatus.FAILED
    assert "nothing was written" in page or "rien n&#x27;a été enregistré" in page
    assert state() == before
