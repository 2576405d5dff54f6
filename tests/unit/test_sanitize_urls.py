"""Addresses in story HTML read as browsers read them, iframes kept the same way every time,
and the feeds' HTML cleaned last. (tests/e2e/test_url_parsing.py checks the reading against
Chromium itself on a longer table.)"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from gwsite.build import sanitize

POLICY = sanitize.Policy(frozenset({"player.bilibili.com"}))


class Elements(HTMLParser):
    """Every element and its attributes, as a browser's parser reads the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(("url", "kept"), [
    ("https://player.bilibili.com/player.html?bvid=BV1", "https://player.bilibili.com/player.html?bvid=BV1"),
    ("https://evil.example\\@player.bilibili.com/", None),  # `\` is `/`: the host is evil.example
    ("https://player.bilibili.com@evil.example/", None),
    ("https://user@player.bilibili.com/", None),
    ("https://evil.example#@player.bilibili.com/", None),
    ("https://player.bilibili.com.evil.example/", None),
    ("https://player.bilibili.com:8443/", None),
    ("http://player.bilibili.com/", None),
    ("//player.bilibili.com/x", None),
    ("HTTPS://PLAYER.Bilibili.com:443/x", "https://player.bilibili.com/x"),
    ("https:\\\\player．bilibili。com\\x", "https://player.bilibili.com/x"),
    ("ht\ttps://%70layer.bilibili.com/", "https://player.bilibili.com/"),
])
def test_an_iframe_is_kept_only_for_an_allowed_player_as_a_browser_reads_the_address(url, kept):
    assert POLICY.video(url) == (kept is not None)
    assert POLICY.video_src(url) == kept


def test_a_kept_iframe_becomes_a_link_to_its_player_the_same_every_time():
    html = ('<iframe src="https://player.bilibili.com/p?a=1&b=2" allowfullscreen sandbox="allow-top-navigation">'
            '回退</iframe>')
    cleaned = {sanitize.Sanitiser(POLICY).clean(html) for _ in range(12)}
    player = "https://player.bilibili.com/p?a=1&amp;b=2"
    assert cleaned == {f'<a class="gw-video" href="{player}" data-gw-video="{player}" data-pagefind-ignore>'
                       '<span class="gw-video__label">播放视频</span>'
                       '<span class="gw-video__host">点击后从 player.bilibili.com 加载</span></a>'}


def test_an_iframe_written_inside_an_attribute_is_never_taken_for_a_tag():
    """nh3 before 0.3.7 leaves `<` and `>` in attribute values; an `<iframe` there must not be cut
    out together with what follows, which would make the text after it part of the tag."""
    sanitiser = sanitize.Sanitiser(POLICY)

    class OldNh3:
        @staticmethod
        def clean(html: str) -> str:
            return ('<p><a title="<iframe>">x</a></p><iframe src="https://player.bilibili.com/x"></iframe>'
                    '<p>" onmouseover="alert(1)" x="</p>')

    sanitiser.cleaner = OldNh3()
    elements = Elements(sanitiser.clean("…"))
    assert not any(name.startswith("on") for _, attrs in elements.found for name in attrs)
    assert ("a", {"title": "<iframe>"}) in elements.found


# Text after cleaning that a regex rewrite of `src=` (for absolute feed links) once made markup.
REWRITE = ("<p><a title=\" src='/a/b/\">/../x\" onmouseover=\"alert(1)\" "
           "style=\"position:fixed;inset:0\" '</a></p>")


def test_feed_html_is_cleaned_last_with_its_addresses_made_absolute():
    sanitiser = sanitize.Sanitiser(POLICY)
    page = "https://gwsite.example/news/2024/03/story/"
    published = sanitiser.clean(REWRITE + '<p><a href="../other/#fn:1">另一篇</a> '
                                '<a href="mailto:a@b.cn">信</a></p><iframe src="https://player.bilibili.com/p"></iframe>')
    published += ('<picture><source type="image/webp" srcset="../../../../assets/a-480.webp 480w, '
                  '../../../../assets/a-960.webp 960w" sizes="100vw"><img src="../../../../assets/a-960.jpg" '
                  'srcset="../../../../assets/a-960.jpg 960w" sizes="100vw" alt="照片" loading="lazy" '
                  'decoding="async"></picture><img srcset="javascript:alert(1) 1w"><img src="java&#9;script:x">')

    feed = sanitiser.elsewhere(page)(published)

    elements = Elements(feed)
    assert [attrs for tag, attrs in elements.found if tag == "a"][0] == {"title": " src='/a/b/"}  # text stays text
    assert ("a", {"href": "https://gwsite.example/news/2024/03/other/#fn:1"}) in elements.found
    assert ("a", {"href": "mailto:a@b.cn"}) in elements.found
    assert ("source", {"type": "image/webp", "srcset": "https://gwsite.example/assets/a-480.webp 480w, "
                       "https://gwsite.example/assets/a-960.webp 960w", "sizes": "100vw"}) in elements.found
    assert ("img", {"src": "https://gwsite.example/assets/a-960.jpg",
                    "srcset": "https://gwsite.example/assets/a-960.jpg 960w",
                    "sizes": "100vw", "alt": "照片", "loading": "lazy", "decoding": "async"}) in elements.found
    assert [attrs for tag, attrs in elements.found if tag == "img"][1:] == [{}, {}]
    # A video is a plain link to its player in a feed: a feed reader runs no script of the site's.
    assert ("a", {"href": "https://player.bilibili.com/p"}) in [(tag, {k: v for k, v in attrs.items() if k != "class"})
                                                              for tag, attrs in elements.found]
    assert "<iframe" not in feed and "data-gw-video" not in feed
    # Cleaned last: cleaning it again, for any page of the site, changes nothing.
    assert sanitiser.elsewhere("https://gwsite.example/news/2025/01/another/")(feed) == feed
