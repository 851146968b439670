"""Results of a survey: counts, percentages, breakdowns, scale means, free texts and theme demand.

Every function takes a campaign or a queryset of responses, all of one questionnaire version
(an evaluation campaign of an edition works the same way). Aggregations run in SQL and the
number of queries does not grow with the number of responses: one query counts the answers of
every question at once, grouped by target group, unit and language; the breakdowns are sums of
those disjoint groups (each response has one target group, one unit and one language).

Small counts: what the pages and exports show goes through ``concerto.privacy.safe_count``, so a
count below ``CONCERTO_MIN_COUNT`` (5) is shown as "fewer than 5", and no percentage or mean is
computed on a group below 5. ``theme_demand`` returns raw counts: its callers apply the rule.

Theme weighting (Borda count): on a themes question where K themes may be ranked (the
question's ``max_choices``, or its number of options when it has no limit), rank 1 scores K,
rank 2 scores K − 1, …, rank K scores 1. A theme ticked without a rank (or with a rank beyond K)
scores 1, like the last rank. The score of a theme is the sum over the people who chose it; the
number of people is counted separately, so "many people, low in their list" and "few people,
first choice" can be told apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.prisons.models import Unit
from concerto.privacy.services import safe_count
from concerto.reference.models import Language, TargetGroup

from . import permissions
from .models import Answer, Campaign, Option, Question, QuestionKind, QuestionnaireVersion, Response, text_in

# --- Who may read what ---------------------------------------------------------------------------
# Paper forms, aggregated results (free texts included) and their exports: whoever sees the
# campaign (``permissions.campaign_visibility``, through ``selectors.campaign_get``).


def may_export_answers(actor: Actor) -> bool:
    """The raw answers, one row per response and question: coordinators and administrators only."""
    return permissions.builds_everything(actor)


# --- Which responses --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFilters:
    """Narrow the responses to one target group, unit or language (all optional)."""

    target_group_id: int | None = None
    unit_id: int | None = None
    language: str = ""

    def apply(self, responses: QuerySet[Response]) -> QuerySet[Response]:
        if self.target_group_id:
            responses = responses.filter(target_group_id=self.target_group_id)
        if self.unit_id:
            responses = responses.filter(unit_id=self.unit_id)
        if self.language:
            responses = responses.filter(language=self.language)
        return responses

    @property
    def is_active(self) -> bool:
        return bool(self.target_group_id or self.unit_id or self.language)


def responses_of(source: Campaign | QuerySet[Response]) -> QuerySet[Response]:
    if isinstance(source, Campaign):
        return Response.objects.filter(campaign=source)
    return source


def _version_of(source: Campaign | QuerySet[Response]) -> QuestionnaireVersion | None:
    if isinstance(source, Campaign):
        return source.version
    version_ids = list(source.order_by().values_list("version_id", flat=True).distinct()[:2])
    if len(version_ids) > 1:
        raise ValueError("The responses answered several questionnaire versions; analyse one version at a time.")
    if not version_ids:
        return None
    return QuestionnaireVersion.objects.get(pk=version_ids[0])


# --- Theme demand (also read by concerto.coverage) --------------------------------------------


@dataclass(frozen=True)
class ThemeDemand:
    """How many people wish a theme, and how strongly, for one target group, unit and language.

    Raw counts, not hidden below 5: whoever displays them applies ``safe_count``.
    """

    category_id: int  # the option's category (may be a sub-theme)
    root_category_id: int  # its top-level category (itself if top-level)
    target_group_id: int | None
    unit_id: int | None
    language: str  # the response's language code
    people: int  # distinct responses that chose this theme
    score: int  # Borda weight: rank 1 of K scores K, rank K scores 1 (see the module's docstring)


def _rank_weight() -> Case:
    """Rank r of K rankable themes scores K + 1 − r (at least 1); no rank scores 1."""
    options_of_question = Subquery(
        Option.objects.filter(question=OuterRef("question"))
        .order_by()
        .values("question")
        .annotate(total=Count("pk"))
        .values("total")[:1],
        output_field=IntegerField(),
    )
    rankable = Coalesce(NullIf(F("question__max_choices"), Value(0)), options_of_question, output_field=IntegerField())
    return Case(
        When(Q(rank__isnull=True) | Q(rank__lt=1), then=Value(1)),
        default=Greatest(rankable + Value(1) - F("rank"), Value(1), output_field=IntegerField()),
        output_field=IntegerField(),
    )


def _theme_answers(responses: QuerySet[Response]) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__in=responses.order_by().values("pk"),
        question__kind=QuestionKind.THEMES,
        option__category__isnull=False,
    ).order_by()


_GROUP_FIELDS = ["response__target_group_id", "response__unit_id", "response__language"]


def _theme_rows(responses: QuerySet[Response], *, by_root: bool, per_question: bool) -> list[dict[str, Any]]:
    root = Coalesce(F("option__category__parent_id"), F("option__category_id"))
    fields = [*_GROUP_FIELDS, "question_id"] if per_question else _GROUP_FIELDS
    return list(
        _theme_answers(responses)
        .values(*fields, root_id=root, category=root if by_root else F("option__category_id"))
        .annotate(people=Count("response_id", distinct=True), score=Sum(_rank_weight()))
        .order_by()
    )


def _demand(rows: Iterable[dict[str, Any]]) -> list[ThemeDemand]:
    return [
        ThemeDemand(
            category_id=row["category"],
            root_category_id=row["root_id"],
            target_group_id=row["response__target_group_id"],
            unit_id=row["response__unit_id"],
            language=row["response__language"],
            people=row["people"],
            score=row["score"] or 0,
        )
        for row in rows
    ]


def theme_demand(responses: QuerySet[Response]) -> list[ThemeDemand]:
    """Demand per category, target group, unit and language, from the themes questions answered.

    One row per (category, target group, unit, language) that someone chose; ``people`` counts
    the responses that chose the category (once, even if two themes questions offer it) and
    ``score`` sums their rank weights. One SQL query whatever the number of responses.

    Adding up ``people`` over the sub-themes of a root category may count a person twice (who
    chose two sub-themes of it): use ``theme_demand_by_root`` for the root categories.
    """
    return _demand(_theme_rows(responses, by_root=False, per_question=False))


def theme_demand_by_root(responses: QuerySet[Response]) -> list[ThemeDemand]:
    """Like ``theme_demand``, rolled up to the root categories: a person counts once per root.

    ``category_id`` equals ``root_category_id``; the score is the sum of the weights of every
    sub-theme the person chose under that root.
    """
    return _demand(_theme_rows(responses, by_root=True, per_question=False))


# --- Results of a campaign ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A count fit to show: ``count`` is None below 5; ``percent`` is None when not computed."""

    count: int | None
    percent: int | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


