"""``{% private_feed_section %}``: the private calendar section of "My account".

A template tag rather than an import in ``accounts.views``, so that accounts does not import
feeds (which builds on accounts): the account page only names the tag.
"""

from __future__ import annotations

from typing import Any

from django import template

from concerto.accounts.permissions import actor_for
from concerto.feeds.selectors import may_have_private_feed, private_feed_token_of

register = template.Library()


@register.inclusion_tag("feeds/private_feed_section.html", takes_context=True)
def private_feed_section(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {
        "may_have": may_have_private_feed(actor_for(user)),
        "token": private_feed_token_of(user),
        "csrf_token": context.get("csrf_token"),
    }
