"""The yearly report in the demo: nothing to load (its figures come from the demo's sessions and
attendance), one thing to try."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concerto.catalogue.models import Session, SessionStatus
from concerto.reports.selectors import year_bounds


def demo_report_year(today: dt.date) -> int:
    """This year, or last year early in January, when most of the demo's sessions held fell in it."""
    held = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__lt=timezone.now())
    this_year, last_year = (
        held.filter(starts_at__range=year_bounds(year)).count() for year in (today.year, today.year - 1)
    )
    return today.year if this_year >= last_year else today.year - 1


def demo_reports_try_it(*, today: dt.date) -> list[str]:
    year = demo_report_year(today)
    with translation.override("fr"):
        url = reverse("reports:year", args=[year])
        pdf = reverse("reports:year_pdf", args=[year])
    return [
        _(
            "Yearly report (log in as %(user)s): %(url)s draws the hours per category, the participants per "
            "unit and the attendance per month; write a text for a section, then print the report for the "
            "funder: %(pdf)s"
        )
        % {"user": "coordinator", "url": url, "pdf": pdf}
    ]
