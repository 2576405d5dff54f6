"""The story sanitiser: what it keeps and removes, how it names what it removed, and the one
Chinese warning a correspondent gets. (Addresses and iframes read as browsers read them are in
test_sanitize_urls.py; the hostile stories built end to end in test_hostile.py.)"""

from __future__ import annotations

import pytest

from gwsite.build import sanitize
from gwsite.problems import Severity

POLICY = sanitize.Policy(frozenset({"player.bilibili.com"}))
PLAYER = "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
STORY = """\
---
title: 安平县关工委召开全体会议
date: 2024-03-01
unit: 安平县关工委
---

3月1日，安平县关工委召开全体会议。

<p onclick="steal()">部署全年工作。</p>

<iframe src="https://evil.example/player"></iframe>
"""


@pytest.fixture(scope="module")
def sanitiser() -> sanitize.Sanitiser:
    return sanitize.Sanitiser(POLICY)


def removed(sanitiser: sanitize.Sanitiser, html: str) -> list[str]:
    return [removal.what for removal in sanitiser(html)[1]]


@pytest.mark.parametrize(("html", "cleaned", "what"), [
    pytest.param("<p>会议<script>alert(1)</script>召开</p>", "<p>会议召开</p>", ["<script> 元素"], id="script-with-content"),
    pytest.param("<style>body{display:none}</style><p>正文</p>", "<p>正文</p>", ["<style> 元素"], id="style-element"),
    pytest.param('<p onclick="steal()">段落</p>', "<p>段落</p>", ["onclick 事件属性"], id="event-handler"),
    pytest.param('<img src="a.jpg" onerror="steal()" alt="合影">', '<img src="a.jpg" alt="合影">',
                 ["onerror 事件属性"], id="image-handler"),
    pytest.param('<p style="color: red">红字</p>', "<p>红字</p>", ["style 属性"], id="style-attribute"),
    pytest.param('<table><tr><td style="text-align: center; position: fixed">1</td></tr></table>',
                 '<table><tbody><tr><td style="text-align:center">1</td></tr></tbody></table>',
                 ["style 属性中的样式"], id="table-style-keeps-alignment-only"),
    pytest.param('<form action="https://evil.example/"><input type="password" name="pw"></form>',
                 '<input name="pw">', ["<form> 标签", 'type="password" 的输入框'], id="form"),
    pytest.param('<a href="javascript:steal()">点我</a>', "<a>点我</a>", ["javascript: 链接"], id="javascript-link"),
    pytest.param('<iframe src="https://evil.example/player"></iframe>', "", ["来自 evil.example 的 <iframe>"],
                 id="iframe-other-host"),
    pytest.param('<iframe srcdoc="&lt;script&gt;"></iframe>', "", ["<iframe> 元素"], id="iframe-without-address"),
    pytest.param('<img src="https://other.example/a.jpg" alt="外站">', '<img alt="外站">',
                 ["来自 other.example 的图片"], id="external-image"),
    pytest.param('<div class="md-dialog admonition note">假登录框</div>', '<div class="admonition note">假登录框</div>',
                 ["样式类“md-dialog”"], id="theme-class"),
    pytest.param("<?php echo 1; ?><![CDATA[x]]><p>正文</p>", "<p>正文</p>", ["<? … > 指令", "CDATA 段"],
                 id="processing-instruction-and-cdata"),
])
def test_what_the_sanitiser_removes_and_names(sanitiser, html, cleaned, what):
    assert sanitiser(html)[0] == cleaned
    assert removed(sanitiser, html) == what
    assert [r.what for r in sanitize.unsafe(html, POLICY)] == what


