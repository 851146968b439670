"""The yearly activity report: page, CSV and XLSX. Views parse the filters, call the selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.accounts.permissions import actor_for
from concerto.reports import exports, permissions, selectors
from concerto.reports.forms import ReportFilterForm


def _report(request: HttpRequest, year: int) -> tuple[ReportFilterForm, selectors.YearReport]:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_reports(actor))
    if not selectors.valid_year(year):
        raise Http404
    form = ReportFilterForm(request.GET or None, actor=actor)
    prison_id = organisation_id = None
    if form.is_bound and form.is_valid():
        prison, organisation = form.cleaned_data["prison"], form.cleaned_data["organisation"]
        prison_id = prison.pk if prison else None
        organisation_id = organisation.pk if organisation else None
    scope = selectors.report_scope(actor=actor, year=year, prison_id=prison_id, organisation_id=organisation_id)
    return form, selectors.year_report(scope=scope)


@login_required
def current_year(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_reports(actor))
    return redirect("reports:year", year=timezone.localdate().year)


@login_required
def year_report(request: HttpRequest, year: int) -> HttpResponse:
    form, report = _report(request, year)
    this_year = timezone.localdate().year
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return render(
        request,
        "reports/year.html",
        {
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
            "prison": chosen.get("prison"),
            "organisation": chosen.get("organisation"),
            "is_current_year": year == this_year,
            "minimum": settings.CONCERTO_MIN_COUNT,
            "breakdowns": [
                (_("By organisation"), _("Organisation"), report.by_organisation),
                (_("By category"), _("Category"), report.by_category),
                (_("By target group"), _("Target group"), report.by_target_group),
                (_("By unit"), _("Unit"), report.by_unit),
            ],
            "previous_year": year - 1 if selectors.valid_year(year - 1) else None,
            "next_year": year + 1 if year < this_year else None,
        },
    )


@login_required
def year_csv(request: HttpRequest, year: int) -> HttpResponse:
    _form, report = _report(request, year)
    return exports.response(report, "csv")


@login_required
def year_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    _form, report = _report(request, year)
    return exports.response(report, "xlsx")
