"""gwsite reads an address as Chromium does: for each tricky address below, Chromium's own
`new URL()` says which scheme and host it is, and gwsite's verdict must be the same.

The video allow-list (an iframe's `src`) lets an address through only when Chromium would load
an allowed host's player over https from it, and then keeps it written as Chromium writes it;
a link or image whose address Chromium would read as another scheme (javascript:, data:, …)
is never kept.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from gwsite.build import sanitize
from gwsite.content import weburl
from gwsite.config import DEFAULT_VIDEO_HOSTS

HOSTS = frozenset(DEFAULT_VIDEO_HOSTS)  # player.bilibili.com, v.qq.com, player.youku.com
BASE = "https://gwsite.example/news/2024/03/story/"  # a story's page, for links relative to it

TRICKY = [
    # Plain, and the form a correspondent copies from the video site.
    "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=1",
    "https://v.qq.com/x/page/a.html",
    # Backslashes: `/` to a browser in http(s), not to urlsplit.
    "https://evil.example\\@player.bilibili.com/",
    "https://evil.example:443\\@player.bilibili.com/",
    "https://evil.example\\\\player.bilibili.com/",
    "https://player.bilibili.com\\.evil.example/",
    "https://player.bilibili.com:443\\evil.example/",
    "https:\\\\player.bilibili.com\\player.html",
    "https:/\\evil.example/",
    "https:/\\player.bilibili.com/",
    "\\\\player.bilibili.com/x",
    # User names and passwords, with @ and %40.
    "https://player.bilibili.com@evil.example/",
    "https://user:pass@player.bilibili.com/",
    "https://a@b@player.bilibili.com/",
    "https://player.bilibili.com@@evil.example/",
    "https://player.bilibili.com%40evil.example/",
    "https://evil.example%40player.bilibili.com/",
    "https://evil.example%5C@player.bilibili.com/",
    "https://evil.example;@player.bilibili.com/",
    "https://player.bilibili.com%2F@evil.example/",
    "https://evil.example%2F@player.bilibili.com/",
    "https://player.bilibili.com%3A443@evil.example/",
    "https://evil.example%23@player.bilibili.com/",
    # `#`, `?` and `/` end the host.
    "https://evil.example#@player.bilibili.com/",
    "https://evil.example?@player.bilibili.com/",
    "https://evil.example/@player.bilibili.com/",
    # Tabs and newlines are dropped anywhere; other control characters and spaces only at the ends.
    "ht\ttps://player.bilibili.com/",
    "https://play\ner.bilibili.com/",
    "https://player.bilibili.com\t/",
    "https://player.bili\tbili.com.evil.example/",
    " \x01https://player.bilibili.com/ ",
    "https://player.bilibili.com\x00.evil.example/",
    # Percent-encoded hosts are decoded.
    "https://%70layer.bilibili.com/",
    "https://player%2ebilibili%2ecom/",
    "https://player%2Ebilibili.com%2Eevil.example/",
    "https://player.bilibili.com%00.evil.example/",
    # IDNA: fullwidth and ideographic dots, fullwidth letters, soft hyphen, zero-width space, upper case.
    "https://player．bilibili。com/",
    "https://player｡bilibili．com/",
    "https://player.bilibili.com。evil.example/",
    "https://ｐｌａｙｅｒ.bilibili.com/",
    "https://pla\u00adyer.bilibili.com/",
    "https://player.bili\u200bbili.com/",
    "https://PLAYER.BILIBILI.COM/",
    "HTTPS://Player.Bilibili.Com/x",
    "https://V.QQ.COM.evil.example/",
    "https://中国.example/",
    "https://xn--fiqs8s.example/",
    # Trailing dots, look-alike suffixes, ports.
    "https://player.bilibili.com./",
    "https://player.bilibili.com.evil.example/",
    "https://player.bilibili.com:443/",
    "https://player.bilibili.com:0443/",
    "https://player.bilibili.com:/",
    "https://player.bilibili.com:8443/",
    # Missing or extra slashes, no scheme, another scheme.
    "https:player.bilibili.com/x",
    "https:evil.example",
    "https:///player.bilibili.com/",
    "https:////evil.example/",
    "//player.bilibili.com/x",
    "http://player.bilibili.com/",
    "blob:https://player.bilibili.com/uuid",
    # IPv4 in its numeric forms, IPv6.
    "https://0x7f.1/",
    "https://2130706433/",
    "https://0177.0.0.1/",
    "https://[::1]/",
    # Schemes that run script, however written.
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "java\x01script:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]

# What Chromium makes of each address, alone and as a link on a story's page.
_PARSE = """({urls, base}) => urls.map(u => {
  const read = (...args) => {
    try {
      const x = new URL(...args);
      return {protocol: x.protocol, hostname: x.hostname, username: x.username, password: x.password,
              port: x.port, href: x.href};
    } catch (e) {
      return null;
    }
  };
  return {alone: read(u), linked: read(u, base)};
})"""


@pytest.fixture(scope="module")
def chromium(browser) -> dict[str, dict]:
    page = browser.new_page()
    try:
        return dict(zip(TRICKY, page.evaluate(_PARSE, {"urls": TRICKY, "base": BASE}), strict=True))
    finally:
        page.close()


class Sources(HTMLParser):
    """The player address of every video in some HTML: the link the sanitiser makes of a kept
    iframe, which the site's script turns into the player (its `data-gw-video`, also its `href`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "iframe" or "data-gw-video" in values:
            assert tag == "a" and values["href"] == values["data-gw-video"], values
            self.found.append(values["data-gw-video"])


