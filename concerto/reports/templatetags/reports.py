"""Template helpers of the yearly report."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A figure of the report: "< 5" when a small count was hidden, one decimal for hours."""
    if value is None:
        return f"< {settings.CONCERTO_MIN_COUNT}"
    if isinstance(value, float):
        return str(floatformat(value, -1))
    return str(value)


@register.filter
def signed(value: Any) -> str:
    """A change from the previous year: +3, −2, 0; empty when a figure is hidden."""
    if value is None:
        return ""
    text = str(floatformat(abs(value), -1)) if isinstance(value, float) else str(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "0"


@register.filter
def percent(value: int | None) -> str:
    """An attendance rate: "83 %"; a dash when there is none to give (no record, or too few people)."""
    return "—" if value is None else f"{value} %"
