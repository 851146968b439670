"""API errors as problem details (concerto/core/problems.py), whatever raised them.

Django's ValidationError and PermissionDenied from services become 400 and 403 like DRF's own;
field errors go under ``errors`` (``non_field_errors`` for the whole request). A database outage
is a 503 with Retry-After. Anything else unexpected is left to Django's handler500, which
answers a JSON 500 under /api/.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import set_rollback

from concerto.core import problems

# DRF's codes for its own exceptions, as this API's stable codes.
DRF_CODES = {
    "parse_error": "malformed",
    "authentication_failed": "authentication_failed",
    "not_authenticated": "not_authenticated",
    "permission_denied": "permission_denied",
    "not_found": "not_found",
    "method_not_allowed": "method_not_allowed",
    "not_acceptable": "not_acceptable",
    "unsupported_media_type": "unsupported_media_type",
    "throttled": "throttled",
}


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, list | tuple):
        return [m for item in detail for m in _messages(item)]
    if isinstance(detail, dict):  # a nested serializer's errors: keep the messages, flattened
        return [m for item in detail.values() for m in _messages(item)]
    return [str(detail)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _validation_problem(errors: dict[str, list[str]]) -> JsonResponse:
    only_general = set(errors) == {"non_field_errors"}
    detail = " ".join(errors["non_field_errors"]) if only_general else _("Some values are not valid: see errors.")
    return problems.problem_response("validation", detail, errors=errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> JsonResponse | None:
    response = _problem_for(exc)
    if response is not None:
        set_rollback()  # like DRF's own handler: an atomic request writes nothing
    return response


def _problem_for(exc: Exception) -> JsonResponse | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {
                ("non_field_errors" if key == NON_FIELD_ERRORS else key): [m for e in errors for m in e.messages]
                for key, errors in exc.error_dict.items()
            }
        else:
            errors = {"non_field_errors": exc.messages}
        return _validation_problem(errors)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_problem(_field_errors(exc.detail))
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if problems.is_database_unavailable(exc):
        return problems.database_unavailable_response()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's handler500 logs it and answers a JSON 500
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = str(exc.auth_header)  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    detail = exc.detail
    drf_code = detail.code if isinstance(detail, exceptions.ErrorDetail) else exc.default_code
    code = getattr(exc, "problem_code", None) or DRF_CODES.get(str(drf_code), str(drf_code))
    return problems.problem_response(code, " ".join(_messages(detail)), status=exc.status_code, headers=headers or None)