def read(address) -> dict | None:
    """gwsite's reading of an address, in the fields Chromium's URL object has."""
    if address is None:
        return None
    return {name: getattr(address, name) for name in ("protocol", "hostname", "username", "password", "port", "href")}


def test_the_table_is_long_and_holds_both_verdicts(chromium):
    assert len(TRICKY) == len(set(TRICKY)) >= 70
    allowed = [url for url in TRICKY if (seen := chromium[url]["alone"]) and seen["hostname"] in HOSTS]
    assert 10 <= len(allowed) <= len(TRICKY) - 40


@pytest.mark.parametrize("url", TRICKY, ids=[ascii(url)[1:-1] for url in TRICKY])
def test_an_iframe_address_is_judged_as_chromium_reads_it(chromium, url):
    seen = chromium[url]["alone"]
    # Chromium's verdict under the site's rule: its player over https, no user, no password, its usual port.
    loads = seen["href"] if seen and seen["protocol"] == "https:" and seen["hostname"] in HOSTS and \
        not (seen["username"] or seen["password"] or seen["port"]) else None

    policy = sanitize.Policy(HOSTS)
    assert policy.video(url) == (loads is not None)
    # A story's video keeps the address written as Chromium writes it: what was judged is what loads.
    kept = Sources()
    kept.feed(sanitize.Sanitiser(policy).clean(f'<iframe src="{html.escape(url)}"></iframe>'))
    assert kept.found == ([loads] if loads else [])
    assert read(weburl.web_address(url)) == seen  # scheme, host, user, port: all as Chromium reads them


@pytest.mark.parametrize("url", TRICKY, ids=[ascii(url)[1:-1] for url in TRICKY])
def test_a_link_chromium_would_follow_to_another_scheme_is_never_kept(chromium, url):
    seen = chromium[url]["linked"]
    assert read(weburl.web_address(url, BASE)) == seen
    if seen is not None and seen["protocol"].rstrip(":") not in sanitize.SCHEMES:
        assert sanitize.scheme(url) not in (None, *sanitize.SCHEMES)
        written = html.escape(url)
        cleaned = sanitize.Sanitiser(sanitize.Policy(HOSTS)).clean(f'<a href="{written}">x</a><img src="{written}">')
        assert cleaned in ("<a>x</a><img>", '<a href="">x</a><img src="">')
