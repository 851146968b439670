"""``python manage.py mark_stalled_imports``: imports whose background worker died end as failed.

An import checking or applying for longer than ``CONCERTO_IMPORT_STALL_MINUTES`` (default 30)
lost its worker (a crash, a restart during the run) and would otherwise show "running"
forever. Run it every few minutes, e.g. from cron::

    */10 * * * *  cd /srv/concerto && .venv/bin/python manage.py mark_stalled_imports

Nothing is lost: an import writes everything in one transaction at its very end, so one that
stopped wrote nothing. The list of imports runs the same check on each visit.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from concerto.detainees.services import imports_mark_stalled


class Command(BaseCommand):
    help = "Mark as failed the imports running for longer than CONCERTO_IMPORT_STALL_MINUTES (their worker died)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = imports_mark_stalled()
        self.stdout.write(_("%(count)d stalled import(s) marked as failed.") % {"count": count})
