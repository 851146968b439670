"""The coverage page and its exports. Views parse the filters, call the selector, log, render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import Actor, actor_for
from concerto.coverage import exports, selectors
from concerto.coverage.analysis import Analysis, Finding, Kind, TableRow, describe, finding_summary
from concerto.coverage.forms import CoverageFilterForm
from concerto.coverage.permissions import can_follow_registrations, can_view_coverage
from concerto.prisons.models import Prison
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log, audit_record_export

# The results page of a needs campaign (surveys app).
CAMPAIGN_RESULTS_URL = "surveys:campaign_results"


def _url(name: str, *args: Any) -> str:
    """The URL, or "" while the page it names does not exist (another app may not have it yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@dataclass
class Link:
    text: str
    url: str
    registrations_url: str = ""


@dataclass
class ShownFinding:
    finding: Finding
    text: str
    editions: list[Link] = field(default_factory=list)
    campaigns: list[Link] = field(default_factory=list)
    proposal_url: str = ""


@dataclass
class ShownRow:
    row: TableRow
    target_group: str
    category: str
    root_category: str
    detail: str  # the unit or language of a broken-down row
    drill_down_url: str = ""


def _editions(analysis: Analysis, finding: Finding, actor: Actor) -> list[Link]:
    editions = analysis.editions
    reference = analysis.reference
    links = []
    for pk in finding.edition_ids:
        edition = editions[pk]
        organiser = reference.organisations.get(edition.organiser_id, "")
        registrations = ""
        if finding.kind == Kind.DEMAND_ABOVE_SUPPLY and can_follow_registrations(actor, edition):
            registrations = _url("registrations:edition", pk)
        links.append(
            Link(
                text=f"{edition.title} · {organiser} · {edition.starts_on:%d/%m/%Y}–{edition.ends_on:%d/%m/%Y}",
                url=_url("catalogue:edition_detail", pk),
                registrations_url=registrations,
            )
        )
    return links


def _campaigns(analysis: Analysis, finding: Finding) -> list[Link]:
    if finding.kind not in (Kind.DEMAND_WITHOUT_SUPPLY, Kind.DEMAND_ABOVE_SUPPLY):
        return []
    links = []
    for pk, name in analysis.inputs.campaigns.get(finding.prison_id, []):
        url = ""
        if pk in analysis.inputs.readable_campaigns:
            url = _url(CAMPAIGN_RESULTS_URL, pk)
        links.append(Link(text=name, url=url))
    return links


def _may_draft_proposals(actor: Actor) -> bool:
    try:
        from concerto.proposals.permissions import can_draft
    except ImportError:  # the proposals app is not there (yet): no link
        return False
    return can_draft(actor)


def _proposal_url(analysis: Analysis, finding: Finding, actor: Actor) -> str:
    """ "Draft an activity proposal" from a gap, pre-filled with what the gap is about."""
    if not finding.is_gap or not _may_draft_proposals(actor):
        return ""
    base = _url("proposals:create")
    if not base:
        return ""
    params: dict[str, Any] = {"finding": finding_summary(finding, analysis), "prison": finding.prison_id}
    if finding.category_id:
        params["category"] = finding.category_id
    if finding.target_group_id:
        params["target_group"] = finding.target_group_id
    if finding.unit_id:
        params["unit"] = finding.unit_id
    if finding.language:
        params["language"] = finding.language
    return f"{base}?{urlencode(params)}"


# The page lists the most severe findings first and stops here; the exports hold them all.
SHOWN_FINDINGS = 60


def present_findings(analysis: Analysis, actor: Actor) -> tuple[list[ShownFinding], list[ShownFinding]]:
    def shown(finding: Finding) -> ShownFinding:
        return ShownFinding(
            finding=finding,
            text=describe(finding, analysis),
            editions=_editions(analysis, finding, actor),
            campaigns=_campaigns(analysis, finding),
            proposal_url=_proposal_url(analysis, finding, actor),
        )

    return (
        [shown(f) for f in analysis.gaps[:SHOWN_FINDINGS]],
        [shown(f) for f in analysis.overlaps[:SHOWN_FINDINGS]],
    )


def present_rows(analysis: Analysis, query: dict[str, Any]) -> list[ShownRow]:
    reference = analysis.reference
    base = reverse("coverage:overview")
    rows = []
    for row in analysis.rows:
        category = reference.categories[row.category_id]
        root = reference.categories[category.root_id]
        drill = ""
        if not analysis.filters.breakdown:
            params = {**query, "target_group": row.target_group_id or "", "category": row.category_id, "by": "unit"}
            drill = f"{base}?{urlencode({k: v for k, v in params.items() if v not in ('', None)})}"
        detail = ""
        if row.unit_id:
            detail = reference.units[row.unit_id].name if row.unit_id in reference.units else ""
        elif row.language:
            detail = reference.languages.get(row.language, row.language)
        rows.append(
            ShownRow(
                row=row,
                target_group=reference.groups[row.target_group_id].name if row.target_group_id else "",
                category=category.name,
                root_category=root.name if root.id != category.id else "",
                detail=detail,
                drill_down_url=drill,
            )
        )
    return rows


def _analyse(request: HttpRequest, actor: Actor) -> tuple[CoverageFilterForm, Analysis | None]:
    actor.require(can_view_coverage(actor))
    form = CoverageFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    prison: Prison | None = data.get("prison")
    analysis = selectors.coverage_analysis(actor=actor, prison=prison, period=data["period"], filters=form.filters())
    return form, analysis


def _log(actor: Actor, analysis: Analysis, action: str) -> None:
    """The analysis counts people (waiting lists, speakers, wishes): record who looked, for which prisons."""
    period = analysis.inputs.period
    access_log(
        actor=actor,
        action=action,
        purpose=AccessPurpose.ADMINISTRATION,
        subjects=Prison.objects.filter(pk__in=analysis.inputs.prison_ids),
        subject_type="coverage.analysis",
        detail=f"coverage {period.start.isoformat()}..{period.end.isoformat()}",
    )


def _filter_query(request: HttpRequest) -> dict[str, str]:
    return {key: str(value) for key, value in request.GET.items() if value and key in CoverageFilterForm.base_fields}


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Supply against demand, gaps and overlaps of the offer, for coordinators and services."""
    actor = actor_for(request.user)
    form, analysis = _analyse(request, actor)
    context: dict[str, Any] = {"form": form, "analysis": analysis}
    if analysis is not None:
        _log(actor, analysis, AccessAction.VIEW)
        query = _filter_query(request)
        gaps, overlaps = present_findings(analysis, actor)
        period = analysis.inputs.period
        elsewhere = {k: v for k, v in query.items() if k not in ("period_start", "period_end")}
        before = selectors.quarter_of(period.start - dt.timedelta(days=1))
        after = selectors.quarter_of(period.end + dt.timedelta(days=1))
        context.update(
            {
                "previous_quarter": urlencode(
                    {**elsewhere, "period_start": before.start.isoformat(), "period_end": before.end.isoformat()}
                ),
                "next_quarter": urlencode(
                    {**elsewhere, "period_start": after.start.isoformat(), "period_end": after.end.isoformat()}
                ),
                "rows": present_rows(analysis, query),
                "gaps": gaps,
                "overlaps": overlaps,
                "gaps_not_shown": len(analysis.gaps) - len(gaps),
                "overlaps_not_shown": len(analysis.overlaps) - len(overlaps),
                "period": analysis.inputs.period,
                "query": urlencode(query),
                "prisons": exports.prisons_text(analysis),
            }
        )
    return render(request, "coverage/overview.html", context)


@login_required
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The table and the findings as CSV (``;``, UTF-8 with BOM) or XLSX."""
    if file_format not in exports.FORMATS:
        raise Http404
    actor = actor_for(request.user)
    form, analysis = _analyse(request, actor)
    if analysis is None:
        return render(request, "coverage/overview.html", {"form": form, "analysis": None}, status=400)
    _log(actor, analysis, AccessAction.EXPORT)
    audit_record_export(actor=actor, export="coverage", file_format=file_format, ip_address=client_address(request))
    return exports.response(analysis, file_format)
