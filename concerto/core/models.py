"""Plumbing state: the task workers' heartbeats."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One running ``db_worker``: it writes ``seen_at`` every few seconds (concerto/core/worker.py).

    A worker not seen for ``CONCERTO_WORKER_LOST_SECONDS`` died (killed, crashed, machine gone):
    the tasks it was running are failed and their domain told (``task_lost``).
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
