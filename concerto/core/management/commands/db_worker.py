"""``manage.py db_worker``: django-tasks-db's worker, made to outlive outages (concerto/core/worker.py).

Same options as django-tasks-db's command (``--queue-name '*'``, ``--interval``, ``--batch``…);
this app comes before django_tasks_db in INSTALLED_APPS, so this command is the one that runs.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from concerto.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the background task worker (waits through database outages; heartbeat and watchdog)."

    def handle(self, *args: Any, **options: Any) -> None:
        original = db_worker.Worker
        # The parent's handle() builds its worker by this module-level name.
        db_worker.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
