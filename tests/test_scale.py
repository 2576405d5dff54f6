"""Pages do not grow with the number of stories in the site."""

from __future__ import annotations

import sys

from conftest import REPO, run_mkdocs_build

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # noqa: E402


def test_pages_do_not_grow_with_the_number_of_stories(tmp_path):
    pages = {}
    for count in (50, 2000):
        # The same seed writes the same first 50 stories in both sites.
        site = generate(tmp_path / f"site{count}", count)
        result = run_mkdocs_build(site)
        assert result.returncode == 0, result.stderr[-2000:]
        story = next((site / "content/news").rglob("*-00007.md"))
        year, month = story.name[:4], story.name[5:7]
        pages[count] = {
            "story": (site / "site/news" / year / month / story.stem / "index.html").read_text("utf-8"),
            "home": (site / "site/index.html").read_text("utf-8"),
            "news": (site / "site/news/index.html").read_text("utf-8"),
        }
    small, large = pages[50], pages[2000]
    # The same story: only its neighbours' titles and the site name's count differ.
    assert abs(len(large["story"].encode()) - len(small["story"].encode())) < 600
    # Home and listings show other stories' titles, so count their links instead of bytes:
    # the home page has a fixed number of items; the pager adds "…" and the last page only.
    assert large["home"].count("<a ") == small["home"].count("<a ")
    assert 0 <= large["news"].count("<a ") - small["news"].count("<a ") <= 2
    assert len(large["news"].encode()) < 1.1 * len(small["news"].encode())
