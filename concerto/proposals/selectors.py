"""Reads of the design workspace, always scoped to what the acting user may see.

Proposals hold no personal data: they describe activities, not people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity
from concerto.catalogue.permissions import activity_visibility
from concerto.prisons.models import Prison, Unit
from concerto.proposals import permissions
from concerto.proposals.models import ActivityProposal, ProposalComment, ProposalStatus
from concerto.reference.models import Category, Language, TargetGroup

MAX_FINDING_LENGTH = 500
TEXT_LANGUAGES = ("fr", "nl", "en")  # the proposal's text columns


@dataclass(frozen=True)
class ProposalFilters:
    status: str = ""
    prison: int | None = None


def proposal_list(*, actor: Actor, filters: ProposalFilters | None = None) -> QuerySet[ActivityProposal]:
    """The proposals ``actor`` may read, newest change first, with their number of comments."""
    filters = filters or ProposalFilters()
    queryset = ActivityProposal.objects.filter(permissions.proposal_visibility(actor))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.prison:
        queryset = queryset.filter(prison_id=filters.prison)
    return (
        queryset.select_related("prison", "organisation", "category__parent")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-updated_at", "-pk")
    )


def proposal_get(*, actor: Actor, pk: int) -> ActivityProposal:
    """One proposal, or 404 when it does not exist or ``actor`` may not read it (its existence does not leak)."""
    visible = ActivityProposal.objects.filter(permissions.proposal_visibility(actor)).values("pk")
    return get_object_or_404(
        ActivityProposal.objects.filter(pk__in=visible)
        .select_related("prison", "organisation", "category__parent", "author", "activity__organiser")
        .prefetch_related("units", "target_groups", "languages"),
        pk=pk,
    )


def proposal_comments(*, proposal: ActivityProposal) -> QuerySet[ProposalComment]:
    """The comments of a proposal the reader may read (every reader of a proposal reads its comments)."""
    return ProposalComment.objects.filter(proposal=proposal).select_related("organisation", "author")


def resulting_activity(*, actor: Actor, proposal: ActivityProposal) -> Activity | None:
    """The activity the proposal became, when ``actor`` may open it (a draft stays its organiser's)."""
    if proposal.activity_id is None:
        return None
    return Activity.objects.filter(activity_visibility(actor), pk=proposal.activity_id).first()


def proposal_of_activity(*, actor: Actor, activity: Activity) -> ActivityProposal | None:
    """The proposal an activity came from, when ``actor`` may read it."""
    return ActivityProposal.objects.filter(permissions.proposal_visibility(actor), activity_id=activity.pk).first()


# --- Drafting from a finding ---------------------------------------------------------------


@dataclass
class Prefill:
    """What a link from a finding (e.g. a gap in the offer) puts in a new proposal."""

    initial: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, Any] = field(default_factory=dict)
    finding: str = ""


def _number(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def _clean_text(value: str | None) -> str:
    # One line of plain text: control characters and runs of spaces go.
    text = "".join(char if char.isprintable() else " " for char in (value or ""))
    return " ".join(text.split())[:MAX_FINDING_LENGTH]


def prefill(params: Mapping[str, str]) -> Prefill:
    """Read ``category``, ``target_group``, ``unit`` (ids), ``language`` (ISO code), ``prison`` (id)
    and ``finding`` (text) from a link; unknown or malformed values are left out, silently.

    So that the first save works, a link from a finding (a text and at least one valid
    dimension) also proposes a title (the finding's
    theme and target group, in the reader's language), states the finding as the need in the
    objectives, and, when the finding names no language, the reader's language as the
    language of delivery. Everything stays editable.
    """
    result = Prefill(finding=_clean_text(params.get("finding")))
    category = None
    category_id = _number(params.get("category"))
    if category_id is not None:
        category = Category.objects.filter(pk=category_id).first()
    if category is not None:
        result.initial["category"] = category.pk
        result.origin["category"] = category.pk
    group = None
    group_id = _number(params.get("target_group"))
    if group_id is not None:
        group = TargetGroup.objects.filter(pk=group_id).first()
    if group is not None:
        result.initial["target_groups"] = [group.pk]
        result.origin["target_group"] = group.pk
    unit = None
    unit_id = _number(params.get("unit"))
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, is_active=True).first()
    if unit is not None:
        result.initial["units"] = [unit.pk]
        result.initial["prison"] = unit.prison_id
        result.origin["unit"] = unit.pk
    else:
        prison_id = _number(params.get("prison"))
        if prison_id is not None and Prison.objects.filter(pk=prison_id, is_active=True).exists():
            result.initial["prison"] = prison_id
            result.origin["prison"] = prison_id
    code = (params.get("language") or "").strip().lower()[:3]
    language = Language.objects.filter(code=code).first() if code.isalpha() else None
    if language is not None:
        result.initial["languages"] = [language.pk]
        result.origin["language"] = language.code
    if result.finding and result.origin:
        _suggest_texts(result, category=category, group=group, unit=unit, language=language)
    return result


def _suggest_texts(
    result: Prefill,
    *,
    category: Category | None,
    group: TargetGroup | None,
    unit: Unit | None,
    language: Language | None,
) -> None:
    """A working title and the need, in the reader's language, and that language when none is named."""
    reader = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if reader not in TEXT_LANGUAGES:
        reader = settings.LANGUAGE_CODE[:2]
    theme = category.tr("name").text if category is not None else ""
    for_whom = [str(group)] if group is not None else [str(unit)] if unit is not None else []
    title = " · ".join([theme, *for_whom]).strip(" ·")
    result.initial[f"title_{reader}"] = (title or result.finding)[:200]
    result.initial[f"objectives_{reader}"] = _("Answer the need found in the coverage analysis: %(finding)s") % {
        "finding": result.finding
    }
    if language is None and "languages" not in result.initial:
        spoken = Language.objects.filter(code=reader).first()
        if spoken is not None:
            result.initial["languages"] = [spoken.pk]


def origin_labels(proposal: ActivityProposal) -> list[tuple[str, str]]:
    """The dimensions the finding was found in, named in the reader's language (unknown ones left out)."""
    origin = proposal.origin or {}
    rows: list[tuple[str, str]] = []
    lookups: list[tuple[str, str, Any, str]] = [
        ("prison", _("Prison"), Prison, "pk"),
        ("unit", _("Unit"), Unit, "pk"),
        ("category", _("Category"), Category, "pk"),
        ("target_group", _("Target group"), TargetGroup, "pk"),
        ("language", _("Language"), Language, "code"),
    ]
    for key, label, model, lookup in lookups:
        value = origin.get(key)
        if value in (None, ""):
            continue
        found = model.objects.filter(**{lookup: value}).first()
        if found is not None:
            rows.append((label, str(found)))
    return rows


# --- For the home pages (bounded lists of work to do) --------------------------------------


def proposals_awaiting_decision(*, actor: Actor) -> QuerySet[ActivityProposal]:
    """Proposals open for comments, which wait for the coordination's decision, the oldest change first."""
    if not permissions.can_decide(actor):
        return ActivityProposal.objects.none()
    return proposal_list(actor=actor, filters=ProposalFilters(status=ProposalStatus.OPEN)).order_by("updated_at", "pk")
