"""Reads of questionnaires, versions and campaigns, scoped to what the acting user may see.

A record the actor may not read is a 404 (its existence does not leak); a page the actor may
not open at all is a 403 (the views check ``permissions.can_use_surveys`` first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from concerto.accounts.permissions import Actor
from concerto.prisons.models import Unit
from concerto.privacy.services import safe_count
from concerto.reference.models import Category, Language

from . import permissions
from .models import (
    Campaign,
    Channel,
    Option,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    VersionStatus,
)

# --- Questionnaires and versions -------------------------------------------------------------


def questionnaire_list(*, actor: Actor) -> QuerySet[Questionnaire]:
    visible = Questionnaire.objects.filter(permissions.questionnaire_visibility(actor)).values("pk")
    return (
        Questionnaire.objects.filter(pk__in=visible)
        .select_related("organisation")
        .annotate(
            version_count=Count("versions", distinct=True),
            published_count=Count("versions", filter=Q(versions__status=VersionStatus.PUBLISHED), distinct=True),
            draft_count=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT), distinct=True),
        )
        .order_by("name", "pk")
    )


def questionnaire_get(*, actor: Actor, pk: int) -> Questionnaire:
    return get_object_or_404(questionnaire_list(actor=actor), pk=pk)


def version_list(*, questionnaire: Questionnaire) -> QuerySet[QuestionnaireVersion]:
    """The versions of a questionnaire the caller already got through ``questionnaire_get``, newest first."""
    return (
        questionnaire.versions.select_related("published_by", "based_on")
        .annotate(
            response_count=Count("responses", distinct=True),
            campaign_count=Count("campaigns", distinct=True),
        )
        .order_by("-number")
    )


def _version_queryset(actor: Actor) -> QuerySet[QuestionnaireVersion]:
    visible = Questionnaire.objects.filter(permissions.questionnaire_visibility(actor)).values("pk")
    return QuestionnaireVersion.objects.filter(questionnaire__in=visible).select_related(
        "questionnaire", "questionnaire__organisation"
    )


def version_get(*, actor: Actor, pk: int) -> QuestionnaireVersion:
    """A version of a questionnaire the actor may open (without its content)."""
    return get_object_or_404(_version_queryset(actor), pk=pk)


def usable_versions(*, actor: Actor) -> QuerySet[QuestionnaireVersion]:
    """Published versions the actor may start a campaign with."""
    versions = _version_queryset(actor).filter(status=VersionStatus.PUBLISHED)
    if not permissions.builds_everything(actor):
        versions = versions.filter(questionnaire__purpose="evaluation")
    return versions.order_by("questionnaire__name", "-number")


@dataclass
class NumberedQuestion:
    """A question with its number in the whole version (1, 2, 3...) and its options in order."""

    question: Question
    number: int
    options: list[Option]
    section: Section
    condition_question: NumberedQuestion | None = None
    condition_option: Option | None = None

    @property
    def pk(self) -> int:
        return self.question.pk

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.question.scale_min, self.question.scale_max + 1))

    def option_number(self, option: Option) -> int:
        return next(index for index, candidate in enumerate(self.options, start=1) if candidate.pk == option.pk)


@dataclass
class SectionContent:
    section: Section
    questions: list[NumberedQuestion] = field(default_factory=list)


@dataclass
class VersionContent:
    """A version with its sections, questions and options, loaded in a fixed number of queries."""

    version: QuestionnaireVersion
    sections: list[SectionContent]
    languages: list[Language]

    @property
    def questions(self) -> list[NumberedQuestion]:
        return [question for section in self.sections for question in section.questions]

    def question(self, pk: int) -> NumberedQuestion | None:
        return next((question for question in self.questions if question.pk == pk), None)

    @property
    def option_index(self) -> dict[int, tuple[NumberedQuestion, Option]]:
        return {option.pk: (question, option) for question in self.questions for option in question.options}

    def language(self, code: str) -> Language | None:
        return next((language for language in self.languages if language.code == code), None)


def version_content(version: QuestionnaireVersion) -> VersionContent:
    """Sections, questions (numbered across sections) and options of ``version``; four queries.

    The caller got ``version`` through a scoped selector (or owns it, in a service).
    """
    options = Prefetch("options", queryset=Option.objects.select_related("category__parent").order_by("position", "pk"))
    questions = Prefetch("questions", queryset=Question.objects.order_by("position", "pk").prefetch_related(options))
    sections = list(version.sections.order_by("position", "pk").prefetch_related(questions))
    content = VersionContent(version=version, sections=[], languages=version_languages(version))
    by_pk: dict[int, NumberedQuestion] = {}
    number = 0
    for section in sections:
        block = SectionContent(section=section)
        for question in section.questions.all():
            number += 1
            numbered = NumberedQuestion(
                question=question, number=number, options=list(question.options.all()), section=section
            )
            by_pk[question.pk] = numbered
            block.questions.append(numbered)
        content.sections.append(block)
    options_by_pk = content.option_index
    for numbered in by_pk.values():
        if numbered.question.show_if_question_id:
            numbered.condition_question = by_pk.get(numbered.question.show_if_question_id)
        if numbered.question.show_if_option_id and numbered.question.show_if_option_id in options_by_pk:
            numbered.condition_option = options_by_pk[numbered.question.show_if_option_id][1]
    return content


def version_languages(version: QuestionnaireVersion) -> list[Language]:
    """The version's languages as reference rows, in the version's order (unknown codes left out)."""
    by_code = {language.code: language for language in Language.objects.filter(code__in=version.languages)}
    return [by_code[code] for code in version.languages if code in by_code]


def theme_categories() -> QuerySet[Category]:
    """The category taxonomy, roots first then their sub-themes, for the themes questions."""
    return Category.objects.select_related("parent").order_by("parent__position", "parent__code", "position", "code")


def addable_languages(version: QuestionnaireVersion) -> QuerySet[Language]:
    return Language.objects.exclude(code__in=version.languages).order_by("position", "name_fr")


# --- Campaigns ---------------------------------------------------------------------------------


def campaign_list(*, actor: Actor) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(permissions.campaign_visibility(actor))
        .select_related("version__questionnaire", "organisation", "prison", "edition__activity")
        .annotate(response_count=Count("responses"))
        .order_by("-starts_on", "name", "pk")
    )


def campaign_get(*, actor: Actor, pk: int) -> Campaign:
    campaign: Campaign = get_object_or_404(
        campaign_list(actor=actor).prefetch_related("target_groups", "units"),
        pk=pk,
    )
    return campaign


@dataclass
class CampaignFigures:
    """How many forms were typed in: the total (an operational count) and small-count-safe breakdowns."""

    total: int
    by_language: list[tuple[str, int | None]]
    by_unit: list[tuple[str, int | None]]
    by_channel: list[tuple[str, int | None]]


def campaign_figures(*, campaign: Campaign) -> CampaignFigures:
    """Counts below the minimum are hidden (None) in the breakdowns, as in every statistic."""
    responses = Response.objects.filter(campaign=campaign)
    languages = {
        language.code: str(language) for language in Language.objects.filter(code__in=campaign.version.languages)
    }
    by_language = Counter(responses.values_list("language", flat=True))
    by_unit = Counter(responses.values_list("unit_id", flat=True))
    units = {unit.pk: str(unit) for unit in Unit.objects.filter(pk__in=[pk for pk in by_unit if pk])}
    by_channel = Counter(responses.values_list("channel", flat=True))
    return CampaignFigures(
        total=sum(by_language.values()),
        by_language=sorted(
            ((languages.get(code, code), safe_count(count)) for code, count in by_language.items()),
            key=lambda item: item[0],
        ),
        by_unit=sorted(
            (((units.get(pk, "—") if pk else "—"), safe_count(count)) for pk, count in by_unit.items()),
            key=lambda item: item[0],
        ),
        by_channel=[(str(Channel(code).label), safe_count(count)) for code, count in sorted(by_channel.items())],
    )


def last_paper_response(*, campaign: Campaign, user_id: int | None) -> Response | None:
    """The last form the user typed in for this campaign (to keep its language, group and unit)."""
    if user_id is None:
        return None
    return Response.objects.filter(campaign=campaign, entered_by_id=user_id).order_by("-entered_at", "-pk").first()
