"""Charts of the statistics as SVG markup, drawn on the server (no script, no third-party library): columns by
month (stacked or single, with an optional target line) and horizontal bars against a maximum and a target.

Pure Python (no Django): the caller passes every text already translated and every number already formatted;
every text is escaped here, and the caller marks the returned string safe. Each chart is an image to assistive
technology (role="img", its <title> and <desc>) and shows its numbers as text, so it needs no colour to read:
series differ by pattern (solid, hatched, dotted, crossed), which survives printing in black and white.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 600  # columns by month
BARS_FONT = 15
BARS_WIDTH = 440  # horizontal bars: narrower, so that a phone shows their labels at a readable size
FONT = 13
CHAR = 7.2  # the average width of a character at FONT, for laying out labels without a font engine
LABEL_CHARS = 50  # a bar's label beyond this is cut with an ellipsis (the whole label stays in its <title>)

# (fill, pattern mark) per series: the fill colour, and a pattern over white for the second and later series.
SWATCHES = (
    ("#0b4a8b", ""),
    ("#0b4a8b", "hatch"),
    ("#0b4a8b", "dots"),
    ("#5b6574", "cross"),
    ("#5b6574", ""),
)


@dataclass(frozen=True)
class Series:
    """One series of a column chart: a name for the legend and one value per category (None: nothing to draw,
    e.g. a rate of a month that resolved nothing)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: `value` out of `maximum`, shown as `text`; an optional target on the same scale."""

    label: str
    value: float
    maximum: float
    text: str
    target: float | None = None
    target_text: str = ""
    muted: bool = False  # drawn as an outline only (e.g. an indicator that cannot be measured)


# Characters XML does not allow at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(text: str) -> str:
    """Text as SVG content or attribute: escaped (quotes too), without characters XML forbids."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


_attr = _text


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _defs(prefix: str) -> str:
    p = _attr(prefix)
    return (
        "<defs>"
        f'<pattern id="{p}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="COLOR" '
        'stroke-width="3"/></pattern>'
        f'<pattern id="{p}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.4" fill="COLOR"/></pattern>'
        f'<pattern id="{p}-cross" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#ffffff"/><path d="M0 0L7 7M7 0L0 7" stroke="COLOR" stroke-width="1.2"/>'
        "</pattern></defs>"
    )


def _fill(prefix: str, index: int) -> str:
    colour, mark = SWATCHES[index % len(SWATCHES)]
    return f"url(#{_attr(prefix)}-{mark})" if mark else colour


def _open(prefix: str, title: str, desc: str, height: float, width: float = WIDTH, font: int = FONT) -> str:
    p = _attr(prefix)
    defs = _defs(prefix).replace("COLOR", "#0b4a8b")
    return (
        f'<svg class="chart" id="{p}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="100%" role="img" aria-labelledby="{p}-title {p}-desc" font-size="{font}" '
        f'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif">'
        f'<title id="{p}-title">{_text(title)}</title><desc id="{p}-desc">{_text(desc)}</desc>{defs}'
    )


