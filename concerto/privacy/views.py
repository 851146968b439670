"""The access log and the privacy officer's pages. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import actor_for
from concerto.core import exports
from concerto.core.forms import add_service_errors
from concerto.core.pagination import paginate
from concerto.core.pdf import pdf_response, render_pdf
from concerto.privacy import permissions, selectors, services
from concerto.privacy.forms import (
    AccessLogFilterForm,
    AuditTrailFilterForm,
    DisclosureForm,
    PeriodForm,
    SubjectEraseForm,
    SubjectSearchForm,
)
from concerto.privacy.models import AccessAction


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who opened, printed or changed personal data, when and why (administrators, privacy officers)."""
    actor = actor_for(request.user)
    actor.require(permissions.can_read_access_log(actor))
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
        until=filters.get("until"),
        at_night=bool(filters.get("at_night")),
        min_count=filters.get("min_count"),
    )
    return render(request, "privacy/access_log.html", {"form": form, **paginate(request, rows, 50)})


@login_required
def unusual_reading(request: HttpRequest) -> HttpResponse:
    """Flags of reading worth a second look, each linking to the entries behind it."""
    actor = actor_for(request.user)
    actor.require(permissions.can_read_access_log(actor))
    since, until = selectors.default_period()
    form = PeriodForm(request.GET or {"since": since, "until": until})
    if form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    flags = selectors.unusual_reading(actor=actor, since=since, until=until)
    log = reverse("privacy:access_log")
    rows = [{"flag": flag, "url": f"{log}?{urlencode(flag.filters)}"} for flag in flags]
    context = {"form": form, "rows": rows, "since": since, "until": until, "limits": selectors.thresholds()}
    return render(request, "privacy/unusual_reading.html", context)


def _audit_trail_rows(request: HttpRequest) -> tuple[AuditTrailFilterForm, Any]:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_audit_trail(actor))
    form = AuditTrailFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.audit_trail_list(
        actor=actor,
        actor_id=filters["user"].pk if filters.get("user") else None,
        kind=filters.get("kind") or "",
        organisation_id=filters["organisation"].pk if filters.get("organisation") else None,
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return form, rows


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who changed roles or accounts, made tokens, lifted blocks, exported, imported (privacy officers, superusers)."""
    form, rows = _audit_trail_rows(request)
    return render(request, "privacy/audit_trail.html", {"form": form, **paginate(request, rows, 50)})


@login_required
@require_GET
def audit_trail_csv(request: HttpRequest) -> HttpResponse:
    """The trail with the page's filters, as CSV (every cell formula-neutralised); itself an entry."""
    _form, rows = _audit_trail_rows(request)
    table = selectors.audit_trail_table(rows)
    services.audit_record_export(
        actor=actor_for(request.user),
        export="audit_trail",
        file_format="csv",
        records=len(table) - 1,
        ip_address=client_address(request),
    )
    stamp = timezone.localdate().isoformat()
    return exports.file_response(exports.csv_content(table), filename=f"audit-trail-{stamp}.csv", file_format="csv")


@login_required
def subject_search(request: HttpRequest) -> HttpResponse:
    """The privacy officer finds the person who asks, by record number or prison number."""
    actor = actor_for(request.user)
    actor.require(permissions.can_answer_subject_requests(actor))
    form = SubjectSearchForm(request.GET or None)
    found = selectors.subject_find(actor=actor, query=form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "privacy/subject_search.html", {"form": form, "found": found})


@login_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What exists about the person: each app's records, counted (the export gives their contents)."""
    actor = actor_for(request.user)
    subject = selectors.subject_get(actor=actor, pk=pk)
    sections = selectors.subject_overview(actor=actor, subject=subject)
    services.access_log_subject(actor=actor, subject=subject, action=AccessAction.VIEW)
    return render(request, "privacy/subject_detail.html", {"subject": subject, "sections": sections})


@login_required
def subject_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    subject = selectors.subject_get(actor=actor, pk=pk)
    export = services.subject_access_export(
        actor=actor, subject=subject, file_format="pdf", ip_address=client_address(request)
    )
    content = render_pdf("privacy/pdf/subject_access.html", {"export": export}, language=export.language)
    return pdf_response(content, f"subject-access-{subject.pk}.pdf")


@login_required
def subject_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    subject = selectors.subject_get(actor=actor, pk=pk)
    export = services.subject_access_export(
        actor=actor, subject=subject, file_format="json", ip_address=client_address(request)
    )
    body = json.dumps(export.as_json(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{subject.pk}.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def subject_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymise the person at their request: a form with the reason and a confirmation, then the anonymiser."""
    actor = actor_for(request.user)
    subject = selectors.subject_get(actor=actor, pk=pk)
    form = SubjectEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_erase(actor=actor, subject=subject, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Record %(number)s is anonymised; the request is recorded.") % {"number": subject.pk}
            )
            return redirect("privacy:subject_detail", pk=subject.pk)
    return render(request, "privacy/subject_erase.html", {"subject": subject, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def disclosure(request: HttpRequest) -> HttpResponse:
    """A service's managers decide whether their notes' and interviews' contents go into subject-access exports."""
    actor = actor_for(request.user)
    actor.require(permissions.can_set_disclosure(actor))
    if request.method == "POST":
        form = DisclosureForm(request.POST)
        if form.is_valid():
            services.disclosure_set(
                actor=actor,
                organisation_id=form.cleaned_data["organisation"],
                disclose_contents=form.cleaned_data["disclose_contents"],
            )
            messages.success(request, _("Saved."))
            return redirect("privacy:disclosure")
    rows = [
        {
            "organisation": organisation,
            "disclosed": disclosed,
            "form": DisclosureForm(
                initial={"organisation": organisation.pk, "disclose_contents": disclosed},
                auto_id=f"id_org{organisation.pk}_%s",
            ),
        }
        for organisation, disclosed in selectors.disclosure_policies(actor=actor)
    ]
    return render(request, "privacy/disclosure.html", {"rows": rows})
