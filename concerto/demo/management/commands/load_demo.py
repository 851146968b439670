"""``python manage.py load_demo``: load the demo data (again, harmlessly) and list the logins."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.demo.services import DemoSummary, demo_load

DEFAULT_ADDRESS = "127.0.0.1:8000"  # runserver's; `make run` passes its HOST:PORT
# The services log each application and move they make (two hundred lines for the demo): shown
# with --verbosity 2 only.
CHATTY_LOGGERS = ("concerto.registrations.services", "concerto.attendance.services")


@contextmanager
def _quiet(loggers: tuple[str, ...], *, enabled: bool) -> Iterator[None]:
    previous = {name: logging.getLogger(name).level for name in loggers}
    if enabled:
        for name in loggers:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield
    finally:
        for name, level in previous.items():
            logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = "Load the demo data around today's date; running it again changes nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--address",
            default=DEFAULT_ADDRESS,
            help=f"HOST:PORT the server listens on, for the address printed at the end (default {DEFAULT_ADDRESS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with _quiet(CHATTY_LOGGERS, enabled=options["verbosity"] < 2):
            summary = demo_load(today=timezone.localdate())
        self._report_created(summary)
        self._report_logins(summary, url=f"http://{options['address']}/")
        self._report_try_it(summary)

    def _report_created(self, summary: DemoSummary) -> None:
        if not summary.created_anything:
            self.stdout.write(_("The demo data were already loaded: nothing changed."))
            return
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded:")))
        for name, count in summary.created.items():
            if count:
                self.stdout.write(f"  {count:>4}  {name}")

    def _report_logins(self, summary: DemoSummary, *, url: str) -> None:
        headers = (_("Username"), _("Role"), _("Organisation"), _("Password"))
        rows = [(login.username, login.role, login.organisation, summary.password) for login in summary.logins]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        for index, row in enumerate([headers, *rows]):
            self.stdout.write("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s and log in with one of these.") % {"url": url})

    def _report_try_it(self, summary: DemoSummary) -> None:
        if not summary.try_it:
            return
        self.stdout.write("")
        self.stdout.write(_("Try it:"))
        for line in summary.try_it:
            self.stdout.write(f"  - {line}")
