"""Readers on the sample portal in Chromium, at a desktop and a phone size: the home page, Chinese
search, and every way from one list of stories to another. Each page visited must load with no
failed request and no script error, and fit the screen's width (the `reader` fixture checks)."""

from __future__ import annotations

import re
import urllib.parse

import feedparser
import pytest

from gwsite.content.story import DEFAULT_CATEGORIES
from gwsite.views.listings import HOME_PHOTOS, lead_story

both_sizes = pytest.mark.parametrize("size", ["desktop", "phone"])


def card_titles(page, within: str = "") -> list[str]:
    """The story titles of the cards on the page (or inside `within`), in order, without the 置顶 badge."""
    titles = page.locator(f"{within} .gw-card__title".strip()).all_inner_texts()
    return [title.removeprefix("置顶").strip() for title in titles]


def url_path(story) -> str:
    return "/" + story.url


@both_sizes
def test_home_shows_the_lead_story_photo_news_and_each_story_once(reader, sample_site):
    published = sample_site.published
    lead = lead_story(published)
    assert lead is not None and lead.pinned and lead.cover, "the sample portal has a pinned story with a cover"
    photos = [s for s in published if s.cover and s is not lead][:HOME_PHOTOS]

    reader.open("/")
    assert reader.page.inner_text(".gw-lead__title") == lead.title
    assert reader.page.locator(".gw-photos__caption").all_inner_texts() == [s.title for s in photos]
    assert reader.load_images() == []  # lazy photos too, once scrolled to
    drawn = reader.page.eval_on_selector_all(
        ".gw-lead img, .gw-photos img, .gw-topics img",
        "images => images.map(img => [img.naturalWidth, img.getBoundingClientRect().width])")
    assert len(drawn) == 1 + len(photos) + 2 and all(natural > 0 and width > 50 for natural, width in drawn)
    shown = reader.page.eval_on_selector_all(
        ".gw-home a[href*='news/2']:not([tabindex='-1'])", "links => links.map(link => link.pathname)")
    assert shown and len(shown) == len(set(shown))
    reader.screenshot("home")


@both_sizes
def test_a_chinese_word_typed_into_search_finds_the_story_and_opens_it(reader, sample_site, sample_portal):
    story = next(s for s in sample_site.published if s.src.endswith("gongan-jindu-jiaoyu.md"))
    reader.open("/search/?q=" + urllib.parse.quote("缉毒"))
    results = reader.page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    assert results.all_inner_texts() == [story.title]
    assert "找到 1 篇包含“缉毒”的新闻" in reader.page.inner_text(".pagefind-ui__message")
    reader.settle()
    reader.screenshot("search-results")

    # Typed into the search page's own box, a word in two stories finds both, a whole-word match
    # first. (Pagefind shortens a word that a year's index lacks, "元宵" to "元" in 2024, so that
    # year adds stories with "1000元"; one of them may rank second.)
    expected = {s.title for s in sample_site.published
                if "元宵" in (sample_portal / "content" / s.src).read_text(encoding="utf-8")}
    assert len(expected) >= 2
    reader.page.fill(".pagefind-ui__search-input", "元宵")
    reader.page.wait_for_function("() => document.querySelector('.pagefind-ui__message')?.innerText.includes('元宵')")
    reader.page.wait_for_function(f"() => document.querySelectorAll('.pagefind-ui__result-link').length >= {len(expected)}")
    found = results.all_inner_texts()
    assert found[0] in expected and expected <= set(found)

    reader.page.fill(".pagefind-ui__search-input", "缉毒")
    reader.page.wait_for_function("() => document.querySelector('.pagefind-ui__message')?.innerText.includes('“缉毒”')")
    reader.click(".pagefind-ui__result-link", url_path(story))
    assert reader.page.inner_text("h1") == story.title


