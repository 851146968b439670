"""``python manage.py anonymise_expired``: the retention rule for detainee data.

Run it once a day, e.g. from cron::

    15 3 * * *  cd /srv/concerto && .venv/bin/python manage.py anonymise_expired

or from a systemd timer (``OnCalendar=*-*-* 03:15``) running the same command. Detainees who
left (or, still present, took part in nothing) more than ``CONCERTO_RETENTION_MONTHS`` months
ago are anonymised; running it twice the same day changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from concerto.detainees.services import detainees_anonymise_expired


class Command(BaseCommand):
    help = "Anonymise detainees past the retention period (CONCERTO_RETENTION_MONTHS); run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = detainees_anonymise_expired(today=options["today"])
        self.stdout.write(_("%(count)d detainee record(s) anonymised.") % {"count": count})
