"""Results of a campaign: the page with its charts, the PDF, and the CSV and XLSX exports. Thin views."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import Actor, actor_for
from concerto.attendance.pdf import pdf_response, render_pdf
from concerto.core.exports import Row, Sheet, sheets_response
from concerto.core.forms import FilterForm
from concerto.core.translation import current_language
from concerto.detainees.models import Detainee
from concerto.prisons.models import Unit
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log, audit_record_export
from concerto.reference.models import TargetGroup

from .. import analysis, charts, exports, paper, permissions, selectors
from ..models import Campaign, Response

FORMATS = ("csv", "xlsx")


class ResultFiltersForm(FilterForm):
    target_group = forms.ModelChoiceField(
        TargetGroup.objects.none(), label=_("Target group"), required=False, empty_label=_("All")
    )
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"), required=False, empty_label=_("All"))
    language = forms.ChoiceField(label=_("Language of the form"), required=False)

    def __init__(self, *args: object, campaign: Campaign, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        answered = Response.objects.filter(campaign=campaign)
        fields = self.fields
        fields["target_group"].queryset = TargetGroup.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=campaign.target_groups.values("pk")) | Q(pk__in=answered.values("target_group_id"))
        )
        fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=campaign.units.values("pk")) | Q(pk__in=answered.values("unit_id"))
        ).order_by("code")
        fields["language"].choices = [("", _("All")), *paper.form_languages(campaign)]  # type: ignore[attr-defined]

    def chosen(self) -> list[str]:
        """The filters in words ("Unit: B"), for the PDF's header."""
        if not self.is_bound or not self.is_valid():
            return []
        names = dict(self.fields["language"].choices)  # type: ignore[attr-defined]
        chosen = []
        for name, value in self.cleaned_data.items():
            if value:
                shown = names.get(value, value) if name == "language" else value
                chosen.append(f"{self.fields[name].label}: {shown}")
        return chosen

    def filters(self) -> analysis.ResultFilters:
        if not self.is_bound or not self.is_valid():
            return analysis.ResultFilters()
        data = self.cleaned_data
        return analysis.ResultFilters(
            target_group_id=data["target_group"].pk if data.get("target_group") else None,
            unit_id=data["unit"].pk if data.get("unit") else None,
            language=data.get("language") or "",
        )


def _campaign(request: HttpRequest, pk: int) -> tuple[Actor, Campaign]:
    actor = actor_for(request.user)
    actor.require(permissions.can_use_surveys(actor))
    return actor, selectors.campaign_get(actor=actor, pk=pk)


def _outcome(request: HttpRequest, campaign: Campaign) -> tuple[ResultFiltersForm, analysis.Results]:
    form = ResultFiltersForm(request.GET or None, campaign=campaign)
    return form, analysis.results(campaign, filters=form.filters())


def _charts(outcome: analysis.Results) -> dict[int, SafeString | None]:
    return {
        result.question.pk: charts.question_chart(result, chart_id=f"chart-q{result.number}")
        for result in outcome.questions
    }


def _log_linked_responses(actor: Actor, campaign: Campaign, action: str, detail: str) -> None:
    """Answers of a version that is not anonymous are personal data: record who saw or took them."""
    if campaign.version.is_anonymous:
        return
    detainee_ids = Response.objects.filter(campaign=campaign, detainee__isnull=False).values("detainee_id")
    access_log(
        actor=actor,
        action=action,
        purpose=AccessPurpose.SURVEY,
        subjects=Detainee.objects.filter(pk__in=detainee_ids).only("pk"),
        detail=f"{detail} (campaign {campaign.pk})",
    )


@login_required
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Every question's figures and chart, with filters on target group, unit and language."""
    actor, campaign = _campaign(request, pk)
    form, outcome = _outcome(request, campaign)
    if any(result.texts for result in outcome.questions):
        _log_linked_responses(actor, campaign, AccessAction.VIEW, "survey results with free texts")
    query = request.GET.urlencode()
    return render(
        request,
        "surveys/results/results.html",
        {
            "campaign": campaign,
            "form": form,
            "outcome": outcome,
            "charts": _charts(outcome),
            "query": f"?{query}" if query else "",
            "languages": paper.form_languages(campaign),
            "may_export_answers": analysis.may_export_answers(actor),
            "min_count": settings.CONCERTO_MIN_COUNT,
        },
    )


@login_required
def campaign_results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The results page as an A4 PDF, charts included (the same SVG as on screen)."""
    actor, campaign = _campaign(request, pk)
    form, outcome = _outcome(request, campaign)
    if any(result.texts for result in outcome.questions):
        _log_linked_responses(actor, campaign, AccessAction.EXPORT, "survey results PDF with free texts")
    language = current_language()
    content = render_pdf(
        "surveys/results/results_pdf.html",
        {
            "campaign": campaign,
            "form": form,
            "outcome": outcome,
            "charts": _charts(outcome),
            "min_count": settings.CONCERTO_MIN_COUNT,
        },
        language=language,
    )
    _export_recorded(request, actor, campaign, "survey_results", "pdf")
    return pdf_response(content, f"results-{campaign.pk}-{language}.pdf")


def _export_recorded(request: HttpRequest, actor: Actor, campaign: Campaign, export: str, file_format: str) -> None:
    audit_record_export(
        actor=actor,
        export=export,
        file_format=file_format,
        target_type="surveys.campaign",
        target_id=campaign.pk,
        organisation_id=campaign.organisation_id,
        ip_address=client_address(request),
    )


def _file(rows: list[Row], *, name: str, sheet: str, file_format: str) -> HttpResponse:
    return sheets_response([Sheet(sheet, rows)], name=name, file_format=file_format)


@login_required
def export_results(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The aggregated results (with the page's filters), small counts hidden."""
    if file_format not in FORMATS:
        raise Http404
    actor, campaign = _campaign(request, pk)
    _form, outcome = _outcome(request, campaign)
    rows = exports.results_rows(outcome)
    _export_recorded(request, actor, campaign, "survey_results", file_format)
    return _file(rows, name=f"results-{campaign.pk}", sheet=str(_("Results")), file_format=file_format)


@login_required
def export_answers(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """Every answer, one row per response and question: coordinators and administrators only."""
    if file_format not in FORMATS:
        raise Http404
    actor, campaign = _campaign(request, pk)
    actor.require(analysis.may_export_answers(actor), _("Only coordinators export the raw answers."))
    rows = exports.answers_rows(campaign, campaign.version)
    _log_linked_responses(actor, campaign, AccessAction.EXPORT, f"survey answers {file_format}")
    _export_recorded(request, actor, campaign, "survey_answers", file_format)
    return _file(rows, name=f"answers-{campaign.pk}", sheet=str(_("Answers")), file_format=file_format)
