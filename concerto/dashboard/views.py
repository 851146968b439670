from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.accounts.permissions import actor_for
from concerto.catalogue.selectors import dashboard_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The coordinator's overview; other roles see the same figures, scoped to what they may read."""
    actor = actor_for(request.user)
    return render(request, "dashboard/home.html", {"dashboard": dashboard_for(actor=actor)})
