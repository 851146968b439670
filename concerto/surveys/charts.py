"""The charts of a campaign's results, one per question, drawn with ``concerto.core.charts``."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from concerto.core.charts import Bar, Segment, StackedRow, bar_chart, stacked_bar_chart

from .analysis import QuestionResult
from .models import QuestionKind

__all__ = ["Bar", "Segment", "StackedRow", "bar_chart", "question_chart", "stacked_bar_chart"]


def _count_text(count: int | None, percent: int | None) -> str:
    if count is None:
        return _("fewer than 5")
    return f"{count} ({percent}%)" if percent is not None else str(count)


def question_chart(result: QuestionResult, *, chart_id: str) -> SafeString | None:
    """The chart of one question's results (none for free-text questions).

    The page's heading above the chart names the question; the chart's title says what it
    shows, and its description (read by screen readers) repeats the question and every figure.
    """
    question = f"{result.number}. {result.text}"
    if result.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        bars = [Bar(c.label, c.cell.count, _count_text(c.cell.count, c.cell.percent)) for c in result.choices]
        return bar_chart(
            chart_id=chart_id,
            title=_("Number of people per answer"),
            bars=bars,
            axis_label=_("Number of people"),
            description=f"{question} " + "; ".join(f"{bar.label}: {bar.text}" for bar in bars),
        )
    if result.kind == QuestionKind.THEMES:
        bars = [
            Bar(
                c.label if c.is_root else f"› {c.label}",
                c.score,
                _("score %(score)s · %(people)s people") % {"score": c.score, "people": c.cell.count}
                if c.score is not None
                else _("fewer than 5"),
                secondary=not c.is_root,
            )
            for c in result.choices
        ]
        return bar_chart(
            chart_id=chart_id,
            title=_("Demand per theme, weighted by rank"),
            bars=bars,
            axis_label=_("Weighted score (a first choice counts most)"),
            description=f"{question} " + "; ".join(f"{bar.label}: {bar.text}" for bar in bars),
        )
    if result.kind == QuestionKind.SCALE:
        legend = [c.label for c in result.choices]
        rows = [_scale_row(_("All"), result.answered, [c.cell.count for c in result.choices], legend, result.mean)]
        for table in result.breakdowns:
            if table.dimension == "target_group":
                rows += [
                    _scale_row(row.label, row.answered, [c.count for c in row.cells], legend, row.mean)
                    for row in table.rows
                ]
        chart = stacked_bar_chart(
            chart_id=chart_id,
            title=_("Share of each answer, overall and per target group"),
            legend=legend,
            rows=rows,
            axis_label=_("Share of the answers"),
            prefix=question,
        )
        return chart
    return None


def _scale_row(
    label: str, answered: int | None, counts: list[int | None], legend: list[str], mean: float | None
) -> StackedRow:
    if answered is None:
        return StackedRow(label, [], hidden_note=_("fewer than 5 answers"))
    segments = [Segment(name, count) for name, count in zip(legend, counts, strict=True) if count]
    rest = answered - sum(count or 0 for count in counts)
    if rest > 0:
        segments.append(Segment(_("each fewer than 5"), rest))
    text = f"n = {answered}" + (f" · ⌀ {number_format(mean, 2)}" if mean is not None else "")
    return StackedRow(label, segments, text)
