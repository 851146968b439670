"""Template helpers of the public pages: the page in other languages, and an edition's "when"."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

from concerto.public.presentation import edition_when
from concerto.public.selectors import PublicEdition

register = template.Library()


def _translations(request: Any) -> dict[str, str]:
    """The current page's absolute address in each language (its query string kept)."""
    path = request.get_full_path()
    return {code: request.build_absolute_uri(translate_url(path, code)) for code, _ in settings.LANGUAGES}


@register.simple_tag(takes_context=True)
def alternate_links(context: dict[str, Any]) -> SafeString:
    """``<link rel="canonical">`` and one ``<link rel="alternate" hreflang>`` per language, plus x-default."""
    request = context["request"]
    urls = _translations(request)
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    canonical = urls.get(current, request.build_absolute_uri())
    alternates = [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]
    return format_html(
        '<link rel="canonical" href="{}">\n{}',
        canonical,
        format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', alternates),
    )


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The language switch of public pages: plain links to the same page in each language."""
    request = context["request"]
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _ in settings.LANGUAGES
    ]


@register.filter
def when(edition: PublicEdition) -> str:
    return edition_when(edition)
