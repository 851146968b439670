"""Survey exports: the aggregated results and the raw answers, as CSV and as XLSX.

CSV files use ``;`` between fields and start with a UTF-8 byte order mark: Excel set to Belgian
(French or Dutch) settings then opens them in columns with accents intact.

- **Results** (aggregated, for everyone who reads the results): one row per figure, "long"
  so it filters and pivots well: question, breakdown (all / target group / unit / language),
  group, answer, count, percentage, mean, score. The small-count rule applies as on the page:
  a count below 5 reads "< 5" and has no percentage.
- **Answers** (raw, coordinators only): one row per response and question answered
  (questions left blank have no row). A multiple choice or a themes question lists its chosen
  options in one cell, separated by " | ", themes in rank order with their ranks in the
  "rank" column in the same order. No name, ever: the response's number is the only key.

The files are written by the shared exports (``concerto.core.exports``), which also neutralise
cells that would start a spreadsheet formula, so a typed-in answer can never run as one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.core.exports import Row

from .analysis import QuestionResult, Results, responses_of, version_questions
from .models import Answer, Campaign, QuestionKind, QuestionnaireVersion, Response, text_in


def _small(count: int | None) -> int | str:
    return f"< {settings.CONCERTO_MIN_COUNT}" if count is None else count


# --- Aggregated results -------------------------------------------------------------------------


def results_header() -> list[str]:
    return [
        _("Question number"),
        _("Question code"),
        _("Question"),
        _("Breakdown"),
        _("Group"),
        _("Answer"),
        _("Count"),
        _("Percentage"),
        _("Mean"),
        _("Weighted score"),
    ]


def results_rows(outcome: Results) -> list[Row]:
    """The figures of the results page, one per row (see the module's docstring)."""
    rows: list[Row] = [results_header()]
    everyone = _("All")
    for result in outcome.questions:
        if result.kind == QuestionKind.TEXT:
            continue
        lead = [result.number, result.question.code, result.text]
        rows.append([*lead, everyone, "", _("Answered"), _small(result.answered), "", "", ""])
        if result.kind == QuestionKind.SCALE:
            rows.append([*lead, everyone, "", _("Mean"), "", "", _mean(result.mean), ""])
        for choice in result.choices:
            score = "" if choice.score is None else choice.score
            rows.append(
                [*lead, everyone, "", choice.label, _small(choice.cell.count), _percent(choice.cell.percent), "", score]
            )
        rows.extend(_breakdown_rows(lead, result))
    return rows


def _mean(mean: float | None) -> float | str:
    return "" if mean is None else mean


def _percent(percent: int | None) -> int | str:
    return "" if percent is None else percent


def _breakdown_rows(lead: list[Any], result: QuestionResult) -> Iterable[Row]:
    for table in result.breakdowns:
        for row in table.rows:
            yield [*lead, table.title, row.label, _("Answered"), _small(row.answered), "", "", ""]
            if result.kind == QuestionKind.SCALE:
                yield [*lead, table.title, row.label, _("Mean"), "", "", _mean(row.mean), ""]
            for column, cell in zip(table.columns, row.cells, strict=True):
                yield [*lead, table.title, row.label, column, _small(cell.count), _percent(cell.percent), "", ""]


# --- Raw answers ------------------------------------------------------------------------------


def answers_header() -> list[str]:
    return [
        _("Response"),
        _("Form number"),
        _("Channel"),
        _("Language"),
        _("Target group"),
        _("Unit"),
        _("Entered on"),
        _("Question number"),
        _("Question code"),
        _("Question"),
        _("Answer"),
        _("Answer codes"),
        _("Rank"),
        _("Scale value"),
        _("Text"),
    ]


def answers_rows(source: Campaign | QuerySet[Response], version: QuestionnaireVersion) -> list[Row]:
    """One row per response and question answered; four queries whatever the number of responses."""
    responses = responses_of(source).order_by("pk")
    questions = version_questions(version)
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    answers: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(response__in=responses.values("pk"))
        .select_related("option")
        .order_by("response_id", "question_id", "rank", "option__position", "pk")
    ):
        answers[(answer.response_id, answer.question_id)].append(answer)
    rows: list[Row] = [answers_header()]
    channels = dict(Response._meta.get_field("channel").choices or [])
    for response in responses.values(
        "pk", "paper_number", "channel", "language", "target_group__code", "unit__code", "entered_at"
    ):
        head = [
            response["pk"],
            response["paper_number"],
            str(channels.get(response["channel"], response["channel"])),
            response["language"],
            response["target_group__code"] or "",
            response["unit__code"] or "",
            timezone.localtime(response["entered_at"]).date().isoformat() if response["entered_at"] else "",
        ]
        for question in questions:
            given = answers.get((response["pk"], question.pk))
            if not given:
                continue
            rows.append([*head, numbers[question.pk], question.code, text_in(question.text), *_answer_cells(given)])
    return rows


def _answer_cells(given: list[Answer]) -> list[Any]:
    chosen = [answer for answer in given if answer.option_id and answer.option]
    labels = " | ".join(text_in(answer.option.label) or answer.option.code for answer in chosen if answer.option)
    codes = " | ".join(answer.option.code for answer in chosen if answer.option)
    ranks = " | ".join(str(answer.rank) for answer in chosen if answer.rank is not None)
    scale = next((answer.scale_value for answer in given if answer.scale_value is not None), "")
    text = "\n".join(answer.text for answer in given if answer.text)
    return [labels, codes, ranks, scale, text]
