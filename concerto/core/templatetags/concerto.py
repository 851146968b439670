"""Template helpers: localised catalogue text with an honest fallback notice."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from concerto.core.translation import localised, same_page_in

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.simple_tag
def tr(obj: Any, field: str, with_notice: bool = True) -> SafeString:
    """Render ``obj.<field>_<lang>`` in the reader's language, or another one with a notice."""
    text = localised(obj, field)
    if not text.text:
        return mark_safe("")
    if not text.is_fallback:
        return format_html("{}", text.text)
    if not with_notice:
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-notice">({})</small>',
        text.language,
        text.text,
        _("shown in %(language)s: not yet translated") % {"language": LANGUAGE_NAMES[text.language]},
    )


@register.simple_tag
def tr_text(obj: Any, field: str) -> str:
    """Plain text of the localised value (for attributes and titles)."""
    return localised(obj, field).text


@register.simple_tag(takes_context=True)
def url_in_language(context: dict[str, Any], language: str) -> str:
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return same_page_in(path, language)


@register.simple_block_tag
def scrollable_table(content: str, label: str) -> SafeString:
    """A wide table scrolls sideways inside its own box, never the page (a phone is 390 px wide).

    The box is a named region that takes the keyboard focus, so that it can be scrolled without
    a mouse (axe: scrollable-region-focusable).
    """
    return format_html('<div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>', label, content)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def rule_text(rule: str) -> str:
    """An edition's recurrence rule in words where it is a simple weekly one."""
    from concerto.catalogue.scheduling import describe_rule

    return describe_rule(rule) if rule else ""
