"""Template helpers of the registration side; the rules stay in ``registrations.permissions``."""

from __future__ import annotations

from typing import Any

from django import template

from concerto.accounts.permissions import actor_for
from concerto.detainees.models import Detainee
from concerto.registrations import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can_open_registrations(context: dict[str, Any], edition: Any) -> bool:
    """``{% can_open_registrations edition as show %}``: whether to link to the edition's registrations."""
    request = context.get("request")
    actor = context.get("actor") or actor_for(getattr(request, "user", None))
    return permissions.can_open_registrations(actor, edition)


@register.filter
def person_name(detainee: Detainee, full_identity: bool) -> str:
    """Full name, or first name and initial for those who may see no more (partner facilitators)."""
    if full_identity:
        return f"{detainee.last_name.upper()} {detainee.first_name}"
    return detainee.short_name
