"""Background work on detainee data (django-tasks; ``manage.py db_worker`` runs it).

Arguments are ids, never personal data: the task queue is stored in the database and kept
after the run. A crash marks the import failed (so its page stops waiting) and logs only the
kind of error, since database messages may quote values from the file.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks import task

from concerto.core.worker import task_lost
from concerto.detainees import services
from concerto.detainees.models import DetaineeImport

logger = logging.getLogger("concerto.detainees")


def _run(step: str, import_id: int, user_id: int | None) -> str:
    detainee_import = DetaineeImport.objects.filter(pk=import_id).first()
    if detainee_import is None:
        return "missing"
    with services.in_language_of(user_id):
        try:
            actor = services.actor_of(user_id)
            if step == "validate":
                detainee_import = services.import_validate(actor=actor, detainee_import=detainee_import)
            else:
                detainee_import = services.import_apply(actor=actor, detainee_import=detainee_import)
        except Exception as error:  # noqa: BLE001 - any crash must end the import, not leave it waiting
            # Logged without the message (it may hold values from the file), then the import is failed.
            logger.error(
                "import task crashed", extra={"import_id": import_id, "step": step, "exc_type": type(error).__name__}
            )
            services.import_fail(import_id=import_id)
            return "failed"
    return str(detainee_import.status)


@task()
def validate_import(import_id: int, user_id: int | None) -> str:
    """Check every row of an uploaded list and prepare the preview."""
    return _run("validate", import_id, user_id)


@task()
def apply_import(import_id: int, user_id: int | None) -> str:
    """Write a checked list, all or nothing."""
    return _run("apply", import_id, user_id)


@task()
def anonymise_expired() -> int:
    """The retention rule; run daily (see ``manage.py anonymise_expired``)."""
    return services.detainees_anonymise_expired()


IMPORT_TASKS = frozenset({f"{__name__}.validate_import", f"{__name__}.apply_import"})


@receiver(task_lost, dispatch_uid="detainees-import-task-lost")
def import_task_lost(sender: Any, task_path: str, args: list[Any], kwargs: dict[str, Any], **extra: Any) -> None:
    """An import's worker died: the import is failed (nothing was written), never left "running"."""
    import_id = kwargs.get("import_id", args[0] if args else None)
    if task_path in IMPORT_TASKS and import_id is not None:
        services.import_fail_interrupted(import_id=int(import_id))
