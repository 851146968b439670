"""The benchmark's floor: the cheapest page a signed-in user can get through the whole middleware stack.

Every measured page is reported as a multiple of this one, so that the figures say what a page
adds to the fixed cost of a request (middleware, session, user) on the same machine and run.
Mounted only when ``CONCERTO_BENCH`` is set (see ``concerto/urls.py``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
