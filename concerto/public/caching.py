"""HTTP caching of public pages: validators from the publication stamp, and a shared body cache.

A public page depends only on public data, the reader's language, the address (path and query)
and the day (editions end, "starting soon" moves). So its ETag is the stamp's version with a
digest of those, a conditional GET costs one read of the stamp's row, and the rendered body is
cached under the same key: a change to public data moves the version, and every cached body
and ETag is stale at once. Nothing about the visitor enters the page: no CSRF token, no user
name, so a signed-in coordinator gets the very bytes an anonymous reader gets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from concerto.public import stamp as publication

MAX_AGE_SECONDS = 300
# Bodies outlive max-age in the server's cache: the key changes with the stamp, not with time.
BODY_TIMEOUT_SECONDS = 24 * 3600

View = Callable[..., HttpResponse]


def _variant(request: HttpRequest, today: dt.date) -> str:
    """A digest of what varies the body besides the stamp (hashed: the query string is the reader's input)."""
    parts = "|".join([get_language() or "", request.get_host(), request.get_full_path(), today.isoformat()])
    return hashlib.sha256(parts.encode()).hexdigest()[:20]


def _last_modified(changed_at: dt.datetime, today: dt.date) -> dt.datetime:
    """The later of the stamp's change and the start of the Brussels day: the day changes the page too."""
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()), timezone.get_default_timezone())
    return max(changed_at.replace(microsecond=0), midnight)


def _set_public_headers(response: HttpResponse, etag: str, last_modified: dt.datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    # Read by accounts.middleware.UserLanguageMiddleware: no cookie on a page meant for shared caches.
    response.is_public_page = True  # type: ignore[attr-defined]


def public_page(view: View) -> View:
    """Serve ``view`` with ETag, Last-Modified, 304 answers and a body cache (GET and HEAD only).

    Only 200 answers are cached; a 404 (a draft, an unknown id) is rendered each time.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        current = publication.current()
        today = timezone.localdate()
        variant = _variant(request, today)
        etag = publication.etag_for(current, variant)
        last_modified = _last_modified(current.changed_at, today)
        not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified.timestamp()))
        if not_modified is not None:
            _set_public_headers(not_modified, etag, last_modified)
            return _forget_session_read(request, not_modified)
        key = f"public-page:v{current.version}:{variant}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if hasattr(response, "render"):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), BODY_TIMEOUT_SECONDS)
        _set_public_headers(response, etag, last_modified)
        return _forget_session_read(request, response)

    return wrapper


def _forget_session_read(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The body does not depend on the session; only middleware read it (to know the user's language).

    Leaving ``accessed`` set would make SessionMiddleware add ``Vary: Cookie``, and shared caches
    would then keep one copy per visitor.
    """
    session = getattr(request, "session", None)
    if session is not None and not session.modified:
        session.accessed = False
    return response
