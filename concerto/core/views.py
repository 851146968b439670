"""Views that belong to no domain: health check, error pages."""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from concerto.core import problems
from concerto.core.worker import worker_status

logger = logging.getLogger("concerto.health")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For probes: 200 when the app, its database and the task workers answer, 503 otherwise.

    ``?check=web`` leaves the workers out, for a load balancer (a dead worker is no reason to
    stop serving pages). The worker part names the last heartbeat and the tasks waiting.
    """
    retry = {"Retry-After": str(problems.retry_after_seconds())}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("database unreachable", extra={"exc_type": type(error).__name__})
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503, headers=retry)
    if request.GET.get("check") == "web":
        return JsonResponse({"status": "ok", "database": "ok"})
    workers = worker_status()
    report = {
        "last_heartbeat": workers.last_heartbeat.isoformat() if workers.last_heartbeat else None,
        "alive": workers.workers_alive,
        "waiting_tasks": workers.waiting_tasks,
        "running_tasks": workers.running_tasks,
    }
    if workers.problem:
        logger.error("task workers not running", extra={"reason": workers.problem})
        return JsonResponse(
            {"status": "error", "database": "ok", "worker": {**report, "problem": workers.problem}},
            status=503,
            headers=retry,
        )
    return JsonResponse({"status": "ok", "database": "ok", "worker": report})


# --- Error handlers (concerto/urls.py): JSON problems under /api/, pages elsewhere -------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if problems.is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return problems.problem_response("body_too_large", problems.body_too_large_detail())
        return problems.problem_response("malformed", _("The request could not be read."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if problems.is_api(request):
        return problems.problem_response("permission_denied", str(exception) or _("You are not allowed to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if problems.is_api(request):
        return problems.problem_response("not_found", _("Nothing is found at this address."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the database is unreachable (the honest answer then).

    Called by Django while the exception is being handled, so ``sys.exc_info()`` names it. The
    page is rendered without a request context: nothing on it may need the database.
    """
    error = sys.exc_info()[1]
    if problems.is_database_unavailable(error):
        if problems.is_api(request):
            return problems.database_unavailable_response()
        page = loader.get_template("503.html").render({"retry_after": problems.retry_after_seconds()})
        return HttpResponse(page, status=503, headers={"Retry-After": str(problems.retry_after_seconds())})
    if problems.is_api(request):
        return problems.problem_response("server_error", _("Something went wrong. The error has been logged."))
    return defaults.server_error(request)
