"""The home page's blocks and the 专题专栏, on stories built in code; the options of the home page and
the institutional footer, each wrong value with its Chinese message."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from mkdocs.config.base import ValidationError

from gwsite.config import FooterConfig, FriendLinks, QuickLinks, Topics, site_file
from gwsite.content.registry import DEFAULT_SCORING, Group, Registry, Unit
from gwsite.content.story import Category, SiteOptions, Story, published
from gwsite.views.listings import HOME_BLOCK, HOME_NOTICES, HOME_PHOTOS, home_view, lead_story, notices_category
from gwsite.views.topics import Topic, topic_pages

TZ = ZoneInfo("Asia/Shanghai")
REGISTRY = Registry(groups=[Group("county", "县（市、区）关工委")], units=[Unit("anping", "安平县关工委", "county")],
                    outlets=[], scoring=DEFAULT_SCORING)
OPTIONS = SiteOptions()
CATEGORIES = [cat.id for cat in OPTIONS.categories]  # work, grassroots, elders, media, notices


def story(number: int, category: str = "work", cover: bool = False, pinned: bool = False,
          tags: tuple[str, ...] = ()) -> Story:
    """Story `number` of day `number` of 2024: a higher number is newer."""
    return Story(src=f"news/2024/s{number:03}.md", title=f"稿件{number}",
                 date=dt.datetime(2024, 1, 1, tzinfo=TZ) + dt.timedelta(days=number), unit="anping",
                 category=category, cover=f"images/{number}.jpg" if cover else None, pinned=pinned, tags=tags,
                 slug=f"s{number:03}")


def many(count: int, covers_every: int = 3) -> list[Story]:
    """`count` stories cycling the five categories, every `covers_every`-th with a cover; newest first."""
    return published(story(n, CATEGORIES[n % 5], cover=n % covers_every == 0) for n in range(count))


def shown_urls(view) -> list[str]:
    blocks = [view.lead] if view.lead else []
    blocks += [*view.photos, *view.notices, *(card for _, cards in view.categories for card in cards)]
    return [card.url for card in blocks]


@pytest.mark.parametrize("count", [0, 1, 7, 25, 60], ids=lambda n: f"{n}-stories")
def test_no_story_is_shown_twice_and_blocks_fill_with_the_next_ones(count):
    stories = many(count)
    view = home_view(stories, REGISTRY, OPTIONS)
    urls = shown_urls(view)
    assert len(urls) == len(set(urls))
    shown = set(urls)
    # Each category's block holds its newest stories no earlier block shows, as many as it can.
    for link, cards in view.categories:
        category = link.url.split("/")[1]
        free = [s.url for s in stories if s.category == category and s.url not in shown - {c.url for c in cards}]
        assert [card.url for card in cards] == free[:HOME_BLOCK]
    assert len(view.notices) == min(HOME_NOTICES, len([s for s in stories if s.category == "notices"
                                                       and s.url not in {c.url for c in view.photos}
                                                       and (view.lead is None or s.url != view.lead.url)]))


def test_photos_are_the_newest_stories_with_covers_after_the_lead():
    stories = many(40)
    view = home_view(stories, REGISTRY, OPTIONS)
    with_covers = [s.url for s in stories if s.cover]
    assert view.lead.url == with_covers[0]
    assert [card.url for card in view.photos] == with_covers[1:1 + HOME_PHOTOS]
    assert all(card.cover for card in view.photos)


@pytest.mark.parametrize(("stories", "expected"), [
    ([story(5), story(4, cover=True), story(3, pinned=True), story(2, pinned=True, cover=True)], 2),
    ([story(5), story(4, cover=True), story(3, pinned=True)], 4),
    ([story(5), story(4, pinned=True), story(3, pinned=True)], 4),
    ([story(5), story(4)], 5),
    ([], None),
], ids=["pinned-with-cover", "newest-with-cover", "pinned-without-covers", "newest", "none"])
def test_lead_story(stories, expected):
    lead = lead_story(published(stories))
    assert (lead.src if lead else None) == (None if expected is None else f"news/2024/s{expected:03}.md")


@pytest.mark.parametrize(("categories", "configured", "expected"), [
    (OPTIONS.categories, None, "notices"),
    ((Category("news", "要闻"), Category("gonggao", "公告栏")), None, "gonggao"),
    ((Category("news", "要闻"), Category("tz", "通知")), None, "tz"),
    ((Category("news", "要闻"), Category("photos", "图片")), None, None),
    (OPTIONS.categories, "work", "work"),
], ids=["id-notices", "named-gonggao", "named-tongzhi", "none", "configured"])
def test_notices_category(categories, configured, expected):
    assert notices_category(SiteOptions(categories=categories), configured) == expected


def test_no_notices_block_without_such_a_category():
    options = SiteOptions(categories=(Category("news", "要闻"), Category("photos", "图片")))
    stories = published(story(n, "news" if n % 2 else "photos") for n in range(12))
    view = home_view(stories, REGISTRY, options)
    assert view.notices_link is None and view.notices == ()
    assert [link.title for link, _ in view.categories] == ["要闻", "图片"]


def test_topics_by_tag_and_by_files_newest_first_and_paginated():
    stories = published([story(n, tags=("五老宣讲",) if n % 2 else ()) for n in range(30)])
    topics = (Topic("xuanjiang", "五老宣讲进校园", "images/b.jpg", tag="五老宣讲"),
              Topic("picked", "精选", "images/b.jpg", stories=("news/2024/s002.md", "news/2024/s010.md")))
    pages = topic_pages(stories, REGISTRY, OPTIONS, topics, per_page=10)
    by_src = {page.src: page for page in pages}
    assert list(by_src) == ["topics/index.md", "topics/xuanjiang/index.md", "topics/xuanjiang/page/2/index.md",
                            "topics/picked/index.md"]
    first = by_src["topics/xuanjiang/index.md"].data
    assert first.total == 15 and first.pages == 2 and first.banner == "images/b.jpg"
    assert [card.title for card in first.cards][:3] == ["稿件29", "稿件27", "稿件25"]
    assert [card.title for card in by_src["topics/picked/index.md"].data.cards] == ["稿件10", "稿件2"]
    assert [(t.title, t.count) for t in by_src["topics/index.md"].data.topics] == [("五老宣讲进校园", 15), ("精选", 2)]
    assert topic_pages(stories, REGISTRY, OPTIONS, ()) == []
    view = home_view(stories, REGISTRY, OPTIONS, topics=topics)
    assert [t.url for t in view.topics] == ["topics/xuanjiang/", "topics/picked/"]


def test_a_topic_without_stories_has_its_page_but_no_banner_on_the_home_page():
    stories = published([story(n, tags=("助学",)) for n in range(3)])
    topics = (Topic("empty", "无稿件", "images/b.jpg", tag="五老宣讲"), Topic("zhuxue", "助学", "images/b.jpg", tag="助学"))
    assert [t.url for t in home_view(stories, REGISTRY, OPTIONS, topics=topics).topics] == ["topics/zhuxue/"]
    assert home_view(stories, REGISTRY, OPTIONS, topics=topics[:1]).topics == ()
    pages = {page.src: page.data for page in topic_pages(stories, REGISTRY, OPTIONS, topics)}
    assert pages["topics/empty/index.md"].total == 0


TOPIC = {"id": "xuanjiang", "title": "五老宣讲", "banner": "images/topics/a.jpg", "tag": "五老宣讲"}


@pytest.mark.parametrize(("value", "message"), [
    ("五老宣讲", "topics 应为专题列表"),
    ([{**TOPIC, "id": "五老"}], "topics 中专题的 id“五老”应为小写英文字母、数字或连字符"),
    ([{**TOPIC, "id": "page"}], "topics 中专题的 id“page”应为小写英文字母"),
    ([TOPIC, TOPIC], "topics 中的专题“xuanjiang”重复"),
    ([{**TOPIC, "title": ""}], "topics 中的专题“xuanjiang”的 title 应为专题名称"),
    ([{**TOPIC, "banner": "https://example.cn/a.jpg"}], "专题“xuanjiang”的 banner 应为 docs_dir 中的图片文件"),
    ([{**TOPIC, "banner": "images/a.pdf"}], "专题“xuanjiang”的 banner 应为 docs_dir 中的图片文件"),
    ([{k: v for k, v in TOPIC.items() if k != "tag"}], "专题“xuanjiang”应写 tag（一个标签，收录带这个标签的稿件）或 stories"),
    ([{**TOPIC, "stories": ["news/a.md"]}], "二者选一"),
    ([{**{k: v for k, v in TOPIC.items() if k != "tag"}, "stories": []}], "专题“xuanjiang”的 stories 应为稿件文件列表"),
    ([{**{k: v for k, v in TOPIC.items() if k != "tag"}, "stories": ["news/a.txt"]}],
     "stories 中的“news/a.txt”应为 docs_dir 中的稿件文件"),
    ([{**TOPIC, "colour": "red"}], "专题“xuanjiang”有未知的项 colour"),
], ids=["not-a-list", "id-chinese", "id-page", "twice", "no-title", "banner-url", "banner-pdf", "neither",
        "both", "no-stories", "not-markdown", "unknown-key"])
def test_topics_refused(value, message):
    with pytest.raises(ValidationError) as refused:
        Topics().validate(value)
    assert message in str(refused.value)


def test_a_topic_s_tag_is_read_as_a_story_s_tags_are():
    # A story's tags have runs of spaces, full-width ones too, as one (content.fields.tags_of).
    topic, = Topics().validate([{**TOPIC, "tag": "五老\u3000 宣讲"}])
    assert topic.tag == "五老 宣讲" and topic.holds(story(1, tags=("五老 宣讲",)))


def test_topics_read():
    topics = Topics().validate([TOPIC, {"id": "b", "title": " 精选 ", "banner": "/images/b.png",
                                        "stories": ["news/2024/a.md", "./news/2024/a.md"]}])
    assert topics == (Topic("xuanjiang", "五老宣讲", "images/topics/a.jpg", tag="五老宣讲"),
                      Topic("b", "精选", "images/b.png", stories=("news/2024/a.md",)))


@pytest.mark.parametrize(("value", "message"), [
    ({"市关工委": "https://www.example.gov.cn/"}, "friend_links 应为链接列表"),
    ([{"市关工委": "javascript:alert(1)"}], "friend_links 中“市关工委”的地址应为 http:// 或 https:// 开头的网址"),
    ([{"市关工委": "www.example.gov.cn"}], "friend_links 中“市关工委”的地址应为 http:// 或 https:// 开头的网址"),
    ([{"市关工委": "https://"}], "的地址应为 http:// 或 https:// 开头的网址"),
    ([{"市关工委": "about.md"}], "的地址应为 http:// 或 https:// 开头的网址"),
    ([{"": "https://www.example.gov.cn/"}], "friend_links 中链接的标题应为文字"),
    (["https://www.example.gov.cn/"], "friend_links 中的“https://www.example.gov.cn/”应每项写成“标题: 网址”"),
], ids=["not-a-list", "javascript", "no-scheme", "no-host", "page", "no-title", "no-title-form"])
def test_friend_links_refused(value, message):
    with pytest.raises(ValidationError) as refused:
        FriendLinks().validate(value)
    assert message in str(refused.value)


def test_friend_links_read():
    assert FriendLinks().validate([{"中国关工委": "https://www.ggw.example.gov.cn/"}, {"日报": "http://rb.example.cn"}]) \
        == (("中国关工委", "https://www.ggw.example.gov.cn/"), ("日报", "http://rb.example.cn"))


LINK_FORM = "的地址应为 docs_dir 中的页面（如 about.md）、网站内的路径（如 news/）或 http:// 或 https:// 开头的网址"


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "mailto:ggw@example.cn", "//evil.example/x",
    "\\\\evil.example/x", "/\\evil.example/x", 'news/" onmouseover="alert(1)', "news/<b>", "https://",
], ids=["javascript", "data", "mailto", "protocol-relative", "backslashes", "slash-backslash", "quote", "angle", "no-host"])
def test_footer_links_that_leave_the_site_otherwise_than_by_http_are_refused(target):
    with pytest.raises(ValidationError) as refused:
        QuickLinks().validate([{"关于我们": target}])
    assert str(refused.value) == f"links 中“关于我们”{LINK_FORM}，不是 “{target}”"


def test_footer_links_to_pages_paths_and_web_addresses_are_kept():
    links = [{"投稿指南": "guide/submit.md"}, {"新闻": "/news/"}, {"市关工委": "https://www.example.gov.cn/"}]
    assert QuickLinks().validate(links) == (("投稿指南", "guide/submit.md"), ("新闻", "/news/"),
                                            ("市关工委", "https://www.example.gov.cn/"))


@pytest.mark.parametrize(("path", "kept"), [
    ("images/logo.png", True), ("/assets/emblem.svg", True), ("https://evil.example/logo.png", False),
    ("//evil.example/logo.png", False), ("/\\evil.example/logo.png", False), ("data:image/png;base64,AAAA", False),
    ('logo.png" onerror="alert(1)', False),
], ids=["path", "rooted-path", "web-address", "protocol-relative", "slash-backslash", "data", "quote"])
def test_the_logo_is_a_file_of_the_site(path, kept):
    if kept:
        assert site_file(path, "theme 的 logo ", "images/logo.png") == path
        return
    with pytest.raises(ValidationError) as refused:
        site_file(path, "theme 的 logo ", "images/logo.png")
    assert str(refused.value) == (f"theme 的 logo 应为网站中的文件（docs_dir 或 custom_dir 中的路径，如 images/logo.png），"
                                  f"不能是其他网站的地址，不是 “{path}”")


def footer(**values):
    config = FooterConfig()
    config.load_dict(values)
    failed, warnings = config.validate()
    return config, [f"{key}: {error}" for key, error in failed]


@pytest.mark.parametrize(("values", "message"), [
    ({"icp": "鲁ICP备12345678"}, "icp: footer 的 icp 应为ICP备案号，如 鲁ICP备12345678号-1，不是 “鲁ICP备12345678”"),
    ({"icp": "ICP备12345678号"}, "footer 的 icp 应为ICP备案号"),
    ({"police": "鲁公网安备 3707号"}, "footer 的 police 应为公安机关备案号，如 鲁公网安备37078102000123号"),
    ({"sponsor": ["青州市关工委"]}, "footer 的 sponsor 应为主办单位的名称"),
    ({"address": "青州市\n范公亭西路1号"}, "footer 的 address 应为一行文字"),
    ({"phone": "0536-\x013200000"}, "footer 的 phone 应为一行文字，不能含换行或看不见的控制字符"),
], ids=["icp-no-hao", "icp-no-province", "police-short", "sponsor-list", "address-two-lines", "control"])
def test_footer_refused(values, message):
    assert any(message in error for error in footer(**values)[1])


def test_footer_lines_only_those_written():
    config, errors = footer(sponsor="青州市关工委办公室", icp="鲁ICP备12345678号-1", police="鲁公网安备 37078102000123号")
    assert errors == []
    assert config.lines() == (
        ("主办单位", "青州市关工委办公室", None),
        ("ICP备案号", "鲁ICP备12345678号-1", "https://beian.miit.gov.cn/"),
        ("公安备案号", "鲁公网安备 37078102000123号", "https://beian.mps.gov.cn/#/query/webSearch?code=37078102000123"),
    )
    assert footer()[0].lines() == ()
    assert footer(phone=5363200000)[0].lines() == (("电话", "5363200000", None),)


@pytest.mark.parametrize(("written", "shown", "warned"), [
    ("phone: 05363200000", "734855168", True),  # digits 0-7 after a 0: YAML's octal
    ("phone: 053632000", "11482112", True),
    ("phone: 5363200000", "5363200000", True),  # the area code's 0 dropped
    ("phone: 13812345678", "13812345678", False),  # a mobile number
    ("phone: 3200000", "3200000", False),  # a local number
    ('phone: "0536-3200000"', "0536-3200000", False),
], ids=["octal", "octal-short", "zero-dropped", "mobile", "local", "quoted"])
def test_a_phone_number_yaml_read_as_a_number_is_warned_about(written, shown, warned):
    from mkdocs.utils import yaml_load

    config = FooterConfig()
    config.load_dict(yaml_load(written))
    failed, warnings = config.validate()
    errors, warnings = list(failed), [message for _, message in warnings]
    assert errors == [] and config.lines() == (("电话", shown, None),)
    expected = [f"footer 的 phone 写成了数字 {shown}（没有加引号），号码开头的 0 已丢失或被读成了八进制数，页脚会显示错误的号码；"
                '请加上引号照原样写，如 phone: "0536-3200000"']
    assert warnings == (expected if warned else [])


def test_topic_holds_by_tag_or_file():
    by_tag = Topic("a", "A", "b.jpg", tag="五老宣讲")
    by_file = Topic("b", "B", "b.jpg", stories=("news/2024/s001.md",))
    assert by_tag.holds(story(1, tags=("五老宣讲",))) and not by_tag.holds(story(1))
    assert by_file.holds(story(1)) and not by_file.holds(dataclasses.replace(story(2), tags=("五老宣讲",)))
