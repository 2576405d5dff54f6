"""The story's URL and the published order: one implementation each, used by the site, the pages and `gwsite new`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gwsite.content.story import Story, published, story_url

SHANGHAI = ZoneInfo("Asia/Shanghai")


def story(src: str, day: int, hour: int = 9, draft: bool = False, slug: str = "s") -> Story:
    return Story(src=src, title=src, date=dt.datetime(2024, 3, day, hour, tzinfo=SHANGHAI), unit="anping",
                 draft=draft, slug=slug)


def test_story_url_is_news_year_month_slug():
    assert story_url(dt.date(2024, 3, 5), "wulao-xuanjiang") == "news/2024/03/wulao-xuanjiang/"
    assert story_url(dt.datetime(2025, 11, 30, 23, 59, tzinfo=SHANGHAI), "a1b2c3d4") == "news/2025/11/a1b2c3d4/"


def test_a_story_url_is_built_from_its_date_and_slug():
    assert story("news/2024/a.md", 5, slug="hui-yi").url == "news/2024/03/hui-yi/"


def test_published_leaves_out_drafts_and_puts_the_newest_first_ties_by_path():
    stories = [
        story("news/b.md", 5),
        story("news/draft.md", 9, draft=True),
        story("news/new.md", 7),
        story("news/a.md", 5),
        story("news/late.md", 5, hour=18),
    ]
    assert [s.src for s in published(stories)] == ["news/new.md", "news/late.md", "news/a.md", "news/b.md"]


def test_published_compares_moments_not_wall_clock_times():
    utc = Story(src="news/utc.md", title="t", date=dt.datetime(2024, 3, 5, 2, tzinfo=dt.timezone.utc), unit="anping")
    assert [s.src for s in published([story("news/sh.md", 5, hour=9), utc])] == ["news/utc.md", "news/sh.md"]
