"""When a prison allows activities: weekday time windows, closure days, public holidays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concerto.prisons.models import ActivityWindow, Prison

# The holidays library's names for Belgium exist in French, Dutch and American English.
HOLIDAY_LANGUAGES = {"fr": "fr", "nl": "nl", "en": "en_US"}


@lru_cache(maxsize=64)
def _belgian_holidays(year: int, language: str) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("BE", years=year, language=language))


def belgian_holidays(year: int) -> dict[dt.date, str]:
    """Belgian public holidays of ``year``, named in the reader's language (``holidays`` library)."""
    language = HOLIDAY_LANGUAGES.get((get_language() or "fr")[:2], "fr")
    return _belgian_holidays(year, language)


@dataclass(frozen=True)
class OpeningProblem:
    day: dt.date
    reason: str
    is_closure: bool  # True for a whole closed day, False for a time outside the windows


class PrisonCalendar:
    """The opening rules of one prison, loaded once and checked for many sessions."""

    def __init__(self, prison: Prison) -> None:
        self.prison = prison
        self.windows: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for window in ActivityWindow.objects.filter(prison=prison).order_by("starts_at"):
            self.windows.setdefault(window.weekday, []).append((window.starts_at, window.ends_at))
        self.closures = dict(prison.closure_days.values_list("date", "reason"))

    def closure_reason(self, day: dt.date) -> str | None:
        if day in self.closures:
            return self.closures[day]
        if self.prison.closed_on_public_holidays:
            name = belgian_holidays(day.year).get(day)
            if name:
                return _("public holiday (%(name)s)") % {"name": name}
        return None

    def problem(self, day: dt.date, starts: dt.time, ends: dt.time) -> OpeningProblem | None:
        closure = self.closure_reason(day)
        if closure:
            return OpeningProblem(
                day,
                _("%(day)s: the prison is closed to activities: %(reason)s")
                % {"day": date_format(day, "SHORT_DATE_FORMAT"), "reason": closure},
                is_closure=True,
            )
        windows = self.windows.get(day.weekday(), [])
        if any(start <= starts and ends <= end for start, end in windows):
            return None
        if windows:
            allowed = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in windows)
            reason = _("%(day)s: %(start)s–%(end)s is outside the activity hours of %(weekday)s (%(allowed)s)") % {
                "day": date_format(day, "SHORT_DATE_FORMAT"),
                "start": f"{starts:%H:%M}",
                "end": f"{ends:%H:%M}",
                "weekday": date_format(day, "l"),
                "allowed": allowed,
            }
        else:
            reason = _("%(day)s: the prison has no activity hours on %(weekday)s") % {
                "day": date_format(day, "SHORT_DATE_FORMAT"),
                "weekday": date_format(day, "l"),
            }
        return OpeningProblem(day, reason, is_closure=False)

    def problems(self, slots: Iterable[tuple[dt.date, dt.time, dt.time]]) -> list[OpeningProblem]:
        return [p for day, s, e in slots if (p := self.problem(day, s, e)) is not None]
