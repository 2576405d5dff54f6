"""Charts drawn as inline SVG at build time: readable without JavaScript, printable, small."""

from __future__ import annotations

from html import escape

BAR = "#c62828"
GRID = "#e0e0e0"
TEXT = "#424242"


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(items: list[tuple[str, float]], title: str, unit: str = "分") -> str:
    """Horizontal bars, one per (label, value), longest label on the left; scales to any width.
    Drawn 450 wide, so that on a 375 px phone its 13-unit labels still show at about 10 px."""
    row, label_width, chart_width, value_width = 26, 190, 210, 50
    height = row * len(items) + 10
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="gw-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 '
        f'{label_width + chart_width + value_width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = 5 + index * row
        length = chart_width * value / top
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="{BAR}" rx="2">'
            f"<title>{escape(label)}：{_fmt(value)} {unit}</title></rect>"
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" font-size="12" fill="{TEXT}">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: list[tuple[str, float]], title: str, unit: str = "分") -> str:
    """Vertical columns, for a year month by month; twelve fit 430 wide, readable on a phone."""
    column, left, bottom, plot = 32, 36, 26, 180
    width = left + column * len(items) + 10
    height = plot + bottom + 20
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="gw-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.5, 1):
        y = 20 + plot * (1 - fraction)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">'
            f"{_fmt(top * fraction)}</text>"
        )
    for index, (label, value) in enumerate(items):
        x = left + index * column + 6
        size = plot * value / top
        y = 20 + plot - size
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{column - 12}" height="{size:.1f}" fill="{BAR}" rx="2">'
            f"<title>{escape(label)}：{_fmt(value)} {unit}</title></rect>"
            f'<text x="{x + (column - 12) / 2}" y="{height - 8}" text-anchor="middle" font-size="12" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
        if value:
            parts.append(
                f'<text x="{x + (column - 12) / 2}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" '
                f'fill="{TEXT}">{_fmt(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
