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
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from concerto.accounts import second_factor
from concerto.core.problems import is_api, problem_response

STARTED = "concerto_session_started"
SEEN = "concerto_session_seen"
# Requests that must not count as activity, nor be interrupted: polling of a running import
# would otherwise keep an abandoned session alive for ever.
PASSIVE_HEADER = "HTTP_X_CONCERTO_PASSIVE"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        ended = self._ended(request)
        if ended:
            logout(request)
            messages.info(request, ended)
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # A public page is the same for everyone and kept by shared caches: it writes no session.
        if not getattr(response, "is_public_page", False):
            self._seen(request)
        return response

    def _ended(self, request: HttpRequest) -> str:
        now = time.time()
        session = request.session
        started = session.get(STARTED, now)
        seen = session.get(SEEN, now)
        if now - seen > settings.CONCERTO_SESSION_IDLE_MINUTES * 60:
            return _("You were signed out after %(minutes)d minutes without activity. Please sign in again.") % {
                "minutes": settings.CONCERTO_SESSION_IDLE_MINUTES
            }
        if now - started > settings.CONCERTO_SESSION_HOURS * 3600:
            return _("You were signed out: a session lasts at most %(hours)d hours. Please sign in again.") % {
                "hours": settings.CONCERTO_SESSION_HOURS
            }
        return ""

    def _seen(self, request: HttpRequest) -> None:
        """This request counts as activity (polling marked passive does not); one write per half-minute."""
        now = time.time()
        if STARTED not in request.session:  # a session made before this rule, or by hand
            request.session[STARTED] = now
        if PASSIVE_HEADER not in request.META and now - request.session.get(SEEN, 0) > 30:
            request.session[SEEN] = now


def session_started(request: HttpRequest | None, **_: object) -> None:
    """At sign-in (``user_logged_in``): the session's clocks start."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


# Set in a session once it was found that its user may work with a password alone.
SECOND_FACTOR_CHECKED = "concerto_second_factor_checked"
# Pages a user who must still set up the second factor may open.
SETUP_ALLOWED = (
    "accounts:second_factor",
    "accounts:logout",
    "accounts:login",
    "accounts:login_code",
    "choose_language",
)


class SecondFactorMiddleware:
    """Send a user whose role needs a second factor to set it up before any other page.

    A session signed in with the second factor is "verified" (django-otp's OTPMiddleware, before
    this one). A user who has a second factor but whose session is not verified (signed in
    before it was set up, say) is signed out, and gives the code at the next sign-in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
            return self.get_response(request)
        if request.session.get(SECOND_FACTOR_CHECKED):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in SETUP_ALLOWED or not match.view_name:
            return self.get_response(request)
        if second_factor.has_second_factor(user):  # type: ignore[arg-type]
            logout(request)
            return redirect_to_login(request.get_full_path())
        if second_factor.requires_second_factor(user):  # type: ignore[arg-type]
            if is_api(request):
                detail = _("Set up a second factor in your account before using the API from this session.")
                return problem_response("second_factor_required", detail, status=403)
            messages.info(request, _("Your role gives access to personal data: set up a second factor to go on."))
            return redirect("accounts:second_factor")
        response = self.get_response(request)
        # Checked once per session, not on every request (two queries): a role or setting that
        # changes later applies from the next sign-in, at most CONCERTO_SESSION_HOURS away.
        # A public page writes no session (shared caches keep it).
        if not getattr(response, "is_public_page", False):
            request.session[SECOND_FACTOR_CHECKED] = True
        return response


def sign_out_everywhere(user_id: int) -> int:
    """End every session of this user (other browsers, a forgotten laptop); how many were ended.

    Sessions live in the database (Django's default engine) and say whose they are only inside
    their encoded data, so each one is read: a few thousand rows for a whole service, once in a while.
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)
