"""Charts drawn on the server as accessible SVG (no chart library, no CDN).

Both functions return markup safe to drop into a template. Every chart has a
`<title>` and a `<desc>` (read by screen readers through `aria-labelledby`), prints
each value as text next to its mark, and uses classes plus SVG presentation
attributes only: the CSP forbids `style=` attributes. Colours come from
`.chart-*` classes in the page's sheet; the presentation attributes are the
fallback so a chart still reads without any CSS.

Scores are 0..100, so a chart whose values all fit that range is drawn on a 0..100
scale (two charts of scores compare by eye); other values scale to their maximum.
"""

import itertools
from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_ids = itertools.count(1)

LINE_WIDTH = 640
BAR_WIDTH = 640
BAR_ROW = 30
_PAD_LEFT = 36
_PAD_RIGHT = 16
_PAD_TOP = 16
_PAD_BOTTOM = 40
_BAR_LABEL_WIDTH = 180


def _scale_max(values: Sequence[float]) -> float:
    top = max(values, default=0.0)
    if top <= 100:
        return 100.0
    return float(top)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value}"


def _open_svg(*, kind: str, width: int, height: int, label: str, desc: str) -> tuple[str, str]:
    uid = f"chart-{kind}-{next(_ids)}"
    head = format_html(
        '<svg class="chart chart-{kind}" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMidYMid meet" '
        'role="img" aria-labelledby="{uid}-title {uid}-desc" focusable="false">'
        '<title id="{uid}-title">{label}</title><desc id="{uid}-desc">{desc}</desc>',
        kind=kind,
        w=width,
        h=height,
        uid=uid,
        label=label,
        desc=desc,
    )
    return head, uid


def _empty(*, kind: str, width: int, height: int, label: str) -> SafeString:
    message = _("No data yet.")
    head, _uid = _open_svg(kind=kind, width=width, height=height, label=label, desc=message)
    body = format_html(
        '<text class="chart-empty" x="{x}" y="{y}" text-anchor="middle" fill="#5d6780">'
        "{message}</text>",
        x=width // 2,
        y=height // 2,
        message=message,
    )
    return mark_safe(head + body + "</svg>")  # noqa: S308 - every piece above is escaped


