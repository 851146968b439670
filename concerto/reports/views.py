"""The yearly activity report: page (charts, tables, texts), PDF, CSV and XLSX. Views parse the
filters, call the selector or the service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import Actor, actor_for
from concerto.attendance.pdf import pdf_response, render_pdf
from concerto.core.translation import current_language
from concerto.privacy.services import audit_record_export
from concerto.reports import exports, permissions, selectors, services
from concerto.reports.charts import report_charts
from concerto.reports.forms import ReportFilterForm, ReportTextForm
from concerto.reports.models import ReportSection


def _scope(request: HttpRequest, year: int) -> tuple[Actor, ReportFilterForm, selectors.ReportScope]:
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
    return actor, form, scope


def _report(request: HttpRequest, year: int) -> tuple[ReportFilterForm, selectors.YearReport]:
    _actor, form, scope = _scope(request, year)
    return form, selectors.year_report(scope=scope)


def _export_recorded(request: HttpRequest, year: int, file_format: str) -> None:
    audit_record_export(
        actor=actor_for(request.user),
        export="activity_report",
        file_format=file_format,
        target=str(year),
        ip_address=client_address(request),
    )


def _sections(report: selectors.YearReport, *, editable: bool) -> dict[str, dict[str, Any]]:
    """Per section: its title, the coordinator's text and, for those who write, the form to change it."""
    texts = selectors.report_texts(selectors.text_scope(report.scope))
    earlier = selectors.earlier_versions(texts)
    sections = {}
    for section in ReportSection:
        text = texts.get(section.value)
        form = ReportTextForm(prefix=section.value, initial={"text": text.text if text else ""}) if editable else None
        sections[section.value] = {
            "title": section.label,
            "text": text,
            "form": form,
            "key": section.value,
            "earlier": earlier.get(section.value, []),
        }
    return sections


def _context(request: HttpRequest, form: ReportFilterForm, report: selectors.YearReport) -> dict[str, Any]:
    actor = actor_for(request.user)
    year = report.year
    this_year = timezone.localdate().year
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    editable = permissions.can_write_texts(actor) and selectors.text_scope(report.scope) is not None
    return {
        "form": form,
        "report": report,
        "charts": report_charts(report),
        "sections": _sections(report, editable=editable),
        "may_write_texts": editable,
        "query": request.GET.urlencode(),
        "prison": chosen.get("prison"),
        "organisation": chosen.get("organisation"),
        "is_current_year": year == this_year,
        "minimum": settings.CONCERTO_MIN_COUNT,
        "breakdowns": [
            (_("By organisation"), _("Organisation"), report.by_organisation),
            (_("By target group"), _("Target group"), report.by_target_group),
        ],
        "previous_year": year - 1 if selectors.valid_year(year - 1) else None,
        "next_year": year + 1 if year < this_year else None,
        "produced_on": timezone.localdate(),
    }


@login_required
def current_year(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_reports(actor))
    return redirect("reports:year", year=timezone.localdate().year)


@login_required
def year_report(request: HttpRequest, year: int) -> HttpResponse:
    form, report = _report(request, year)
    return render(request, "reports/year.html", _context(request, form, report))


@login_required
def year_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The report as a document for the funder, in the language of the page (its URL prefix)."""
    form, report = _report(request, year)
    language = current_language()
    content = render_pdf("reports/year_pdf.html", _context(request, form, report), language=language)
    _export_recorded(request, report.year, "pdf")
    return pdf_response(content, f"concerto-report-{report.year}-{language}.pdf")


@login_required
@require_POST
def section_text(request: HttpRequest, year: int, section: str) -> HttpResponse:
    """Save the coordinator's text of one section, for the report of the filters in the query string."""
    actor, _form, scope = _scope(request, year)
    actor.require(permissions.can_write_texts(actor))
    where = selectors.text_scope(scope)
    if section not in ReportSection.values or where is None:
        raise Http404
    text_form = ReportTextForm(request.POST, prefix=section)
    query = request.GET.urlencode()
    back = reverse("reports:year", args=[year]) + (f"?{query}" if query else "") + f"#section-{section}"
    if not text_form.is_valid():
        for errors in text_form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    services.report_text_save(actor=actor, where=where, section=section, text=text_form.cleaned_data["text"])
    messages.success(request, _("The text of “%(section)s” is saved.") % {"section": ReportSection(section).label})
    return redirect(back)


@login_required
def year_csv(request: HttpRequest, year: int) -> HttpResponse:
    _form, report = _report(request, year)
    _export_recorded(request, report.year, "csv")
    return exports.response(report, "csv")


@login_required
def year_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    _form, report = _report(request, year)
    _export_recorded(request, report.year, "xlsx")
    return exports.response(report, "xlsx")
