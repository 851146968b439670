"""Recurring schedules (RFC 5545 rules, via python-dateutil) turned into concrete sessions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A safety net: an edition never needs more meetings than this.
MAX_OCCURRENCES = 400


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def parse_rule(rule: str, first_day: dt.date) -> None:
    """Raise ValidationError with a readable message when ``rule`` is not a valid RFC 5545 RRULE."""
    _occurrence_dates(rule, first_day, first_day + dt.timedelta(days=7))


def _occurrence_dates(rule: str, first_day: dt.date, last_day: dt.date) -> list[dt.date]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if "UNTIL" in text.upper() or "DTSTART" in text.upper():
        raise ValidationError(_("Leave UNTIL and DTSTART out of the rule: the edition's period sets them."))
    start = dt.datetime.combine(first_day, dt.time(0, 0))
    try:
        recurrence = rrulestr(text, dtstart=start, forceset=True)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("This recurrence rule is not valid (RFC 5545): %(error)s") % {"error": error}
        ) from error
    end = dt.datetime.combine(last_day, dt.time(23, 59))
    dates: list[dt.date] = []
    for occurrence in recurrence.xafter(start, inc=True):
        if occurrence > end:
            break
        dates.append(occurrence.date())
        if len(dates) > MAX_OCCURRENCES:
            raise ValidationError(
                _("This rule makes more than %(max)d sessions; choose a longer interval or a shorter period.")
                % {"max": MAX_OCCURRENCES}
            )
    return dates


def occurrence_dates(rule: str, first_day: dt.date, last_day: dt.date, excluded: set[dt.date]) -> list[dt.date]:
    """The dates the rule gives from ``first_day`` to ``last_day`` inclusive, less ``excluded``."""
    return [day for day in _occurrence_dates(rule, first_day, last_day) if day not in excluded]


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A local wall-clock time in the prison's time zone (Europe/Brussels), DST-safe."""
    return dt.datetime.combine(day, time, tzinfo=local_zone())


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_rule(weekdays: list[int], interval: int = 1) -> str:
    """Build an RRULE for the simple form: every ``interval`` weeks on these weekdays (0 = Monday)."""
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    rule = f"FREQ=WEEKLY;BYDAY={days}"
    return rule if interval == 1 else f"{rule};INTERVAL={interval}"
