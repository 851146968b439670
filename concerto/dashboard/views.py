from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.accounts.permissions import actor_for
from concerto.dashboard.selectors import home_for
from concerto.detainees.models import Detainee
from concerto.privacy.models import AccessAction
from concerto.privacy.services import access_log


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page: each of the user's roles shows its work to do; coordination also the week's overview."""
    actor = actor_for(request.user)
    page = home_for(actor=actor)
    for purpose, ids in sorted(page.people_shown.items()):
        if ids:
            access_log(
                actor=actor,
                action=AccessAction.VIEW,
                purpose=purpose,
                subjects=[Detainee(pk=pk) for pk in sorted(ids)],
                detail="home page",
            )
    return render(request, "dashboard/home.html", {"page": page, "dashboard": page.overview})
