"""``python manage.py purge_access_log``: access-log entries older than CONCERTO_ACCESS_LOG_MONTHS (36)
go, and audit-trail entries older than CONCERTO_AUDIT_TRAIL_YEARS (10).

Run it daily, beside ``anonymise_expired`` (cron or a systemd timer)::

    20 3 * * *  cd /srv/concerto && .venv/bin/python manage.py purge_access_log
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from concerto.privacy.services import access_log_purge, audit_trail_purge


class Command(BaseCommand):
    help = (
        "Delete the personal-data access log entries older than CONCERTO_ACCESS_LOG_MONTHS (36 by default) "
        "and the audit-trail entries older than CONCERTO_AUDIT_TRAIL_YEARS (10 by default)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{access_log_purge()} access-log entries deleted.")
        self.stdout.write(f"{audit_trail_purge()} audit-trail entries deleted.")
