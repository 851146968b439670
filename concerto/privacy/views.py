from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.accounts.permissions import actor_for
from concerto.core.pagination import paginate
from concerto.privacy import selectors
from concerto.privacy.forms import AccessLogFilterForm


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who opened, printed or changed personal data, when and why (administrators only)."""
    actor = actor_for(request.user)
    actor.require(actor.is_admin)
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.access_log_list(
        actor=actor,
        user_id=filters["user"].pk if filters.get("user") else None,
        action=filters.get("action") or "",
        purpose=filters.get("purpose") or "",
        subject_type=filters.get("subject_type") or "",
        subject_id=filters.get("subject_id"),
        since=filters.get("since"),
    )
    return render(request, "privacy/access_log.html", {"form": form, **paginate(request, rows, 50)})
