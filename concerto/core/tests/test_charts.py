"""The shared chart module: grouped bars (one per series) on one scale, hidden values written out."""

from __future__ import annotations

import html
import re

import pytest

from concerto.core.charts import Bar, BarGroup, Segment, StackedRow, bar_chart, grouped_bar_chart, stacked_bar_chart


def test_grouped_bars_share_one_scale_and_the_description_says_every_figure():
    svg = str(
        grouped_bar_chart(
            chart_id="g",
            title="Hours per category",
            legend=["2026", "2025"],
            groups=[BarGroup("Training", [6.0, 3.0], ["6", "3"]), BarGroup("Theatre", [1.5, None], ["1,5"])],
            axis_label="Hours",
        )
    )

    assert 'role="img"' in svg
    assert '<title id="g-title">Hours per category</title>' in svg
    assert "Training: 2026: 6, 2025: 3; Theatre: 2026: 1,5, 2025: fewer than 5" in svg
    widths = [float(w) for w in re.findall(r'<rect x="260" y="[\d.]+" width="([\d.]+)" height="14"', svg)]
    assert widths == pytest.approx([4 * widths[2], 2 * widths[2], widths[2]])
    assert ">fewer than 5</text>" in svg  # no bar for the hidden value, the words instead
    assert ">2026</tspan>" in svg
    assert ">2025</tspan>" in svg


def test_a_bar_chart_with_a_fixed_maximum_draws_percentages_on_a_scale_to_100():
    svg = str(bar_chart(chart_id="p", title="Rate", bars=[Bar("March", 50, "50 %")], axis_label="%", maximum=100))
    (width,) = re.findall(r'<rect x="260" y="[\d.]+" width="([\d.]+)" height="20"', svg)
    assert float(width) == pytest.approx(340 / 2)  # half of the plot's width
    assert ">100</text>" in svg


def test_a_long_legend_wraps_onto_new_rows_instead_of_running_off_the_chart():
    names = ["Pas du tout d'accord", "Plutôt pas d'accord", "Sans avis", "Plutôt d'accord", "Tout à fait d'accord"]
    svg = str(
        stacked_bar_chart(
            chart_id="s",
            title="Réponses",
            legend=names,
            rows=[StackedRow("Tous", [Segment(name, 6) for name in names] + [Segment("moins de 5 chacune", 3)])],
            axis_label="%",
        )
    )
    keys = re.findall(r'<tspan x="([\d.]+)" y="[\d.]+">([^<]+)</tspan>', svg)
    keys = [(float(x), html.unescape(text)) for x, text in keys]
    legend = [(x, text) for x, text in keys if text in names or text == "moins de 5 chacune"]
    assert {text for _, text in legend} == {*names, "moins de 5 chacune"}  # every name whole
    assert all(x + len(text) * 7.2 <= 720 for x, text in legend)  # none past the right edge
