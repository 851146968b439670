"""What search engines are told: the sitemap's entries and robots.txt's rules.

The sitemap lists every public page in each language with its alternates in the others
(``xhtml:link``), so an engine shows a reader the page in their language. robots.txt allows
everything but the pages behind sign-in, which it derives from the URL configuration: a new
staff app is disallowed without anyone remembering to add it here, and open data published
outside those prefixes stays allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from concerto.public import selectors

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
# Behind sign-in but outside the language prefix.
STAFF_ROOTS = ["/admin/", "/api/v1/", "/api/schema/", "/i18n/"]


@dataclass(frozen=True)
class SitemapEntry:
    location: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default included


def _public_pages() -> list[tuple[str, tuple[int, ...]]]:
    pages: list[tuple[str, tuple[int, ...]]] = [("public:offer", ())]
    pages += [("public:activity", (activity.pk,)) for activity in selectors.offer()]
    pages += [("public:organisation", (organisation.pk,)) for organisation in selectors.organisation_list()]
    pages += [("public:prison", (prison.pk,)) for prison in selectors.prison_list()]
    return pages


def sitemap_entries(absolute: Callable[[str], str]) -> list[SitemapEntry]:
    """One entry per public page and language, each naming the page in every language."""
    entries = []
    for name, args in _public_pages():
        urls = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                urls[code] = absolute(reverse(name, args=args))
        alternates = (*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE]))
        entries += [SitemapEntry(location=urls[code], alternates=alternates) for code in LANGUAGE_CODES]
    return entries


def _first_segments(entries: list[URLPattern | URLResolver]) -> list[str]:
    """The first path segment of each staff route under the language prefix (the public ones left out)."""
    segments: list[str] = []
    for entry in entries:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver) and entry.namespace == "public":
            continue
        if route == "":
            if isinstance(entry, URLResolver):
                segments += _first_segments(entry.url_patterns)
            continue
        segment = route.split("/", 1)[0] + "/"
        if segment not in segments:
            segments.append(segment)
    return segments


def staff_prefixes() -> list[str]:
    """Every address prefix behind sign-in, in every language."""
    prefixes = list(STAFF_ROOTS)
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    segments = _first_segments(entry.url_patterns)
                prefixes += [f"/{code}/{segment}" for segment in segments if f"/{code}/{segment}" not in prefixes]
    return prefixes


def robots_lines(*, sitemap_url: str) -> list[str]:
    public = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            public.append(reverse("public:offer"))
    return [
        "User-agent: *",
        *[f"Allow: {path}" for path in public],
        *[f"Disallow: {prefix}" for prefix in staff_prefixes()],
        f"Sitemap: {sitemap_url}",
    ]