def _cell(count: int, base: int) -> Cell:
    shown = safe_count(count)
    if shown is None or safe_count(base) in (None, 0):
        return Cell(shown, None)
    return Cell(shown, round(100 * count / base))


@dataclass(frozen=True)
class Choice:
    """One option of a choice question, one value of a scale, or one theme: its overall figures."""

    key: int | str
    label: str
    cell: Cell
    score: int | None = None  # themes: weighted demand (hidden with the count)
    is_root: bool = False  # themes: a root category (its sub-themes follow it)


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    answered: int | None  # responses of this group that answered the question (None: fewer than 5)
    cells: list[Cell]
    mean: float | None = None  # scales: the group's mean, when the group has at least 5 answers


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # "target_group", "unit" or "language"
    title: str
    columns: list[str]
    rows: list[BreakdownRow]


@dataclass
class QuestionResult:
    number: int
    question: Question
    text: str
    answered: int | None
    choices: list[Choice] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    texts_hidden: bool = False
    condition: str = ""  # "only if …" in words, for conditional questions

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class Results:
    version: QuestionnaireVersion | None
    filters: ResultFilters
    responses: int | None  # safe count of the responses analysed
    raw_responses: int  # for the decision to show anything at all; never displayed below 5
    questions: list[QuestionResult]
    group_labels: dict[str, dict[Any, str]]

    @property
    def too_few(self) -> bool:
        return self.raw_responses < settings.CONCERTO_MIN_COUNT


DIMENSIONS = ("target_group", "unit", "language")
_DIMENSION_FIELDS = {
    "target_group": "response__target_group_id",
    "unit": "response__unit_id",
    "language": "response__language",
}