@pytest.mark.parametrize("html", [
    pytest.param('<p>会议<strong>顺利</strong>召开，<a href="https://www.example.org/">详见</a>。</p>', id="text-and-link"),
    pytest.param('<a href="mailto:gw@example.org">来信</a> <a href="tel:0318-1234567">来电</a>', id="mail-and-phone"),
    pytest.param('<div class="admonition tip"><p class="admonition-title">提示</p></div>', id="admonition"),
    pytest.param('<code class="language-python">print(1)</code>', id="code-language"),
    pytest.param('<div class="highlight"><pre><span class="k">def</span> <span class="nf">f</span>'
                 '<span class="s2">"x"</span></pre></div>', id="pygments-tokens"),
    pytest.param('<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled checked>完成</li></ul>',
                 id="task-list"),
    pytest.param('<img src="images/合影.jpg" alt="合影" width="800" height="600">', id="own-image"),
])
def test_what_markdown_and_its_extensions_write_survives_unchanged(sanitiser, html):
    cleaned, removals = sanitiser(html)
    assert removals == []
    assert normalised(cleaned) == normalised(html)


def normalised(html: str) -> str:
    """nh3 writes boolean attributes as `name=""`; everything else must come out as it went in."""
    return html.replace('disabled=""', "disabled").replace('checked=""', "checked")


def test_plain_paragraphs_are_returned_as_they_are(sanitiser):
    html = "<p>会议 &amp; 部署</p>\n<ul>\n<li>一</li>\n</ul>"
    cleaned, removals = sanitiser(html)
    assert cleaned is html and removals == []


def test_ids_and_the_links_to_them_are_namespaced_once(sanitiser):
    html = ('<h2 id="__config">标题</h2><a href="#__config">回到标题</a><label for="box">选</label>'
            '<a name="top">顶部</a><a href="#">空锚点</a>')
    prefix = sanitize.ID_PREFIX
    assert prefix == "user-content-"
    cleaned, removals = sanitiser(html)
    assert cleaned == (f'<h2 id="{prefix}__config">标题</h2><a href="#{prefix}__config">回到标题</a>'
                       f'<label for="{prefix}box">选</label><a name="{prefix}top">顶部</a><a href="#">空锚点</a>')
    assert removals == []
    assert sanitiser.clean(cleaned) == cleaned  # cleaning cleaned HTML again changes nothing


def test_an_allowed_video_player_becomes_a_click_to_play_link(sanitiser):
    cleaned, removals = sanitiser(f'<p>视频：</p><iframe src="{PLAYER}" width="640" allowfullscreen></iframe>')
    assert removals == []
    assert cleaned == (f'<p>视频：</p><a class="gw-video" href="{PLAYER}" data-gw-video="{PLAYER}" data-pagefind-ignore>'
                       '<span class="gw-video__label">播放视频</span>'
                       '<span class="gw-video__host">点击后从 player.bilibili.com 加载</span></a>')


def test_without_video_hosts_every_iframe_goes(sanitiser):
    html = f'<iframe src="{PLAYER}"></iframe>'
    assert sanitize.Sanitiser(sanitize.Policy())(html) == ("", [sanitize.Removal(
        "来自 player.bilibili.com 的 <iframe>", ("player.bilibili.com", "<iframe"))])
    assert sanitiser(html)[0].startswith('<a class="gw-video"')


def test_each_kind_of_removal_is_named_once_in_the_order_first_met(sanitiser):
    html = '<p onclick="a()">一</p><script>1</script><b onclick="b()">二</b><script>2</script>'
    assert sanitiser(html)[1] == [sanitize.Removal("onclick 事件属性", ("onclick", "<p")),
                                  sanitize.Removal("<script> 元素", ("<script",))]


def test_the_warning_names_the_story_the_first_line_and_every_removal(sanitiser):
    _, removals = sanitiser(sanitize.body(STORY))
    problem = sanitize.warning("content/news/2024/meeting.md", STORY, removals)
    assert problem.severity is Severity.WARNING
    assert (problem.path, problem.line, problem.field) == ("content/news/2024/meeting.md", 9, "正文")
    assert problem.message == ("正文中有不安全或网站不支持的 HTML，发布时已删除：onclick 事件属性、来自 evil.example 的 <iframe>"
                               "；嵌入视频只能用网站允许的视频网站播放器地址（https）")


