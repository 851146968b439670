"""Failed sign-ins: throttling and lockout (django-axes), answered in the user's language.

After ``CONCERTO_LOGIN_FAILURE_LIMIT`` (10) failed attempts for one user name, or from one
address, signing in is refused for ``CONCERTO_LOGIN_LOCKOUT_MINUTES`` (15), even with the right
password. The login page says so and says until when. An administrator lifts a lock early in
the admin ("Access attempts": delete the entry), which writes an entry in the audit trail of
privileged actions (``accounts/admin.py``: "sign-in block lifted", with who lifted it), or, as the
operator, with ``manage.py axes_reset_username NAME`` (axes' own command: not in the audit trail).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with the reason and the time to try again, as 429 Too Many Requests."""
    until = timezone.localtime() + dt.timedelta(minutes=settings.CONCERTO_LOGIN_LOCKOUT_MINUTES)
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    form.add_error(
        None,
        _(
            "Too many failed sign-ins. For your safety, signing in is blocked until %(time)s "
            "(%(minutes)d minutes), even with the right password. If you need access sooner, ask an "
            "administrator to lift the block."
        )
        % {
            "time": formats.time_format(until, "TIME_FORMAT"),
            "minutes": settings.CONCERTO_LOGIN_LOCKOUT_MINUTES,
        },
    )
    return render(request, "accounts/login.html", {"form": form, "next": request.POST.get("next", "")}, status=429)
