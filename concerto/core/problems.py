"""Errors in the client's terms: RFC 9457 problem details for the API, 503 when the database is down.

Every API error, whatever raised it (a serializer, a service, Django's URL resolver, an
unexpected exception, a database outage), answers ``application/problem+json``::

    {"type": "urn:concerto:problem:validation", "code": "validation", "status": 400,
     "title": "Invalid request", "detail": "Some values are not valid: see errors.",
     "errors": {"reason": ["This field may not be blank."]}}

``code`` is stable (clients branch on it); ``title`` and ``detail`` are in the client's language
(``Accept-Language``). Pages answer HTML, as before, but a database outage is a 503 with a
``Retry-After`` there too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def retry_after_seconds() -> int:
    return int(getattr(settings, "CONCERTO_RETRY_AFTER_SECONDS", 30))


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Connection refused, server gone, too many clients: the database, not the request, is at fault.

    Integrity and programming errors are the request's or the code's fault, not an outage.
    (Lock timeouts and serialisation failures are operational errors too: trying again later
    is the right advice for them as well.)
    """
    return isinstance(error, OperationalError | InterfaceError)


# The stable codes, their status and translated title.
def _titles() -> dict[str, tuple[int, str]]:
    return {
        "validation": (400, _("Invalid request")),
        "malformed": (400, _("Malformed request")),
        "body_too_deep": (400, _("Request body nested too deeply")),
        "body_too_large": (400, _("Request body too large")),
        "not_authenticated": (401, _("Authentication required")),
        "authentication_failed": (401, _("Authentication failed")),
        "permission_denied": (403, _("Not allowed")),
        "not_found": (404, _("Not found")),
        "method_not_allowed": (405, _("Method not allowed")),
        "not_acceptable": (406, _("Not acceptable")),
        "unsupported_media_type": (415, _("Unsupported media type")),
        "throttled": (429, _("Too many requests")),
        "server_error": (500, _("Server error")),
        "database_unavailable": (503, _("Service temporarily unavailable")),
    }


def problem_body(
    code: str, detail: str, *, status: int | None = None, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    default_status, title = _titles().get(code, (status or 400, _("Request refused")))
    body: dict[str, Any] = {
        "type": f"urn:concerto:problem:{code}",
        "code": code,
        "status": status or default_status,
        "title": title,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(
    code: str,
    detail: str,
    *,
    status: int | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body = problem_body(code, detail, status=status, errors=errors)
    return JsonResponse(body, status=body["status"], content_type=CONTENT_TYPE, headers=headers)


def max_body_bytes() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)


def body_too_large_detail() -> str:
    from django.template.defaultfilters import filesizeformat

    return _("The request body is larger than %(size)s; send less at a time.") % {
        "size": filesizeformat(max_body_bytes())
    }


def database_unavailable_detail() -> str:
    return _("The database cannot be reached at the moment. Nothing was changed; try again in a minute.")


def database_unavailable_response() -> JsonResponse:
    return problem_response(
        "database_unavailable",
        database_unavailable_detail(),
        headers={"Retry-After": str(retry_after_seconds())},
    )
