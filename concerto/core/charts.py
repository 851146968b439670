"""Charts drawn on the server as inline SVG: the same markup on screen, on paper and in PDFs.

No JavaScript and no image files: a chart is a string of SVG put straight into the page.
Each chart is an image for assistive technology (``role="img"``, a ``<title>`` and a
``<desc>`` that says the figures in words), and the page shows the same figures in a table.
Colours: dark bars on white (contrast above 7:1); every segment of a stacked bar has a dark
outline, so neighbours stay apart in black-and-white print too, and the values written on
segments are black or white, whichever contrasts more with the segment.

Used by the survey results (``surveys/charts.py``: a chart per question) and the yearly
report (``reports/charts.py``: hours, participants, attendance, the year before).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 110
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
LINE = 16  # height of one line of label text
BAR = 20
GAP = 12
TOP = 40  # the title
FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
INK = "#1b1b1b"
BAR_COLOUR = "#1d4f91"
SECONDARY_COLOUR = "#4a7cc0"  # 4.4:1 on white
HIDDEN_COLOUR = "#6b6b6b"
AXIS_COLOUR = "#595959"
# From "low" (brown-orange) to "high" (blue): a scale reads as bad → good for most questions.
SCALE_STOPS = ("#8c3c0a", "#f2f2f2", "#12427a")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: hidden (fewer than 5), drawn as no bar with a note
    text: str = ""  # written after the bar (default: the value)
    secondary: bool = False  # a lighter bar (e.g. a sub-theme under its root category)


@dataclass(frozen=True)
class Segment:
    label: str
    value: int


@dataclass(frozen=True)
class StackedRow:
    label: str
    segments: Sequence[Segment]  # in the order of the legend; empty when the row is hidden
    text: str = ""  # written after the bar (e.g. "n = 16")
    hidden_note: str = ""  # written instead of the bar when the row is hidden


def _lines(label: str, width: int = 34, most: int = 2) -> list[str]:
    lines = textwrap.wrap(label, width=width) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], textwrap.shorten(" ".join(lines[most - 1 :]), width=width, placeholder=" …")]
    return lines


def _label(x: int, y: int, lines: list[str], anchor: str = "end") -> str:
    first = y - (len(lines) - 1) * LINE / 2
    spans = "".join(
        f'<tspan x="{x}" y="{first + index * LINE:.1f}">{escape(line)}</tspan>' for index, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" dominant-baseline="middle" fill="{INK}">{spans}</text>'


CHAR_WIDTH = 7.2  # a generous average width of one character at the charts' font size


def _legend(body: list[str], keys: Sequence[tuple[str, str]], x0: float, top: float) -> float:
    """Draw the legend's keys left to right from ``x0``, each name wrapped on up to two lines.

    A key that would pass the chart's right edge starts a new row, so that no name is cut
    ("moins de 5 chacune" lost its end). Returns the y under the legend.
    """
    x, y, row_lines = float(x0), float(top), 1
    for name, colour in keys:
        lines = _lines(name, 26, 2)
        width = 24 + max(len(line) for line in lines) * CHAR_WIDTH
        if x > x0 and x + width > WIDTH:
            x, y, row_lines = float(x0), y + row_lines * LINE + 6, 1
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{colour}" stroke="{INK}"/>')
        spans = "".join(
            f'<tspan x="{x + 19:.1f}" y="{y + 7 + index * LINE:.1f}">{escape(line)}</tspan>'
            for index, line in enumerate(lines)
        )
        body.append(f'<text dominant-baseline="middle" fill="{INK}">{spans}</text>')
        x += width + 10
        row_lines = max(row_lines, len(lines))
    return y + row_lines * LINE + 6


def _frame(chart_id: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="{}-title {}-desc" font-family="{}" font-size="13">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<text x="0" y="20" font-size="15" font-weight="bold" fill="{}">{}</text>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        FONT,
        chart_id,
        title,
        chart_id,
        description,
        INK,
        title,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text above went through escape()


def _nice_maximum(value: float) -> int:
    """A round end for the axis: 10, 20, 25, 50, 100, 200, 250, 500…"""
    if value <= 10:
        return 10
    magnitude = 10 ** int(math.log10(math.ceil(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return math.ceil(value)


def _axis(body: list[str], x0: int, top: int, bottom: float, maximum: int, axis_label: str) -> None:
    """The vertical and horizontal axes, ticks at 0, half and the maximum, and the axis label."""
    scale = PLOT_WIDTH / maximum
    body.append(f'<line x1="{x0}" y1="{top - 4}" x2="{x0}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>')
    body.append(f'<line x1="{x0}" y1="{bottom}" x2="{x0 + PLOT_WIDTH}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>')
    for tick in (0, maximum // 2, maximum):
        x = x0 + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="{AXIS_COLOUR}"/>')
        body.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" fill="{INK}">{tick}</text>')
    body.append(
        f'<text x="{x0 + PLOT_WIDTH / 2:.1f}" y="{bottom + 38}" text-anchor="middle" fill="{INK}">'
        f"{escape(axis_label)}</text>"
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    axis_label: str,
    description: str = "",
    maximum: int | None = None,
) -> SafeString:
    """Horizontal bars, one per item, with the value written after each bar and a scale below.

    A hidden value (``None``) has no bar: "fewer than 5" (or the bar's ``text``) is written in
    its place. ``maximum`` fixes the end of the scale (100 for percentages), else it is a round
    number above the largest value.
    """
    hidden = _("fewer than 5")
    rows = [(bar, _lines(bar.label)) for bar in bars]
    top = max([bar.value or 0 for bar in bars] + [1])
    maximum = maximum or _nice_maximum(top)
    scale = PLOT_WIDTH / maximum
    x0 = LABEL_WIDTH + 10
    body = []
    y = TOP
    for bar, lines in rows:
        height = max(BAR, len(lines) * LINE)
        middle = y + height / 2
        body.append(_label(LABEL_WIDTH, int(middle), lines))
        if bar.value is None:
            body.append(
                f'<text x="{x0 + 4}" y="{middle:.1f}" dominant-baseline="middle" font-style="italic" '
                f'fill="{HIDDEN_COLOUR}">{escape(bar.text or hidden)}</text>'
            )
        else:
            width = bar.value * scale
            body.append(
                f'<rect x="{x0}" y="{middle - BAR / 2:.1f}" width="{width:.1f}" height="{BAR}" '
                f'fill="{SECONDARY_COLOUR if bar.secondary else BAR_COLOUR}"/>'
            )
            body.append(
                f'<text x="{x0 + width + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" font-weight="bold" '
                f'fill="{INK}">{escape(bar.text or str(bar.value))}</text>'
            )
        y += height + GAP
    bottom = y
    _axis(body, x0, TOP, bottom, maximum, axis_label)
    summary = description or "; ".join(
        f"{bar.label}: {bar.text or (hidden if bar.value is None else bar.value)}" for bar in bars
    )
    return _frame(chart_id, title, summary, int(bottom + 50), body)


@dataclass(frozen=True)
class BarGroup:
    """One item with a bar per series (e.g. a category: this year, the year before)."""

    label: str
    values: Sequence[float | None]  # one per series, in the legend's order; None: hidden
    texts: Sequence[str] = ()  # written after each bar (default: the value)


# Series after the first are lighter with a dark outline, so they stay apart in black and white.
SERIES_COLOURS = (BAR_COLOUR, "#a9c1e3", "#e0e0e0")
GROUP_BAR = 14


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    legend: Sequence[str],
    groups: Sequence[BarGroup],
    axis_label: str,
    description: str = "",
) -> SafeString:
    """Horizontal bars in groups: for each item, one bar per series of the legend, on one scale."""
    hidden = _("fewer than 5")
    colours = SERIES_COLOURS[: len(legend)]
    top = max([value or 0 for group in groups for value in group.values] + [1])
    maximum = _nice_maximum(top)
    scale = PLOT_WIDTH / maximum
    x0 = LABEL_WIDTH + 10
    body: list[str] = []
    y = _legend(body, list(zip(legend, colours, strict=True)), x0, TOP - 8) + 12
    summaries = []
    for group in groups:
        lines = _lines(group.label)
        height = max(len(legend) * (GROUP_BAR + 2), len(lines) * LINE)
        body.append(_label(LABEL_WIDTH, int(y + height / 2), lines))
        parts = []
        for index, (value, colour) in enumerate(zip(group.values, colours, strict=True)):
            text = group.texts[index] if index < len(group.texts) else ""
            middle = y + index * (GROUP_BAR + 2) + GROUP_BAR / 2
            if value is None:
                text = text or hidden
                body.append(
                    f'<text x="{x0 + 4}" y="{middle:.1f}" dominant-baseline="middle" font-style="italic" '
                    f'font-size="12" fill="{HIDDEN_COLOUR}">{escape(text)}</text>'
                )
            else:
                text = text or str(value)
                width = value * scale
                body.append(
                    f'<rect x="{x0}" y="{middle - GROUP_BAR / 2:.1f}" width="{width:.1f}" height="{GROUP_BAR}" '
                    f'fill="{colour}" stroke="{INK}" stroke-width="0.6"/>'
                )
                body.append(
                    f'<text x="{x0 + width + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" font-size="12" '
                    f'fill="{INK}">{escape(text)}</text>'
                )
            parts.append(f"{legend[index]}: {text}")
        summaries.append(f"{group.label}: {', '.join(parts)}")
        y += height + GAP
    _axis(body, x0, TOP + 20, y, maximum, axis_label)
    return _frame(chart_id, title, description or "; ".join(summaries), int(y + 50), body)


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def palette(count: int) -> list[str]:
    """``count`` colours from the low stop through the middle one to the high stop."""
    if count <= 1:
        return [SCALE_STOPS[-1]]
    colours = []
    for index in range(count):
        position = index / (count - 1) * 2
        start, end = (SCALE_STOPS[0], SCALE_STOPS[1]) if position <= 1 else (SCALE_STOPS[1], SCALE_STOPS[2])
        share = position if position <= 1 else position - 1
        a, b = _hex(start), _hex(end)
        mixed = tuple(round(a[i] + (b[i] - a[i]) * share) for i in range(3))
        colours.append("#{:02x}{:02x}{:02x}".format(*mixed))
    return colours


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> str:
    """Black or white, whichever has the higher contrast ratio on ``colour``."""
    luminance = _luminance(colour)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white > on_black else "#000000"


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    legend: Sequence[str],
    rows: Sequence[StackedRow],
    axis_label: str,
    description: str = "",
    prefix: str = "",
) -> SafeString:
    """One bar per row, 100 % wide, cut into its segments; the share is written on wide segments."""
    colours = palette(len(legend))
    others = [s.label for row in rows for s in row.segments if s.label not in legend]
    keys = [*zip(legend, colours, strict=True), *[(name, HIDDEN_COLOUR) for name in dict.fromkeys(others)]]
    x0 = LABEL_WIDTH + 10
    body: list[str] = []
    # The legend first, so that it reads before the bars.
    y = _legend(body, keys, x0, TOP - 8) + 4
    summaries = []
    for row in rows:
        lines = _lines(row.label)
        height = max(BAR + 6, len(lines) * LINE)
        middle = y + height / 2
        body.append(_label(LABEL_WIDTH, int(middle), lines))
        total = sum(segment.value for segment in row.segments)
        if not row.segments or total == 0:
            note = row.hidden_note or _("fewer than 5")
            body.append(
                f'<text x="{x0 + 4}" y="{middle:.1f}" dominant-baseline="middle" font-style="italic" '
                f'fill="{HIDDEN_COLOUR}">{escape(note)}</text>'
            )
            summaries.append(f"{row.label}: {note}")
            y += height + GAP
            continue
        left = float(x0)
        parts = []
        for segment in row.segments:
            colour = colours[legend.index(segment.label)] if segment.label in legend else HIDDEN_COLOUR
            width = segment.value / total * PLOT_WIDTH
            share = round(100 * segment.value / total)
            if width > 0:
                body.append(
                    f'<rect x="{left:.1f}" y="{middle - (BAR + 6) / 2:.1f}" width="{width:.1f}" height="{BAR + 6}" '
                    f'fill="{colour}" stroke="{INK}" stroke-width="0.8"/>'
                )
            if width >= 34:
                body.append(
                    f'<text x="{left + width / 2:.1f}" y="{middle:.1f}" text-anchor="middle" '
                    f'dominant-baseline="middle" font-weight="bold" fill="{text_colour_on(colour)}">{share}%</text>'
                )
            parts.append(f"{segment.label} {share}%")
            left += width
        if row.text:
            body.append(
                f'<text x="{x0 + PLOT_WIDTH + 8}" y="{middle:.1f}" dominant-baseline="middle" fill="{INK}">'
                f"{escape(row.text)}</text>"
            )
        summaries.append(f"{row.label}: {', '.join(parts)}{f' ({row.text})' if row.text else ''}")
        y += height + GAP
    body.append(
        f'<text x="{x0 + PLOT_WIDTH / 2:.1f}" y="{y + 8}" text-anchor="middle" fill="{INK}">{escape(axis_label)}</text>'
    )
    summary = description or "; ".join(summaries)
    return _frame(chart_id, title, f"{prefix} {summary}".strip(), int(y + 24), body)
