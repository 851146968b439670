"""``{% may_print_publicity as may_print %}``: whether the reader may print posters and flyers."""

from __future__ import annotations

from typing import Any

from django import template

from concerto.accounts.permissions import actor_for
from concerto.publicity.permissions import can_print_publicity

register = template.Library()


@register.simple_tag(takes_context=True)
def may_print_publicity(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return bool(request is not None and can_print_publicity(actor_for(request.user)))
