"""Which photos the site's pages and settings name: only those are decoded and published."""

from __future__ import annotations

import time

import pytest

from gwsite.imaging.records import Processed
from gwsite.imaging.uses import named_in, pictures_in, strings

AVAILABLE = {"images/logo.png", "images/2025/合影 一.jpg", "about/team.JPG", "images/banner.webp"}


@pytest.mark.parametrize("text, folder, expected", [
    ("![标志](images/logo.png)", "", {"images/logo.png"}),
    ("![标志](../images/logo.png \"标题\")", "guide", {"images/logo.png"}),
    ("[查看大图](/images/logo.png)", "guide", {"images/logo.png"}),
    ('<img src="team.JPG" alt="">', "about", {"about/team.JPG"}),
    ('<img srcset="../images/logo.png 1x, ../images/banner.webp 2x">', "about", {"images/logo.png", "images/banner.webp"}),
    ("![合影](<../images/2025/合影 一.jpg>)", "x", {"images/2025/合影 一.jpg"}),
    ("![合影](images/2025/%E5%90%88%E5%BD%B1%20%E4%B8%80.jpg)", "", {"images/2025/合影 一.jpg"}),
    ("[logo]: images/logo.png\n\n![][logo]", "", {"images/logo.png"}),
    ("![](images/logo.png?v=2#top)", "", {"images/logo.png"}),
    ("https://www.qzggw.example.cn/images/banner.webp", "", {"images/banner.webp"}),
    ("![](images/logo.png.bak) ![](images/other.png) ![](../../etc/logo.png)", "", set()),
    ("封面写成 `images/logo.png`", "", {"images/logo.png"}),  # a mention in code: processed, harmless
], ids=["markdown", "up-a-folder", "site-absolute", "html", "srcset", "angle-brackets", "percent-encoded",
        "reference", "query", "full-url", "none", "code"])
def test_a_page_names_a_photo(text, folder, expected):
    assert named_in(text, folder, AVAILABLE) == expected


def test_settings_are_walked_however_nested():
    extra = {"generator": False, "banner": {"image": "images/banner.webp", "links": ["/images/logo.png", 3]}}
    assert list(strings(extra)) == ["images/banner.webp", "/images/logo.png"]


@pytest.mark.parametrize("text", ["a" * 2_000_000, "<" * 1_000_000, "x.jpg/" * 300_000, "http://[.jpg " * 1000],
                         ids=["one-word", "brackets", "many-suffixes", "bad-url"])
def test_a_page_of_any_shape_is_read_in_linear_time(text):
    started = time.monotonic()
    named_in(text, "", AVAILABLE)
    assert time.monotonic() - started < 2


PHOTO = Processed("2d8225ad987ef857c17c0000", ((480, 360), (800, 600)))


@pytest.mark.parametrize("html", [
    # nh3 before 0.3.1 leaves `<` and `>` as they are in an attribute value: the `<img` is text there.
    '<p><a href="x" title="<img src=images/a.jpg onload=alert(1)>">链接</a></p>',
    "<p><a href=\"x\" title='<img src=images/a.jpg onload=alert(1)>'>链接</a></p>",
    '<p><img alt="a > b <img src=images/a.jpg onload=alert(1)>" src="other.png"></p>',
])
def test_an_img_inside_an_attribute_value_is_never_made_a_picture(html):
    assert pictures_in(html, lambda src: PHOTO if src == "images/a.jpg" else None, lambda path: path, "题") == html


def test_a_whole_img_tag_is_made_a_picture_with_its_attributes():
    html = '<p><img alt="a > b" title="t" src="images/a.jpg"></p><picture><img src="images/a.jpg"></picture>'
    out = pictures_in(html, lambda src: PHOTO if src == "images/a.jpg" else None, lambda path: path, "题")
    assert out.startswith('<p><picture><source type="image/webp"') and 'alt="a &gt; b"' in out and 'title="t"' in out
    assert out.endswith('</p><picture><img src="images/a.jpg"></picture>')  # an author's own <picture> is left alone
