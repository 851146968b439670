"""A task worker that outlives database outages and a watchdog for the tasks of dead workers.

``manage.py db_worker`` (concerto/core/management/commands/db_worker.py) runs
:class:`ResilientWorker`, django-tasks-db's worker with three additions:

- **Outages**: when the database cannot be reached, the worker logs it once, waits (1, 2, 4 …
  up to 30 seconds between tries) and goes on when the database is back. A task that was
  running when the database went away cannot have finished: it is failed and its domain told.
- **Heartbeat**: a thread writes the worker's ``WorkerHeartbeat`` row every
  ``CONCERTO_WORKER_HEARTBEAT_SECONDS`` (10), also during a long task.
- **Watchdog**: :func:`lost_tasks_recover` fails the tasks still "running" on a worker not seen
  for ``CONCERTO_WORKER_LOST_SECONDS`` (30), and sends :data:`task_lost` so that their domain
  tells the truth (an import becomes "failed, nothing written, upload again"). Each worker's
  heartbeat thread runs it after each beat; pages that show running work run it too.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import Signal
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from concerto.core.models import WorkerHeartbeat

logger = logging.getLogger("concerto.worker")

# Sent once per lost task, after its row is marked failed: sender=None, task_path, args, kwargs.
task_lost = Signal()

LOST_TASK_CLASS = "concerto.core.worker.WorkerLost"
MAX_BACKOFF_SECONDS = 30.0


def heartbeat_seconds() -> float:
    return float(getattr(settings, "CONCERTO_WORKER_HEARTBEAT_SECONDS", 10))


def lost_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "CONCERTO_WORKER_LOST_SECONDS", 30)))


def is_outage(error: BaseException) -> bool:
    """The database is unreachable; a locked SQLite database is not an outage (it unlocks)."""
    if isinstance(error, InterfaceError):
        return True
    return isinstance(error, OperationalError) and not is_locked_database_exception(error)


# --- Heartbeats and the watchdog ----------------------------------------------------------------


def heartbeat_write(worker_id: str, *, started_at: dt.datetime, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "seen_at": now},
    )


def _lost(task: DBTaskResult, seen: dict[str, dt.datetime], cutoff: dt.datetime) -> bool:
    worker_id = task.worker_ids[-1] if task.worker_ids else None
    last_seen = seen.get(worker_id) if worker_id else None
    if last_seen is None:  # never beat (older code, or killed at once): judge by the start
        return task.started_at is None or task.started_at < cutoff
    return last_seen < cutoff


def task_fail_lost(task: DBTaskResult, *, reason: str, now: dt.datetime | None = None) -> bool:
    """Fail a running task whose worker is gone, then tell its domain; False if it ended meanwhile."""
    now = now or timezone.now()
    failed = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=LOST_TASK_CLASS,
        traceback=reason,
        return_value=None,
    )
    if not failed:
        return False
    arguments = task.args_kwargs or {}
    task_lost.send(
        sender=None, task_path=task.task_path, args=arguments.get("args", []), kwargs=arguments.get("kwargs", {})
    )
    return True


def lost_tasks_recover(*, now: dt.datetime | None = None) -> int:
    """Fail every task still running on a worker not seen for ``CONCERTO_WORKER_LOST_SECONDS``.

    Cheap when nothing runs (one query on the running tasks). Returns how many were failed.
    """
    now = now or timezone.now()
    running = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING))
    if not running:
        return 0
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    cutoff = now - lost_after()
    recovered = 0
    for task in running:
        if _lost(task, seen, cutoff) and task_fail_lost(task, reason="Its worker stopped (no heartbeat).", now=now):
            recovered += 1
            logger.warning("task of a lost worker failed", extra={"task_id": str(task.pk), "task": task.task_path})
    return recovered


@dataclass(frozen=True)
class WorkerStatus:
    """What /healthz says about the background work."""

    last_heartbeat: dt.datetime | None
    workers_alive: int
    waiting_tasks: int
    running_tasks: int
    oldest_waiting_since: dt.datetime | None

    @property
    def problem(self) -> str:
        """Why background work is not being done, or "" when it is (or nothing waits)."""
        now = timezone.now()
        if self.workers_alive:
            return ""
        if self.last_heartbeat is not None:
            return f"no task worker seen for {int((now - self.last_heartbeat).total_seconds())} s"
        if self.oldest_waiting_since is not None and self.oldest_waiting_since < now - lost_after():
            return "tasks are waiting and no task worker ever started"
        return ""


def worker_status(*, now: dt.datetime | None = None) -> WorkerStatus:
    now = now or timezone.now()
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - lost_after()).count()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return WorkerStatus(
        last_heartbeat=last,
        workers_alive=alive,
        waiting_tasks=ready.count(),
        running_tasks=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        oldest_waiting_since=oldest,
    )


# --- The worker ---------------------------------------------------------------------------------


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat every few seconds, then runs the watchdog (own connection)."""

    def __init__(self, worker_id: str, started_at: dt.datetime) -> None:
        super().__init__(name=f"heartbeat-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                heartbeat_write(self.worker_id, started_at=self.started_at)
                lost_tasks_recover()
            except Exception as error:  # noqa: BLE001 - an outage or a locked database: the main loop reports outages
                logger.debug("heartbeat not written", extra={"exc_type": type(error).__name__})
            finally:
                connections.close_all()  # this thread's connections: never left open between beats
            self.stopped.wait(heartbeat_seconds())


class ResilientWorker(Worker):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.started_at = timezone.now()
        self.current_task: DBTaskResult | None = None

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id, self.started_at)
        heartbeat.start()
        delay = 1.0
        down_since: float | None = None
        try:
            while self.running:
                try:
                    if down_since is not None:
                        self._after_outage(time.monotonic() - down_since)
                        down_since, delay = None, 1.0
                    super().run()
                    return  # batch or max-tasks done, or asked to stop
                except (OperationalError, InterfaceError) as error:
                    if not is_outage(error):
                        raise
                    if down_since is None:
                        down_since = time.monotonic()
                        logger.error(
                            "database unreachable: the worker waits and retries",
                            extra={"worker_id": self.worker_id, "exc_type": type(error).__name__},
                        )
                    connections.close_all()
                    time.sleep(delay)
                    delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        finally:
            heartbeat.stopped.set()

    def _after_outage(self, seconds: float) -> None:
        """The database answers again: say so, and end the task the outage interrupted."""
        heartbeat_write(self.worker_id, started_at=self.started_at)  # raises while still down
        interrupted, self.current_task = self.current_task, None
        if interrupted is not None:
            task_fail_lost(interrupted, reason="The database went away while it ran.")
        logger.warning(
            "database reachable again: the worker goes on",
            extra={"worker_id": self.worker_id, "down_seconds": round(seconds, 1)},
        )

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current_task = db_task_result
        super().run_task(db_task_result)  # an outage here propagates: current_task stays set
        self.current_task = None
