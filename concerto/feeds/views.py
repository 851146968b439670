"""Calendar feed answers: the public ones per prison, unit and activity, and the private one.

Reading the private feed writes no ``privacy.PersonalDataAccess`` row, unlike pages with personal
data: it holds no personal data of detainees (no participant, no application, no attendance), only
sessions, rooms and the reader's own organisation, so there is no access to log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_POST

from concerto.accounts.audit import client_address
from concerto.accounts.models import User
from concerto.accounts.permissions import actor_for
from concerto.feeds import selectors, services
from concerto.feeds.ical import CONTENT_TYPE, Feed
from concerto.feeds.ical import render as render_ical
from concerto.public import stamp as publication

# Public feeds may sit in shared caches for half an hour: a cancellation reaches subscribers
# within that (plus their own refresh interval). The private one only in the reader's own.
PUBLIC_CACHE_CONTROL = "public, max-age=1800"
PRIVATE_CACHE_CONTROL = "private, max-age=1800"


def _links(request: HttpRequest) -> selectors.FeedLinks:
    return selectors.FeedLinks(origin=request.build_absolute_uri("/").rstrip("/"))


def _ics(body: bytes, *, filename: str, headers: dict[str, str]) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    for name, value in headers.items():
        response[name] = value
    return response


def _public_feed(request: HttpRequest, kind: str, key: str, build: Callable[[], Feed | None]) -> HttpResponse:
    """Answer one public feed, or 304 while the client's copy is still the current one.

    The validator is the publication stamp, the language and the day (the feed's window starts
    a few weeks before today), so a conditional request costs one read of one row. A client
    can only hold that ETag from an earlier answer for the same URL.
    """
    stamp = publication.current()
    language = translation.get_language() or ""
    day = timezone.localdate().isoformat()
    headers = {
        "ETag": publication.etag_for(stamp, kind, key, language, day),
        "Last-Modified": http_date(publication.last_modified(stamp).timestamp()),
        "Cache-Control": PUBLIC_CACHE_CONTROL,
    }
    not_modified = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(publication.last_modified(stamp).timestamp())
    )
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    feed = build()
    if feed is None:
        raise Http404
    return _ics(render_ical(feed), filename=f"{kind}-{key}.ics", headers=headers)


@require_GET
def prison_feed(request: HttpRequest, code: str) -> HttpResponse:
    links = _links(request)
    return _public_feed(
        request,
        "prison",
        code,
        lambda: selectors.prison_feed(code=code, links=links, source=request.build_absolute_uri()),
    )


@require_GET
def unit_feed(request: HttpRequest, pk: int) -> HttpResponse:
    links = _links(request)
    return _public_feed(
        request,
        "unit",
        str(pk),
        lambda: selectors.unit_feed(pk=pk, links=links, source=request.build_absolute_uri()),
    )


@require_GET
def activity_feed(request: HttpRequest, pk: int) -> HttpResponse:
    links = _links(request)
    return _public_feed(
        request,
        "activity",
        str(pk),
        lambda: selectors.activity_feed(pk=pk, links=links, source=request.build_absolute_uri()),
    )


@require_GET
def private_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed of whoever the secret belongs to (calendar applications send no cookie).

    Written in its owner's interface language. Its ETag is a digest of the body: rooms and
    memberships, which it also shows, do not move the publication stamp.
    """
    owner = services.private_feed_owner(secret=secret)
    if owner is None:
        raise Http404
    with translation.override(owner.language):
        body = render_ical(selectors.private_feed(actor=actor_for(owner), links=_links(request)))
    headers = {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Cache-Control": PRIVATE_CACHE_CONTROL,
        "X-Robots-Tag": "noindex",
        "Referrer-Policy": "no-referrer",
    }
    not_modified = get_conditional_response(request, etag=headers["ETag"])
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    return _ics(body, filename="my-sessions.ics", headers=headers)


@login_required
@require_POST
def private_feed_renew(request: HttpRequest) -> HttpResponse:
    """Give the signed-in user a new private address and show it, once (only its fingerprint is kept)."""
    user = cast(User, request.user)
    try:
        secret = services.private_feed_renew(user=user, ip_address=client_address(request))
    except services.NoPrivateFeed as refusal:
        raise PermissionDenied from refusal
    address = request.build_absolute_uri(reverse("feeds_private:calendar", args=[secret]))
    response = render(
        request,
        "feeds/private_feed_renewed.html",
        {"address": address, "webcal": "webcal://" + address.split("://", 1)[1]},
    )
    # The page holds the secret: no cache, no history copy.
    response["Cache-Control"] = "no-store"
    return response
