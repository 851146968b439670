"""Recurring schedules (RFC 5545 rules, via python-dateutil) turned into concrete sessions."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A safety net: an edition never needs more meetings than this.
MAX_OCCURRENCES = 400


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# What an edition's rule may say. Times come from the edition, the period sets DTSTART and
# UNTIL; sub-daily frequencies and BYEASTER make no sense for sessions and are refused.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
MAX_INTERVAL = 52
NUMERIC_PARTS: dict[str, tuple[int, int, bool]] = {
    # name: (smallest, largest absolute value, negative values allowed)
    "INTERVAL": (1, MAX_INTERVAL, False),
    "COUNT": (1, MAX_OCCURRENCES, False),
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
DAY_RULE = re.compile(r"^([+-]?)(\d{0,2})(MO|TU|WE|TH|FR|SA|SU)$")
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def validate_rule(rule: str) -> str:
    """Check an RRULE value part by part and return it normalised (upper case, no "RRULE:").

    python-dateutil loops for minutes on rules that can never happen (BYMONTH=2;BYMONTHDAY=30)
    and crashes on out-of-range values, so every part is checked here before it computes.
    Raises ValidationError with a message that names the faulty part.
    """
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    if "\n" in text or "\r" in text:
        raise ValidationError(_("Give one rule on one line."))
    parts: dict[str, str] = {}
    for chunk in [c for c in text.split(";") if c.strip()]:
        name, sep, value = chunk.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not value:
            raise ValidationError(_("“%(part)s” is not of the form NAME=value.") % {"part": chunk})
        if name in parts:
            raise ValidationError(_("%(name)s is given twice.") % {"name": name})
        parts[name] = value
    if "UNTIL" in parts or "DTSTART" in parts:
        raise ValidationError(_("Leave UNTIL and DTSTART out of the rule: the edition's period sets them."))
    allowed = {"FREQ", "BYDAY", "WKST", *NUMERIC_PARTS}
    unknown = sorted(set(parts) - allowed)
    if unknown:
        raise ValidationError(
            _("%(parts)s cannot be used here; times come from the session start and end fields.")
            % {"parts": ", ".join(unknown)}
        )
    if parts.get("FREQ") not in FREQUENCIES:
        raise ValidationError(_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    values: dict[str, list[int]] = {}
    for name, (low, high, signed) in NUMERIC_PARTS.items():
        if name not in parts:
            continue
        numbers = []
        for item in parts[name].split(","):
            try:
                number = int(item)
            except ValueError:
                number = 0
            if not (low <= abs(number) <= high) or (number < 0 and not signed):
                raise ValidationError(
                    _("%(name)s takes whole numbers from %(low)d to %(high)d.")
                    % {"name": name, "low": low, "high": high}
                )
            numbers.append(number)
        values[name] = numbers
    for name in ("BYDAY", "WKST"):
        for item in parts.get(name, "").split(",") if name in parts else []:
            match = DAY_RULE.match(item)
            if not match or (name == "WKST" and (match.group(1) or match.group(2))):
                raise ValidationError(_("“%(value)s” is not a weekday such as MO, TU or 1TU.") % {"value": item})
            if match.group(2) and not 1 <= int(match.group(2)) <= 53:
                raise ValidationError(_("“%(value)s” is not a weekday such as MO, TU or 1TU.") % {"value": item})
    months = values.get("BYMONTH")
    month_days = [d for d in values.get("BYMONTHDAY", []) if d > 0]
    if months and month_days and not any(day <= DAYS_IN_MONTH[m - 1] for m in months for day in month_days):
        raise ValidationError(_("These months never have these days (e.g. 30 February): no session would ever happen."))
    return ";".join(f"{name}={value}" for name, value in parts.items())


def parse_rule(rule: str, first_day: dt.date) -> None:
    """Raise ValidationError with a readable message when ``rule`` is not a usable RFC 5545 RRULE."""
    _occurrence_dates(rule, first_day, first_day + dt.timedelta(days=7))


def _occurrence_dates(rule: str, first_day: dt.date, last_day: dt.date) -> list[dt.date]:
    text = validate_rule(rule)
    start = dt.datetime.combine(first_day, dt.time(0, 0))
    end = dt.datetime.combine(last_day, dt.time(23, 59))
    dates: list[dt.date] = []
    try:
        recurrence = rrulestr(text, dtstart=start, forceset=True)
        for occurrence in recurrence.xafter(start, inc=True):
            if occurrence > end:
                break
            dates.append(occurrence.date())
            if len(dates) > MAX_OCCURRENCES:
                raise ValidationError(
                    _("This rule makes more than %(max)d sessions; choose a longer interval or a shorter period.")
                    % {"max": MAX_OCCURRENCES}
                )
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        raise ValidationError(
            _("This recurrence rule is not valid (RFC 5545): %(error)s") % {"error": error}
        ) from error
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


def describe_rule(rule: str) -> str:
    """A reader's description of simple weekly rules ("every Tuesday and Thursday"), else the rule itself."""
    from django.utils.dates import WEEKDAYS
    from django.utils.text import get_text_list

    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    days = parts.get("BYDAY", "").split(",")
    if parts.get("FREQ") != "WEEKLY" or not set(parts) <= {"FREQ", "BYDAY", "INTERVAL"}:
        return rule
    if not all(day in WEEKDAY_CODES for day in days):
        return rule
    names = get_text_list([str(WEEKDAYS[WEEKDAY_CODES.index(day)]).lower() for day in days], _("and"))
    interval = int(parts.get("INTERVAL", "1"))
    if interval == 1:
        return _("every %(days)s") % {"days": names}
    return _("every %(weeks)d weeks on %(days)s") % {"weeks": interval, "days": names}