def dimension_titles() -> dict[str, str]:
    return {"target_group": _("Per target group"), "unit": _("Per unit"), "language": _("Per language")}


def version_questions(version: QuestionnaireVersion) -> list[Question]:
    """The version's questions in reading order, with their options and themes (two queries)."""
    return list(
        Question.objects.filter(section__version=version)
        .select_related("section", "show_if_question", "show_if_option")
        .prefetch_related(
            Prefetch("options", queryset=Option.objects.select_related("category__parent").order_by("position", "pk"))
        )
        .order_by("section__position", "section__pk", "position", "pk")
    )


def _labels(counted_groups: list[dict[str, Any]]) -> dict[str, dict[Any, str]]:
    """Names of the target groups, units and languages present (three queries)."""
    group_ids = {row["target_group_id"] for row in counted_groups} - {None}
    unit_ids = {row["unit_id"] for row in counted_groups} - {None}
    codes = {row["language"] for row in counted_groups}
    not_given = _("Not given")
    labels: dict[str, dict[Any, str]] = {
        "target_group": {None: not_given, **{g.pk: str(g) for g in TargetGroup.objects.filter(pk__in=group_ids)}},
        "unit": {None: not_given, **{u.pk: str(u.tr("name")) for u in Unit.objects.filter(pk__in=unit_ids)}},
        "language": {code: _language_name(code) for code in codes},
    }
    for language in Language.objects.filter(code__in=codes):
        labels["language"][language.code] = str(language)
    return labels


