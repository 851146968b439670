"""Fields every app's serializers share: texts in the reader's language, plausible dates.

Serializers check that input is well formed (types, formats, ids that exist and that the reader
may see) and turn it into the arguments of the services. The rules (who may do what, opening
hours, double bookings...) stay in the services, which raise field-keyed errors the exception
handler returns as 400. Each app keeps its own serializers (``<app>/api.py`` or
``<app>/serializers.py``); only what several of them use lives here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concerto.core.translation import CONTENT_LANGUAGES, localised

NAME_FIELDS = [f"name_{code}" for code in CONTENT_LANGUAGES]


@extend_schema_field(OpenApiTypes.STR)
class LocalisedField(serializers.Field):
    """Read-only: a translated text in the request language, or in another one when it is missing."""

    def __init__(self, field: str, *, language: bool = False, source: str = "*", **kwargs: Any) -> None:
        self.translated_field = field
        self.language = language
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        text = localised(value, self.translated_field)
        return text.language if self.language else text.text


# Dates outside these years are typing mistakes, and near the ends of Python's calendar
# the services' date arithmetic (time zones, recurrences) overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_plausible_day(day: dt.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise serializers.ValidationError(
            _("Give a date from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


class PlausibleDateField(serializers.DateField):
    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        check_plausible_day(day)
        return day


class PlausibleDateTimeField(serializers.DateTimeField):
    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        # Checked first: DRF's own time zone check overflows on the first and last days of year 1 and 9999.
        check_plausible_day(value.date())
        return super().enforce_timezone(value)
