"""Charts drawn as inline SVG at build time: readable without JavaScript, printable, small."""

from __future__ import annotations

from html import escape

BAR = "#c62828"
TEXT = "#424242"


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


# Every label is drawn at FONT and a chart is shown at its drawn width, shrinking only to fit the
# screen; the widths keep it at most 456 wide for unit names up to 13 characters, so that on a
# 375 px phone (343 px of column) no label is smaller than 12 px.
FONT = 16
ROW = 30
BARS = 180
VALUES = 56


def bar_chart(items: list[tuple[str, float]], title: str, unit: str = "分") -> str:
    """Horizontal bars, one per (label, value) in the given order, the labels on the left; for the
    units of a group and for the months of a year alike (twelve rows read better on a phone than
    twelve narrow columns)."""
    label_width = FONT * max((len(label) for label, _ in items), default=1) + 12
    width = label_width + BARS + VALUES
    height = ROW * len(items) + 10
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="gw-chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = 5 + index * ROW
        length = BARS * value / top
        baseline = y + ROW / 2 + FONT * 0.35
        parts.append(
            f'<text x="{label_width - 8}" y="{baseline:.1f}" text-anchor="end" font-size="{FONT}" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{ROW - 10}" fill="{BAR}" rx="2">'
            f"<title>{escape(label)}：{_fmt(value)} {unit}</title></rect>"
            f'<text x="{label_width + length + 6:.1f}" y="{baseline:.1f}" font-size="{FONT}" fill="{TEXT}">'
            f"{_fmt(value)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