def _legend(prefix: str, names: Sequence[str], y: float) -> tuple[str, float]:
    """Swatches and names, wrapped onto more lines when they do not fit; returns the markup and the next y."""
    parts, x = [], 0.0
    for index, name in enumerate(names):
        width = 22 + len(name) * CHAR + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y - 11)}" width="14" height="14" fill="{_fill(prefix, index)}" '
            f'stroke="#1b2430" stroke-width="0.8"/>'
            f'<text x="{_num(x + 20)}" y="{_num(y)}" fill="#1b2430">{_text(name)}</text>'
        )
        x += width
    return "".join(parts), y + 14


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (1 for nothing), so the axis reads well."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def columns(
    *,
    prefix: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    totals: Sequence[str] | None = None,
    maximum: float | None = None,
    tick_text: str = "{}",
    target: float | None = None,
    target_text: str = "",
    empty_text: str = "",
) -> str:
    """Columns per category, the series stacked; `totals` the text over each column (default: the sum). A fixed
    `maximum` (100 for a rate) keeps the scale; `target` draws a dashed line on it."""
    if not categories:
        return _empty(prefix, title, desc, empty_text)
    legend, top = _legend(prefix, [s.name for s in series], 16) if len(series) > 1 else ("", 8)
    if target is not None:  # the target's key above the plot, where it never covers a column's number
        y = top + 12 if legend else 16
        legend += (
            f'<line x1="0" x2="22" y1="{_num(y - 4)}" y2="{_num(y - 4)}" stroke="#b3261e" stroke-width="2" '
            f'stroke-dasharray="6 4"/><text x="28" y="{_num(y)}" fill="#b3261e">{_text(target_text)}</text>'
        )
        top = y + 14
    top += 18
    left, bottom, plot_h = 48.0, 24.0, 190.0
    height = top + plot_h + bottom
    sums = [sum((s.values[i] or 0) for s in series) for i in range(len(categories))]
    scale_max = maximum if maximum is not None else _nice_ceiling(max(sums, default=0))
    scale_max = scale_max or 1.0
    plot_w = WIDTH - left - 4
    band = plot_w / len(categories)
    bar_w = min(band * 0.62, 56)
    out = [_open(prefix, title, desc, height), legend]
    for fraction in (0, 0.5, 1):  # the axis: 0, half and the top, as text
        y = top + plot_h * (1 - fraction)
        out.append(
            f'<line x1="{_num(left)}" x2="{WIDTH}" y1="{_num(y)}" y2="{_num(y)}" stroke="#d6dbe3" stroke-width="1"/>'
            f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" text-anchor="end" fill="#5b6574">'
            f"{_text(tick_text.format(_num(scale_max * fraction)))}</text>"
        )
    for i, category in enumerate(categories):
        x = left + band * i + (band - bar_w) / 2
        base = top + plot_h
        drawn = False
        for index, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            drawn = True
            h = plot_h * min(max(value, 0) / scale_max, 1)
            if h > 0:
                base -= h
                out.append(
                    f'<rect x="{_num(x)}" y="{_num(base)}" width="{_num(bar_w)}" height="{_num(h)}" '
                    f'fill="{_fill(prefix, index)}" stroke="#1b2430" stroke-width="0.6">'
                    f"<title>{_text(category)} · {_text(s.name)}: {_num(value)}</title></rect>"
                )
        label = totals[i] if totals is not None else (_num(sums[i]) if drawn else "—")
        out.append(
            f'<text x="{_num(x + bar_w / 2)}" y="{_num(base - 4)}" text-anchor="middle" fill="#1b2430" '
            f'font-size="{FONT - 1}">{_text(label)}</text>'
            f'<text x="{_num(x + bar_w / 2)}" y="{_num(top + plot_h + 17)}" text-anchor="middle" '
            f'fill="#1b2430">{_text(category)}</text>'
        )
    if target is not None:
        y = top + plot_h * (1 - min(max(target, 0) / scale_max, 1))
        out.append(
            f'<line class="chart-target" x1="{_num(left)}" x2="{WIDTH}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    out.append("</svg>")
    return "".join(out)


def bars(*, prefix: str, title: str, desc: str, rows: Sequence[Bar], empty_text: str = "") -> str:
    """Horizontal bars, one per row, each against its own maximum (drawn as the outlined track) with its text
    at the right and its label above; a target is a dashed mark across the bar with its text."""
    if not rows:
        return _empty(prefix, title, desc, empty_text)
    targets = any(row.target is not None for row in rows)
    row_h, bar_h, text_w = (66.0 if targets else 50.0), 18.0, 140.0
    height = row_h * len(rows) + 6
    track = BARS_WIDTH - text_w
    out = [_open(prefix, title, desc, height, BARS_WIDTH, BARS_FONT)]
    for i, row in enumerate(rows):
        y = row_h * i + 16
        out.append(f"<g><title>{_text(row.label)}: {_text(row.text)}</title>")
        out.append(f'<text x="0" y="{_num(y)}" fill="#1b2430">{_text(_cut(row.label, LABEL_CHARS))}</text>')
        bar_y = y + 6
        dashed = ' stroke-dasharray="3 3"' if row.muted else ""
        out.append(
            f'<rect x="0" y="{_num(bar_y)}" width="{_num(track)}" height="{_num(bar_h)}" fill="#ffffff" '
            f'stroke="#5b6574" stroke-width="0.8"{dashed}/>'
        )
        if row.maximum > 0 and row.value > 0 and not row.muted:
            w = track * min(row.value / row.maximum, 1)
            out.append(
                f'<rect x="0" y="{_num(bar_y)}" width="{_num(w)}" height="{_num(bar_h)}" fill="{_fill(prefix, 0)}"/>'
            )
        out.append(
            f'<text x="{_num(track + 6)}" y="{_num(bar_y + 14)}" fill="#1b2430" font-weight="600">'
            f"{_text(row.text)}</text>"
        )
        if row.target is not None and row.maximum > 0:
            tx = track * min(max(row.target, 0) / row.maximum, 1)
            out.append(
                f'<line class="chart-target" x1="{_num(tx)}" x2="{_num(tx)}" y1="{_num(bar_y - 3)}" '
                f'y2="{_num(bar_y + bar_h + 3)}" stroke="#b3261e" stroke-width="3" stroke-dasharray="4 2"/>'
            )
            anchor = "end" if tx > track / 2 else "start"
            out.append(
                f'<text x="{_num(tx)}" y="{_num(bar_y + bar_h + 17)}" text-anchor="{anchor}" fill="#b3261e" '
                f'font-size="{BARS_FONT - 2}">{_text(row.target_text)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def meter(value: float, maximum: float) -> str:
    """A small bar for a table cell, beside the number it draws (hidden from assistive technology: the cell's
    text says it)."""
    w = 120.0 * min(value / maximum, 1) if maximum > 0 and value > 0 else 0.0
    return (
        '<svg class="meter" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 10" width="120" height="10" '
        'aria-hidden="true" focusable="false"><rect width="120" height="10" fill="#ffffff" stroke="#5b6574" '
        f'stroke-width="0.8"/><rect width="{_num(w)}" height="10" fill="#0b4a8b"/></svg>'
    )


def _empty(prefix: str, title: str, desc: str, text: str) -> str:
    return f'{_open(prefix, title, desc, 40, BARS_WIDTH)}<text x="0" y="24" fill="#5b6574">{_text(text)}</text></svg>'
