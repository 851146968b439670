"""What every open-data answer shares: its language, its validators and its cache headers.

Open-data URLs are not language-prefixed (harvesters keep one URL): the language comes from
``?lang=fr|nl|en``, else ``Accept-Language``, else French. A response's ETag is the
publication stamp's version with what varies the body (language, day, query), so a harvester's
conditional GET costs one row read and answers 304 until something public changes; the day is
in it because editions leave the offer when they end, without any write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation.trans_real import parse_accept_lang_header

from concerto.core.translation import CONTENT_LANGUAGES
from concerto.public import stamp

JSON_TYPE = "application/json; charset=utf-8"
NDJSON_TYPE = "application/x-ndjson; charset=utf-8"
CACHE_CONTROL = "public, max-age=300"


def request_language(request: HttpRequest) -> str:
    """``?lang=``, else the first supported language of ``Accept-Language``, else French."""
    asked = request.GET.get("lang", "")[:2].lower()
    if asked in CONTENT_LANGUAGES:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code[:2].lower() in CONTENT_LANGUAGES:
            return code[:2].lower()
    return settings.LANGUAGE_CODE


def in_request_language(request: HttpRequest) -> AbstractContextManager[None]:
    return translation.override(request_language(request))


def _validators(request: HttpRequest, language: str) -> tuple[str, dt.datetime]:
    current = stamp.current()
    today = timezone.localdate()
    query = hashlib.sha256(f"{request.path}?{sorted(request.GET.lists())}".encode()).hexdigest()[:12]
    etag = stamp.etag_for(current, language, today.isoformat(), query)
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return etag, max(stamp.last_modified(current), midnight)


def conditional(
    request: HttpRequest, build: Callable[[], HttpResponseBase], *, per_language: bool = True
) -> HttpResponseBase:
    """``build()``'s response with ETag, Last-Modified and caching headers, or 304 when unchanged."""
    language = request_language(request) if per_language else "-"
    etag, modified = _validators(request, language)
    unchanged = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))
    response: HttpResponseBase
    if unchanged is not None:
        response = unchanged
    else:
        with translation.override(language if per_language else settings.LANGUAGE_CODE):
            response = build()
        if response.status_code >= 400:
            return response  # a refusal is not a version of the data: no validators
        if per_language:
            response["Content-Language"] = language
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Language"
    # Open data: any web page may read it (nothing here depends on a session).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(body: Any, *, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False, indent=1), content_type=JSON_TYPE, status=status)


def ndjson_response(objects: Iterable[Any]) -> HttpResponse:
    lines = (json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)
    return HttpResponse("".join(lines), content_type=NDJSON_TYPE)


def problem(detail: str, *, status: int = 400) -> HttpResponse:
    """A problem answer (RFC 9457) for a bad parameter or an unknown id."""
    body = {
        "type": "about:blank",
        "status": status,
        "title": "Bad Request" if status == 400 else "Not Found",
        "detail": detail,
    }
    return HttpResponse(json.dumps(body), content_type="application/problem+json", status=status)