@both_sizes
def test_pages_of_all_news_follow_each_other_newest_first(reader, sample_site):
    published = sample_site.published
    pages = -(-len(published) // 20)
    assert pages >= 3, "the sample portal has more than two pages of news"

    reader.open("/news/")
    assert card_titles(reader.page) == [s.title for s in published[:20]]
    reader.click(".gw-pager__next >> nth=0", "/news/page/2/")
    assert card_titles(reader.page) == [s.title for s in published[20:40]]
    reader.screenshot("news-page-2")
    reader.click(f".gw-pager a:text-is('{pages}') >> nth=-1", f"/news/page/{pages}/")
    assert card_titles(reader.page) == [s.title for s in published[(pages - 1) * 20:]]
    assert reader.page.locator(".gw-pager__next").count() == 0
    reader.click(".gw-pager__prev >> nth=-1", f"/news/page/{pages - 1}/")
    reader.click(".gw-pager a:text-is('1') >> nth=0", "/news/")


@both_sizes
def test_a_category_lists_its_stories_only(reader, sample_site):
    category = next(c for c in DEFAULT_CATEGORIES if c.name == "五老风采")
    members = [s for s in sample_site.published if s.category == category.id]
    assert members
    reader.open("/news/")
    reader.click(f".gw-sections a:text-is('{category.name}')", f"/news/{category.id}/")
    assert reader.page.inner_text("h1").startswith(category.name)
    assert card_titles(reader.page) == [s.title for s in members[:20]]
    assert f"共 {len(members)} 篇" in reader.page.inner_text(".gw-listing")
    # Each card names the category, and a story's own category link leads back here.
    assert set(reader.page.locator(".gw-card__meta a:nth-of-type(2)").all_inner_texts()) == {category.name}
    reader.click(".gw-card__title a >> nth=0", url_path(members[0]))
    reader.click(".gw-story__category", f"/news/{category.id}/")
    reader.screenshot("category")


@both_sizes
def test_a_tag_lists_the_stories_that_carry_it(reader, sample_site):
    story = next(s for s in sample_site.published if s.tags)
    tag = story.tags[0]
    tagged = [s for s in sample_site.published if tag in s.tags]
    reader.open(url_path(story))
    reader.click(f".gw-story__tags a:text-is('{tag}')", re.compile(r"/tags/"))
    assert urllib.parse.unquote(reader.page.url).endswith(f"/tags/{tag}/")
    assert tag in reader.page.inner_text("h1")
    assert card_titles(reader.page) == [s.title for s in tagged[:20]]
    reader.screenshot("tag")
    # The tag list counts the same stories.
    reader.open("/tags/")
    chip = reader.page.locator(f".gw-tag-cloud a:has-text('{tag}')").first
    assert chip.inner_text().split() == [tag, str(len(tagged))]


@both_sizes
def test_the_archive_lists_a_year_and_a_month(reader, sample_site):
    year = [s for s in sample_site.published if s.date.year == 2024]
    march = [s for s in year if s.date.month == 3]
    assert len(year) > 20 and march
    reader.open("/news/")
    reader.click(".gw-sections a:text-is('2024年')", "/news/2024/")
    assert card_titles(reader.page) == [s.title for s in year[:20]]
    reader.click(".gw-pager__next >> nth=0", "/news/2024/page/2/")
    assert card_titles(reader.page) == [s.title for s in year[20:40]]
    reader.screenshot("archive-year")
    reader.click(".gw-sections a:text-is('3月')", "/news/2024/03/")
    assert card_titles(reader.page) == [s.title for s in march]
    assert all(re.fullmatch(r"2024年3月\d+日", t) for t in reader.page.locator(".gw-card__meta time").all_inner_texts())


@both_sizes
def test_a_story_leads_to_its_unit_with_every_placement(reader, sample_site):
    story = next(s for s in sample_site.published if len(s.placements) >= 2 and not s.co_units)
    unit = next(u for u in sample_site.registry.units if u.id == story.unit)
    theirs = [s for s in sample_site.published if unit.id in s.units]
    reader.open(url_path(story))
    assert reader.page.inner_text("h1") == story.title
    assert reader.page.locator(".gw-story__placements li").count() == len(story.placements)
    reader.screenshot("story")
    reader.click(".gw-story__unit a", f"/units/{unit.id}/")
    assert reader.page.inner_text("h1").startswith(unit.name)
    assert reader.page.locator(".gw-unit__stories li > a").all_inner_texts() == [s.title for s in theirs]
    # The audit trail names the story once per placement, in the table of the placement's year.
    audit = reader.page.locator(".gw-audit__table tbody tr", has_text=story.title)
    assert audit.count() == len(story.placements)
    reader.screenshot("unit")


@both_sizes
def test_the_feed_is_discoverable_and_opens(reader, sample_site, portal_origin):
    reader.open("/")
    links = reader.page.eval_on_selector_all(
        "link[rel=alternate]", "links => links.map(link => [link.type, link.title, link.href])")
    rss = [href for kind, _, href in links if kind == "application/rss+xml"]
    atom = [href for kind, _, href in links if kind == "application/atom+xml"]
    assert rss == [portal_origin + "/feed.xml"] and atom == [portal_origin + "/atom.xml"]

    # The visible link opens the same feed, and it holds the newest stories.
    with reader.page.expect_response(rss[0]) as opened:
        reader.page.click(".gw-footer a[type='application/rss+xml']")
    response = opened.value
    assert response.ok and "xml" in response.headers["content-type"]
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "青州市关心下一代工作委员会"
    assert [entry.title for entry in feed.entries[:3]] == [s.title for s in sample_site.published[:3]]
    assert feed.entries[0].link.endswith("/" + sample_site.published[0].url)

    # A unit's page offers its own feed as well, and that feed opens too.
    reader.open("/units/anping/")
    own = reader.page.eval_on_selector_all(
        "link[rel=alternate][type='application/rss+xml']", "links => links.map(link => link.href)")
    assert own == [portal_origin + "/feed.xml", portal_origin + "/units/anping/feed.xml"]
    assert reader.page.request.get(own[1]).ok
