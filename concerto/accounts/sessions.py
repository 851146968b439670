"""How long a signed-in session lasts: an idle timeout and an absolute lifetime.

A session ends after ``CONCERTO_SESSION_IDLE_MINUTES`` (30) without a request, and in any case
``CONCERTO_SESSION_HOURS`` (10, a working day) after the login, whatever the activity: a
laptop left open in an office or a shared computer at the prison does not stay signed in. The
user lands on the login page with a message saying why; the page they were on is the ``next``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED = "concerto_session_started"
SEEN = "concerto_session_seen"
# Requests that must not count as activity, nor be interrupted: polling of a running import
# would otherwise keep an abandoned session alive for ever.
PASSIVE_HEADER = "HTTP_X_CONCERTO_PASSIVE"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._ended(request)
            if ended:
                logout(request)
                messages.info(request, ended)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _ended(self, request: HttpRequest) -> str:
        now = time.time()
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        if now - seen > settings.CONCERTO_SESSION_IDLE_MINUTES * 60:
            return _("You were signed out after %(minutes)d minutes without activity. Please sign in again.") % {
                "minutes": settings.CONCERTO_SESSION_IDLE_MINUTES
            }
        if now - started > settings.CONCERTO_SESSION_HOURS * 3600:
            return _("You were signed out: a session lasts at most %(hours)d hours. Please sign in again.") % {
                "hours": settings.CONCERTO_SESSION_HOURS
            }
        if SEEN not in session or (PASSIVE_HEADER not in request.META and now - seen > 30):
            session[SEEN] = now  # at most one session write per half-minute
        return ""