def _edge_anchor(index: int, count: int) -> str:
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def line_chart_svg(
    points: Sequence[tuple[str, float | None]], *, label: str, height: int = 220
) -> SafeString:
    """A line of values over labelled x positions; `None` leaves a gap in the line."""
    width = LINE_WIDTH
    if not any(value is not None for _x, value in points):
        return _empty(kind="line", width=width, height=height, label=label)

    values = [v for _x, v in points if v is not None]
    top = _scale_max(values)
    plot_w = width - _PAD_LEFT - _PAD_RIGHT
    plot_h = height - _PAD_TOP - _PAD_BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x_at(i: int) -> float:
        return _PAD_LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        return _PAD_TOP + plot_h - (max(v, 0.0) / top) * plot_h

    desc = "; ".join(
        f"{name}: {_fmt(value) if value is not None else _('no value')}" for name, value in points
    )
    head, _uid = _open_svg(kind="line", width=width, height=height, label=label, desc=desc)
    parts: list[str] = [head]

    # Grid lines with their values on the left axis (0, 25, 50, 75, 100 % of the scale).
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = y_at(top * fraction)
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" '
                'stroke="#dfe3ee" stroke-width="1"/>'
                '<text class="chart-axis chart-axis-y" x="{tx}" y="{ty}" text-anchor="end" '
                'font-size="11" fill="#5d6780">{value}</text>',
                x1=_PAD_LEFT,
                x2=width - _PAD_RIGHT,
                y=f"{y:.1f}",
                tx=_PAD_LEFT - 6,
                ty=f"{y + 4:.1f}",
                value=_fmt(top * fraction),
            )
        )

    # One polyline per run of consecutive values, so a missing value is a visible gap.
    for has_value, run in itertools.groupby(enumerate(points), key=lambda p: p[1][1] is not None):
        if not has_value:
            continue
        coords = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, (_n, v) in run if v is not None)
        parts.append(
            format_html(
                '<polyline class="chart-line" points="{coords}" fill="none" '
                'stroke="#2b59c3" stroke-width="2.5" stroke-linejoin="round"/>',
                coords=coords,
            )
        )

    # Thin out x labels so they never overlap (about one label per 70 px).
    label_every = max(1, round(len(points) / max(plot_w // 70, 1)))
    for i, (name, value) in enumerate(points):
        # The first and last texts start and end at their point, so the first stays clear
        # of the y axis's numbers and the last inside the chart.
        anchor = _edge_anchor(i, len(points))
        if value is not None:
            parts.append(
                format_html(
                    '<circle class="chart-point" cx="{x}" cy="{y}" r="4" fill="#2b59c3">'
                    "<title>{name}: {value}</title></circle>"
                    '<text class="chart-value" x="{x}" y="{ty}" text-anchor="{anchor}" '
                    'font-size="11" fill="#1d2433">{value}</text>',
                    x=f"{x_at(i):.1f}",
                    y=f"{y_at(value):.1f}",
                    ty=f"{y_at(value) - 8:.1f}",
                    anchor=anchor,
                    name=name,
                    value=_fmt(value),
                )
            )
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(
                format_html(
                    '<text class="chart-axis chart-axis-x" x="{x}" y="{y}" '
                    'text-anchor="{anchor}" font-size="11" fill="#5d6780">{name}</text>',
                    x=f"{x_at(i):.1f}",
                    y=height - _PAD_BOTTOM + 18,
                    anchor=anchor,
                    name=name,
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def bar_chart_svg(items: Sequence[tuple[str, float]], *, label: str) -> SafeString:
    """Horizontal bars, one row per labelled value (long topic names fit on the left)."""
    width = BAR_WIDTH
    if not items:
        return _empty(kind="bar", width=width, height=80, label=label)

    top = _scale_max([v for _n, v in items])
    height = _PAD_TOP + BAR_ROW * len(items) + 8
    bar_x = _BAR_LABEL_WIDTH + 8
    bar_span = width - bar_x - 48
    desc = "; ".join(f"{name}: {_fmt(value)}" for name, value in items)
    head, _uid = _open_svg(kind="bar", width=width, height=height, label=label, desc=desc)
    parts: list[str] = [head]
    for i, (name, value) in enumerate(items):
        y = _PAD_TOP + i * BAR_ROW
        bar_w = max(value, 0.0) / top * bar_span
        short = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            format_html(
                '<g class="chart-row"><title>{name}: {value}</title>'
                '<text class="chart-axis" x="{lx}" y="{ty}" text-anchor="end" font-size="12" '
                'fill="#1d2433">{short}</text>'
                '<rect class="chart-track" x="{bx}" y="{y}" width="{span}" height="18" rx="3" '
                'fill="#eef1f8"/>'
                '<rect class="chart-bar {tone}" x="{bx}" y="{y}" width="{bw}" height="18" '
                'rx="3" fill="#2b59c3"/>'
                '<text class="chart-value" x="{vx}" y="{ty}" font-size="12" '
                'fill="#1d2433">{value}</text></g>',
                name=name,
                short=short,
                value=_fmt(value),
                lx=_BAR_LABEL_WIDTH,
                ty=y + 13,
                bx=bar_x,
                y=y,
                span=bar_span,
                bw=f"{bar_w:.1f}",
                vx=f"{bar_x + bar_w + 6:.1f}",
                tone=_tone(value, top),
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def _tone(value: float, top: float) -> str:
    """A class for colouring bars by score band (only meaningful on the 0..100 scale)."""
    if top != 100:
        return "chart-bar-neutral"
    if value >= 70:
        return "chart-bar-good"
    if value >= 40:
        return "chart-bar-warn"
    return "chart-bar-bad"


__all__ = ["bar_chart_svg", "line_chart_svg"]
