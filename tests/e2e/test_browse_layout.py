"""Every kind of page of the sample portal at a desktop and a phone size: it loads cleanly, fits
the screen's width (no sideways scrolling on a phone), and is kept as a screenshot for review."""

from __future__ import annotations

import pytest

# One page of each kind, by name (the screenshot's file name) and path.
PAGES = {
    "home": "/",
    "news": "/news/",
    "news-page-3": "/news/page/3/",
    "category-notices": "/news/notices/",
    "archive-2025": "/news/2025/",
    "archive-2025-05": "/news/2025/05/",
    "story-with-cover": "/news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/",
    "story-with-placements": "/news/2024/05/2024-05-20-gongan-jindu-jiaoyu/",
    "tags": "/tags/",
    "tag-wulao": "/tags/五老宣讲/",
    "units": "/units/",
    "unit-anping": "/units/anping/",
    "ranking": "/ranking/",
    "ranking-2024": "/ranking/2024/",
    "ranking-2025q4": "/ranking/2025q4/",
    "search": "/search/?q=五老",
    "about": "/about/",
    "topics": "/topics/",
    "topic-wulao-xuanjiang": "/topics/wulao-xuanjiang/",
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_fits_the_screen_and_loads_cleanly(reader, name):
    reader.open(PAGES[name])
    assert reader.load_images() == []
    reader.screenshot(name)
    # (`reader` fails the test on sideways scrolling, a failed request or a script error.)
    width = reader.page.evaluate("document.documentElement.clientWidth")
    assert width == (1280 if reader.size == "desktop" else 375)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_missing_address_shows_the_portal_s_own_not_found_page(reader):
    missing = "/news/2030/01/no-such-story/"
    response = reader.page.goto(reader.origin + missing)
    assert response.status == 404
    reader.settle()
    assert reader.page.inner_text("h1") == "页面不存在"
    # Served at any depth, it still loads its styles from the site's root: the header is the portal's red.
    header = reader.page.eval_on_selector(".md-header", "header => getComputedStyle(header).backgroundColor")
    assert header == "rgb(183, 28, 28)"
    reader.screenshot("not-found")
    # The answer for the missing page itself is the one expected failure.
    assert len(reader.problems) == 2 and all(missing in problem for problem in reader.problems)
    reader.problems.clear()
    reader.click(".gw-notfound a:text-is('返回首页')", "/")