def test_a_warning_without_an_iframe_has_no_video_advice():
    text = STORY.replace('<p onclick="steal()">', "<p>").replace("<iframe", '<p class="md-dialog">x</p><br')
    removals = sanitize.unsafe(sanitize.body(text), POLICY)
    problem = sanitize.warning("a.md", text, removals)
    assert problem.message == "正文中有不安全或网站不支持的 HTML，发布时已删除：样式类“md-dialog”、src 属性"
    assert problem.line == 11


def test_the_line_is_looked_for_in_the_body_not_the_front_matter():
    text = "---\ntitle: 谈 onclick 的危害\n---\n\n正文\n\n<b onclick=\"x()\">粗</b>\n"
    removal = sanitize.unsafe(sanitize.body(text), POLICY)[0]
    assert sanitize.source_line(text, removal) == 7


def test_a_removal_not_found_in_the_source_is_placed_on_the_first_line_of_the_body():
    removal = sanitize.Removal("onclick 事件属性", ("&#111;nclick",))
    assert sanitize.source_line(STORY, removal) == 7  # the blank line after the front-matter is skipped


@pytest.mark.parametrize(("body", "might"), [
    pytest.param("3月1日召开全体会议。\n\n- 部署\n- 落实\n", False, id="plain-text"),
    pytest.param("**会议**顺利召开，_全体_ 参加。\n", False, id="emphasis"),
    pytest.param("会议 <b>顺利</b> 召开。\n", True, id="tag"),
    pytest.param("标题 {: onclick=x }\n", True, id="attribute-list"),
    pytest.param("[详见](javascript:alert)\n", True, id="link"),
    pytest.param("[详见]: https://example.org\n", True, id="reference"),
    pytest.param("A &amp; B\n", True, id="entity"),
])
def test_might_remove_reads_only_the_body(body, might):
    front = "---\ntitle: <b>标题</b>\nunit: 安平县关工委\n---\n\n"
    assert sanitize.might_remove(front + body) is might


def test_elsewhere_makes_every_address_absolute_and_keeps_the_photos_markup(sanitiser):
    page = "https://gw.example/news/2024/meeting/"
    html = ('<picture><source type="image/webp" srcset="../../../assets/a-480.webp 480w, ../../../assets/a-960.webp 960w" '
            'sizes="100vw"><img src="../../../assets/a-960.jpg" srcset="../../../assets/a-960.jpg 960w" sizes="100vw" '
            'alt="合影" decoding="async"></picture><a href="../other/">另一篇</a><a href="#user-content-x">脚注</a>')
    assert sanitiser.elsewhere(page)(html) == (
        '<picture><source type="image/webp" srcset="https://gw.example/assets/a-480.webp 480w, '
        'https://gw.example/assets/a-960.webp 960w" sizes="100vw"><img src="https://gw.example/assets/a-960.jpg" '
        'srcset="https://gw.example/assets/a-960.jpg 960w" sizes="100vw" alt="合影" decoding="async"></picture>'
        '<a href="https://gw.example/news/2024/other/">另一篇</a>'
        '<a href="https://gw.example/news/2024/meeting/#user-content-x">脚注</a>')
    assert sanitiser.clean(html).startswith('<img src="../../../assets/a-960.jpg"')  # pages never keep <picture>


def test_elsewhere_applies_the_same_rules(sanitiser):
    feed = sanitiser.elsewhere("https://gw.example/news/2024/meeting/")
    html = ('<img src="https://gw.example/assets/own.jpg"><img src="https://other.example/z.jpg">'
            '<a href="javascript:steal()">j</a><script>steal()</script><p onclick="x()">段</p>'
            '<img src="a.jpg" srcset="javascript:x 1w">')
    assert feed(html) == ('<img src="https://gw.example/assets/own.jpg"><img><a>j</a><p>段</p>'
                          '<img src="https://gw.example/news/2024/meeting/a.jpg">')
