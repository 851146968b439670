"""The task worker outlives database outages; the tasks of a dead worker never stay "running"."""

from __future__ import annotations

import datetime as dt
import logging
from unittest import mock

import pytest
from django.core.management import get_commands
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from concerto.core import worker as workers
from concerto.core.models import WorkerHeartbeat
from concerto.detainees.models import ImportStatus
from concerto.detainees.tests.factories import DetaineeImportFactory

pytestmark = pytest.mark.django_db


def running_task(task_path: str, args: list, *, worker_id: str, started_ago: dt.timedelta) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task_path,
        worker_ids=[worker_id],
        queue_name="default",
        backend_name="default",
        run_after=now - started_ago,
        started_at=now - started_ago,
    )


def beat(worker_id: str, seconds_ago: float) -> None:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname="app-1", pid=42, started_at=seen, seen_at=seen)


@pytest.fixture
def validating_import(prison):
    return DetaineeImportFactory(prison=prison, status=ImportStatus.VALIDATING, running_since=timezone.now())


def test_the_resilient_worker_is_the_one_manage_py_db_worker_runs():
    assert get_commands()["db_worker"] == "concerto.core"


def test_an_import_whose_worker_stopped_beating_fails_saying_nothing_was_written(validating_import):
    beat("dead-worker", seconds_ago=45)
    task = running_task(
        "concerto.detainees.tasks.validate_import",
        [validating_import.pk, None],
        worker_id="dead-worker",
        started_ago=dt.timedelta(minutes=2),
    )

    assert workers.lost_tasks_recover() == 1

    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == (TaskResultStatus.FAILED, workers.LOST_TASK_CLASS)
    validating_import.refresh_from_db()
    assert validating_import.status == ImportStatus.FAILED
    assert "rien n'a été enregistré" in validating_import.errors[0]["message"]  # the uploader's language
    assert workers.lost_tasks_recover() == 0  # once only


def test_the_task_of_a_worker_that_beats_is_left_running(validating_import):
    beat("live-worker", seconds_ago=5)
    running_task(
        "concerto.detainees.tasks.apply_import",
        [validating_import.pk, None],
        worker_id="live-worker",
        started_ago=dt.timedelta(minutes=20),  # a long import, still going
    )
    assert workers.lost_tasks_recover() == 0
    validating_import.refresh_from_db()
    assert validating_import.status == ImportStatus.VALIDATING


def test_a_task_of_a_worker_that_never_beat_is_judged_by_its_start(validating_import):
    fresh = running_task("concerto.detainees.tasks.validate_import", [1], worker_id="w", started_ago=dt.timedelta(0))
    old = running_task("other.task", [], worker_id="x", started_ago=dt.timedelta(minutes=5))
    assert workers.lost_tasks_recover() == 1
    fresh.refresh_from_db()
    old.refresh_from_db()
    assert (fresh.status, old.status) == (TaskResultStatus.RUNNING, TaskResultStatus.FAILED)


# The worker drops its connections after an outage; inside a test's transaction that would end
# the test's own connection (PostgreSQL), so these tests keep it.
KEEP_THE_TEST_CONNECTION = mock.patch.object(workers.connections, "close_all")


def new_worker() -> workers.ResilientWorker:
    return workers.ResilientWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="resilient",
        excluded_queue_names=[],
    )


def test_the_worker_waits_through_an_outage_logging_once_then_goes_on(caplog):
    outage = OperationalError("connection refused")
    real_heartbeat = workers.heartbeat_write
    with (
        mock.patch.object(workers.Heartbeat, "start"),
        KEEP_THE_TEST_CONNECTION,
        mock.patch.object(Worker, "run", side_effect=[outage, None]) as loop,
        # While the database is down, the worker's probe (its heartbeat) fails too.
        mock.patch.object(workers, "heartbeat_write", side_effect=[outage, outage, real_heartbeat]) as probe,
        mock.patch.object(workers.time, "sleep") as sleep,
        caplog.at_level(logging.INFO, logger="concerto.worker"),
    ):
        new_worker().run()

    assert loop.call_count == 2  # cut by the outage, then run to the end of its batch
    assert probe.call_count == 3
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 2.0, 4.0]
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "database unreachable: the worker waits and retries",
        "database reachable again: the worker goes on",
    ]


def test_a_task_cut_by_the_outage_is_failed_when_the_database_returns(validating_import):
    task = running_task(
        "concerto.detainees.tasks.validate_import",
        [validating_import.pk, None],
        worker_id="resilient",
        started_ago=dt.timedelta(seconds=3),
    )
    worker = new_worker()
    rounds = iter([lambda: worker.run_task(task), lambda: None])

    with (
        mock.patch.object(workers.Heartbeat, "start"),
        KEEP_THE_TEST_CONNECTION,
        mock.patch.object(Worker, "run_task", side_effect=OperationalError("server closed the connection")),
        mock.patch.object(Worker, "run", side_effect=lambda: next(rounds)()),
        mock.patch.object(workers.time, "sleep"),
    ):
        worker.run()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    validating_import.refresh_from_db()
    assert validating_import.status == ImportStatus.FAILED
    assert WorkerHeartbeat.objects.filter(worker_id="resilient").exists()


def test_a_locked_sqlite_database_is_not_an_outage():
    assert not workers.is_outage(OperationalError("database is locked"))
    assert workers.is_outage(OperationalError("connection refused"))


def test_healthz_reports_the_workers_and_answers_503_when_they_stopped():
    client = Client()
    quiet = client.get("/healthz").json()
    assert quiet["worker"] == {"last_heartbeat": None, "alive": 0, "waiting_tasks": 0, "running_tasks": 0}

    beat("w1", seconds_ago=5)
    assert client.get("/healthz").status_code == 200

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(minutes=3))
    stale = client.get("/healthz")
    assert stale.status_code == 503
    assert stale.json()["worker"]["problem"] == "no task worker seen for 180 s"
    assert stale["Retry-After"] == "30"
    assert client.get("/healthz?check=web").status_code == 200  # for the load balancer
