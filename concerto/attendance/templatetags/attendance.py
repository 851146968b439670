"""Template helpers of the attendance pages: small counts and the links other pages show."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from concerto.accounts.permissions import actor_for
from concerto.attendance import permissions
from concerto.catalogue.models import Edition

register = template.Library()


@register.filter
def small_count(value: int | None) -> str:
    """A statistic from ``safe_count``: the number, or "< 5" when it was hidden."""
    return f"< {settings.CONCERTO_MIN_COUNT}" if value is None else str(value)


@register.simple_tag(takes_context=True)
def attendance_links(context: dict[str, Any], edition: Edition) -> dict[str, bool]:
    """Which attendance links the edition page shows to the reader (the pages check again)."""
    request = context.get("request")
    actor = actor_for(getattr(request, "user", None))
    return {
        "record": permissions.can_record_attendance_for_edition(actor, edition),
        "follow_up": permissions.can_read_follow_up(actor, edition),
    }
