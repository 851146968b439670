"""Survey campaigns: the list, creating and changing one, its page with the count of forms typed in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor, actor_for
from concerto.core.forms import add_service_errors

from .. import permissions, selectors, services
from ..forms import CampaignForm, current_quarter
from ..models import Campaign


def _survey_actor(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(permissions.can_use_surveys(actor), _("Surveys are for coordinators and service staff."))
    return actor


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    actor = _survey_actor(request)
    return render(
        request,
        "surveys/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(actor=actor),
            "may_run": permissions.can_run_campaigns(actor),
            "may_build": permissions.can_build_questionnaires(actor),
            "today": timezone.localdate(),
        },
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    actor = _survey_actor(request)
    actor.require(permissions.can_run_campaigns(actor), _("Only coordinators and service managers run campaigns."))
    versions = selectors.usable_versions(actor=actor)
    organisations = services.allowed_organisations(actor)
    initial: dict[str, Any] = {}
    if request.method != "POST":
        starts_on, ends_on = current_quarter(timezone.localdate())
        initial = {"starts_on": starts_on, "ends_on": ends_on}
        chosen = request.GET.get("version", "")
        if chosen.isdigit() and versions.filter(pk=int(chosen)).exists():
            initial["version"] = int(chosen)
    form = CampaignForm(request.POST or None, versions=versions, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=actor, data=form.campaign_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The campaign was created."))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _survey_actor(request)
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_campaign(actor, campaign), _("You may not change this campaign."))
    form = CampaignForm(
        request.POST or None,
        versions=selectors.usable_versions(actor=actor),
        organisations=services.allowed_organisations(actor),
        campaign=campaign,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=actor, campaign=campaign, data=form.campaign_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _survey_actor(request)
    campaign: Campaign = selectors.campaign_get(actor=actor, pk=pk)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "version": campaign.version,
            "figures": selectors.campaign_figures(campaign=campaign),
            "languages": selectors.version_languages(campaign.version),
            "may_manage": permissions.can_manage_campaign(actor, campaign),
            "may_enter": permissions.can_enter_responses(actor, campaign),
            "may_preview": permissions.can_build_questionnaires(actor)
            and selectors.questionnaire_list(actor=actor).filter(pk=campaign.version.questionnaire_id).exists(),
            "min_count": settings.CONCERTO_MIN_COUNT,
        },
    )
