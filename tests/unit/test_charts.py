"""The ranking's charts: labels that stay at least 12 px on a 375 px phone."""

from __future__ import annotations

import re

import pytest

from gwsite.views.charts import bar_chart

PHONE_COLUMN = 343  # a 375 px screen less the page's margins


@pytest.mark.parametrize("names", [
    pytest.param(["安平县关工委", "市文化广电旅游局关工委"], id="sample-units"),
    pytest.param(["某某市某某区某某街道关工委"], id="thirteen-characters"),
    pytest.param([f"{month}月" for month in range(1, 13)], id="months"),
])
def test_labels_are_at_least_12_px_on_a_phone(names):
    svg = bar_chart([(name, 10.0 * (i + 1)) for i, name in enumerate(names)], "得分")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    assert re.search(rf'<svg [^>]*width="{width:g}"', svg)  # shown at its drawn width on a desktop
    sizes = [float(size) for size in re.findall(r'<text [^>]*font-size="([\d.]+)"', svg)]
    assert len(sizes) == 2 * len(names)
    assert min(sizes) * min(1, PHONE_COLUMN / width) >= 12


def test_labels_and_titles_are_escaped():
    svg = bar_chart([("<b>单位</b>", 1.0)], '"得分"')
    assert "<b>" not in svg and "&lt;b&gt;单位&lt;/b&gt;" in svg and 'aria-label="&quot;得分&quot;"' in svg