def _language_name(code: str) -> str:
    """Django's name of the language when it knows the code (the reference table's name wins)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def results(
    source: Campaign | QuerySet[Response], *, filters: ResultFilters | None = None, texts: bool = True
) -> Results:
    """Every question's figures for the responses of ``source`` narrowed by ``filters``.

    ``texts=False`` leaves out the free-text answers (for readers who may not see them); they
    are left out too when the selection, or the question, has fewer than 5 answers.
    Percentages of choice questions are of the responses that answered the question (a
    multiple-choice question may add up to more than 100 %). About a dozen queries, however
    many responses there are.
    """
    filters = filters or ResultFilters()
    version = _version_of(source)
    responses = filters.apply(responses_of(source)).order_by()
    counted_groups = list(
        responses.values("target_group_id", "unit_id", "language").annotate(total=Count("pk")).order_by()
    )
    total = sum(row["total"] for row in counted_groups)
    labels = _labels(counted_groups)
    if version is None:
        return Results(None, filters, safe_count(total), total, [], labels)
    questions = version_questions(version)
    answers = Answer.objects.filter(response__in=responses.values("pk")).order_by()
    # Who answered each question, per group: one query.
    answered_rows = list(
        answers.filter(Q(option__isnull=False) | Q(scale_value__isnull=False) | ~Q(text=""))
        .values("question_id", *_GROUP_FIELDS)
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    # Every chosen option and scale value, per group: one query.
    choice_rows = list(
        answers.filter(Q(option__isnull=False) | Q(scale_value__isnull=False))
        .values("question_id", "option_id", "scale_value", *_GROUP_FIELDS)
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    has_themes = any(q.kind == QuestionKind.THEMES for q in questions)
    theme_rows = _theme_rows(responses, by_root=False, per_question=True) if has_themes else []
    root_rows = _theme_rows(responses, by_root=True, per_question=True) if has_themes else []
    show_texts = texts and total >= settings.CONCERTO_MIN_COUNT
    text_rows: dict[int, list[str]] = defaultdict(list)
    if show_texts and any(q.kind == QuestionKind.TEXT for q in questions):
        # Sorted by text, not by entry: the order must not lead back to a paper form.
        for question_id, text in (
            answers.filter(question__kind=QuestionKind.TEXT)
            .exclude(text="")
            .order_by("question_id", "text")
            .values_list("question_id", "text")
        ):
            text_rows[question_id].append(text)

    answered = _index(answered_rows, "question_id")
    chosen = _index(choice_rows, "question_id")
    themed = _index(theme_rows, "question_id")
    rooted = _index(root_rows, "question_id")
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    built = []
    for question in questions:
        result = QuestionResult(
            number=numbers[question.pk],
            question=question,
            text=text_in(question.text),
            answered=safe_count(sum(row["n"] for row in answered[question.pk])),
            condition=_condition(question, numbers),
        )
        base_rows = answered[question.pk]
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            _choice_results(result, question, chosen[question.pk], base_rows, labels)
        elif question.kind == QuestionKind.SCALE:
            _scale_results(result, question, chosen[question.pk], base_rows, labels)
        elif question.kind == QuestionKind.THEMES:
            _theme_results(result, question, themed[question.pk], rooted[question.pk], base_rows, labels)
        elif question.kind == QuestionKind.TEXT:
            # Listing fewer than 5 texts would tell their number, which the count hides.
            result.texts_hidden = not show_texts or result.answered is None
            result.texts = [] if result.texts_hidden else text_rows.get(question.pk, [])
        built.append(result)
    return Results(version, filters, safe_count(total), total, built, labels)


def _index(rows: list[dict[str, Any]], key: str) -> defaultdict[int, list[dict[str, Any]]]:
    indexed: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        indexed[row[key]].append(row)
    return indexed


def _condition(question: Question, numbers: dict[int, int]) -> str:
    if not question.show_if_question_id or question.show_if_question_id not in numbers:
        return ""
    option = question.show_if_option
    return _("Only if “%(answer)s” to question %(number)s") % {
        "answer": text_in(option.label) if option else "…",
        "number": numbers[question.show_if_question_id],
    }


def _group_key(row: dict[str, Any], dimension: str) -> Any:
    return row[_DIMENSION_FIELDS[dimension]]


def _sum_by(rows: Iterable[dict[str, Any]], dimension: str, value: str = "n") -> dict[Any, int]:
    sums: dict[Any, int] = defaultdict(int)
    for row in rows:
        sums[_group_key(row, dimension)] += row[value]
    return sums


def _ordered_groups(dimension: str, keys: Iterable[Any], labels: dict[str, dict[Any, str]]) -> list[Any]:
    names = labels[dimension]
    return sorted(set(keys), key=lambda key: (key is None, str(names.get(key, key)).lower()))


def _breakdowns(
    columns: list[tuple[Any, str]],
    count_of: dict[str, dict[tuple[Any, Any], int]],
    base_rows: list[dict[str, Any]],
    labels: dict[str, dict[Any, str]],
    means: dict[str, dict[Any, float]] | None = None,
) -> list[Breakdown]:
    """One table per dimension: a row per group, a cell per column (hidden below 5)."""
    titles = dimension_titles()
    tables = []
    for dimension in DIMENSIONS:
        bases = _sum_by(base_rows, dimension)
        rows = []
        for key in _ordered_groups(dimension, bases, labels):
            base = bases[key]
            shown_base = safe_count(base)
            cells = [
                _cell(count_of[dimension].get((key, column), 0), base) if shown_base else Cell(None)
                for column, _label in columns
            ]
            mean = (means or {}).get(dimension, {}).get(key) if shown_base else None
            rows.append(BreakdownRow(labels[dimension].get(key, str(key)), shown_base, cells, mean))
        tables.append(Breakdown(dimension, titles[dimension], [label for _key, label in columns], rows))
    return tables


def _counts_by_dimension(rows: list[dict[str, Any]], column_field: str) -> dict[str, dict[tuple[Any, Any], int]]:
    counts: dict[str, dict[tuple[Any, Any], int]] = {}
    for dimension in DIMENSIONS:
        table: dict[tuple[Any, Any], int] = defaultdict(int)
        for row in rows:
            table[(_group_key(row, dimension), row[column_field])] += row["n"]
        counts[dimension] = table
    return counts


def _choice_results(
    result: QuestionResult,
    question: Question,
    rows: list[dict[str, Any]],
    base_rows: list[dict[str, Any]],
    labels: dict[str, dict[Any, str]],
) -> None:
    base = sum(row["n"] for row in base_rows)
    totals: dict[Any, int] = defaultdict(int)
    for row in rows:
        totals[row["option_id"]] += row["n"]
    options = list(question.options.all())
    result.choices = [Choice(o.pk, text_in(o.label) or o.code, _cell(totals[o.pk], base)) for o in options]
    columns = [(o.pk, text_in(o.label) or o.code) for o in options]
    result.breakdowns = _breakdowns(columns, _counts_by_dimension(rows, "option_id"), base_rows, labels)


def _mean(pairs: Iterable[tuple[int, int]]) -> float | None:
    """The mean of (value, count) pairs, when at least 5 answers."""
    pairs = list(pairs)
    count = sum(n for _value, n in pairs)
    if count < settings.CONCERTO_MIN_COUNT:
        return None
    return round(sum(value * n for value, n in pairs) / count, 2)


def _scale_results(
    result: QuestionResult,
    question: Question,
    rows: list[dict[str, Any]],
    base_rows: list[dict[str, Any]],
    labels: dict[str, dict[Any, str]],
) -> None:
    rows = [row for row in rows if row["scale_value"] is not None]
    base = sum(row["n"] for row in base_rows)
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        totals[row["scale_value"]] += row["n"]
    values = list(range(question.scale_min, question.scale_max + 1))
    extra = sorted(set(totals) - set(values))  # values typed outside the scale still count
    low, high = text_in(question.scale_min_label), text_in(question.scale_max_label)
    result.choices = [
        Choice(value, _scale_label(value, question, low, high), _cell(totals[value], base)) for value in values + extra
    ]
    result.mean = _mean(totals.items())
    means: dict[str, dict[Any, float]] = {}
    for dimension in DIMENSIONS:
        pairs: dict[Any, list[tuple[int, int]]] = defaultdict(list)
        for row in rows:
            pairs[_group_key(row, dimension)].append((row["scale_value"], row["n"]))
        means[dimension] = {key: mean for key, found in pairs.items() if (mean := _mean(found)) is not None}
    columns = [(value, str(value)) for value in values + extra]
    result.breakdowns = _breakdowns(columns, _counts_by_dimension(rows, "scale_value"), base_rows, labels, means)


def _scale_label(value: int, question: Question, low: str, high: str) -> str:
    if value == question.scale_min and low:
        return f"{value} · {low}"
    if value == question.scale_max and high:
        return f"{value} · {high}"
    return str(value)


def _theme_results(
    result: QuestionResult,
    question: Question,
    rows: list[dict[str, Any]],
    root_rows: list[dict[str, Any]],
    base_rows: list[dict[str, Any]],
    labels: dict[str, dict[Any, str]],
) -> None:
    """Roots first (a person counts once per root), each followed by its sub-themes, by score."""
    base = sum(row["n"] for row in base_rows)
    categories = {o.category_id: o.category for o in question.options.all() if o.category_id and o.category}
    for category in list(categories.values()):
        if category.parent_id and category.parent:
            categories.setdefault(category.parent_id, category.parent)

    def totals(found: list[dict[str, Any]]) -> dict[int, tuple[int, int]]:
        people: dict[int, int] = defaultdict(int)
        score: dict[int, int] = defaultdict(int)
        for row in found:
            people[row["category"]] += row["people"]
            score[row["category"]] += row["score"] or 0
        return {key: (people[key], score[key]) for key in people}

    def named(category_id: int) -> str:
        category = categories.get(category_id)
        return str(category.tr("name")) if category else str(category_id)

    by_root, by_category = totals(root_rows), totals(rows)
    roots = sorted(by_root, key=lambda key: (-by_root[key][1], named(key)))
    choices = []
    for root in roots:
        people, score = by_root[root]
        cell = _cell(people, base)
        choices.append(Choice(root, named(root), cell, None if cell.hidden else score, is_root=True))
        children = [
            key for key in by_category if key != root and categories.get(key) and categories[key].parent_id == root
        ]
        for child in sorted(children, key=lambda key: (-by_category[key][1], named(key))):
            people, score = by_category[child]
            cell = _cell(people, base)
            choices.append(Choice(child, named(child), cell, None if cell.hidden else score))
    result.choices = choices
    people_rows = [{**row, "n": row["people"]} for row in root_rows]
    columns = [(root, named(root)) for root in roots]
    result.breakdowns = _breakdowns(columns, _counts_by_dimension(people_rows, "category"), base_rows, labels)
