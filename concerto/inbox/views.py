"""The prison's inbox and the services' view of their requests: thin pages over selectors and services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import Actor, actor_for
from concerto.core.exports import Sheet, sheets_response
from concerto.inbox import permissions, selectors, services
from concerto.inbox.forms import DecisionForm, InboxFilterForm
from concerto.inbox.sources import InboxItem, InboxState
from concerto.privacy.services import audit_record_export


def _organisations(items: list[InboxItem]) -> list[tuple[int, str]]:
    return sorted({(item.organisation_id, item.organisation) for item in items}, key=lambda pair: pair[1].lower())


def _day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _export(items: list[InboxItem], *, name: str, file_format: str) -> HttpResponse:
    header = [
        _("Kind of request"),
        _("Prison"),
        _("Service"),
        _("About"),
        _("Person"),
        _("Requested on"),
        _("Answer needed by"),
        _("State"),
        _("Answered on"),
        _("Reason"),
    ]
    rows = [
        [
            item.kind,
            item.prison,
            item.organisation,
            item.about,
            item.person,
            _day(item.requested_on),
            _day(item.due_on),
            item.state_label,
            _day(item.answered_on),
            item.reason,
        ]
        for item in items
    ]
    sheet = Sheet(title=_("Requests to the prison"), rows=[header, *rows])
    return sheets_response([sheet], name=name, file_format=file_format)


def _page(request: HttpRequest, actor: Actor, *, prison: bool) -> HttpResponse:
    read = selectors.prison_inbox if prison else selectors.service_requests
    default_state = InboxState.WAITING if prison else ""
    everything = read(actor=actor, filters=selectors.InboxFilters(state=""))
    form = InboxFilterForm(request.GET or None, organisations=_organisations(everything), default_state=default_state)
    filters = form.filters()
    items = read(actor=actor, filters=filters)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        audit_record_export(
            actor=actor,
            export="prison_requests",
            file_format=file_format,
            records=len(items),
            ip_address=client_address(request),
        )
        return _export(items, name="requests-to-the-prison", file_format=file_format)
    today = timezone.localdate()
    return render(
        request,
        "inbox/inbox.html",
        {
            "prison_view": prison,
            "form": form,
            "items": items,
            "overdue": {item.key for item in items if item.is_overdue(today)},
            "waiting_count": sum(item.state == InboxState.WAITING for item in everything),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def prison_inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_prison_inbox(actor))
    return _page(request, actor, prison=True)


@login_required
def service_requests(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_service_requests(actor))
    return _page(request, actor, prison=False)


@login_required
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_prison_inbox(actor))
    target = request.POST.get("next", "")
    back = target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""
    back = back or reverse("inbox:prison")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This answer was not understood: choose approve or refuse."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    try:
        item = services.inbox_decide(
            actor=actor, key=data["item"], approve=data["decision"] == "approve", reason=data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        answered = {"kind": item.kind, "about": item.about, "state": item.state_label}
        messages.success(request, _("%(kind)s, %(about)s: %(state)s.") % answered)
    return HttpResponseRedirect(back)
