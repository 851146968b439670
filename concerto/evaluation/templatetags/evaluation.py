"""Template helpers of the evaluation: the panel on the edition page and links to the survey pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from concerto.accounts.permissions import actor_for
from concerto.catalogue.models import Edition
from concerto.evaluation import permissions
from concerto.evaluation.models import EditionEvaluation, EvaluationFollowUp
from concerto.evaluation.services import has_ended
from concerto.surveys.models import Campaign

register = template.Library()

# The survey pages of a campaign, by what the evaluation page links to. Several names are
# tried in order, so the link appears as soon as the surveys app has the page.
SURVEY_PAGES = {
    "detail": ("surveys:campaign_detail", "surveys:campaign"),
    "entry": ("surveys:response_entry", "surveys:campaign_entry", "surveys:entry"),
    "results": ("surveys:campaign_results", "surveys:results"),
}


@register.simple_tag
def survey_url(campaign: Campaign, page: str) -> str:
    """The path of a survey page of ``campaign``, or "" when the surveys app has no such page."""
    for name in SURVEY_PAGES.get(page, ()):
        try:
            return reverse(name, args=[campaign.pk])
        except NoReverseMatch:
            continue
    return ""


@register.inclusion_tag("evaluation/_panel.html", takes_context=True)
def evaluation_panel(context: dict[str, Any], edition: Edition) -> dict[str, Any]:
    """The evaluation's state on the edition page, and the evaluation that shaped this edition."""
    request = context.get("request")
    actor = actor_for(getattr(request, "user", None))
    readable = permissions.can_read_evaluation(actor, edition)
    shaped_by = (
        EvaluationFollowUp.objects.filter(edition=edition).select_related("evaluation__edition__activity").first()
    )
    evaluation = EditionEvaluation.objects.filter(edition=edition).first() if readable else None
    return {
        "edition": edition,
        "readable": readable,
        "evaluation": evaluation,
        "has_ended": has_ended(edition),
        "shaped_by": shaped_by,
        "shaped_by_readable": shaped_by is not None
        and permissions.can_read_evaluation(actor, shaped_by.evaluation.edition),
    }
