"""Chinese text as two-character grams for the search index, and the page Pagefind indexes."""

from __future__ import annotations

import html
import re

import pytest

from gwsite.build.grams import (TITLE_END, TITLE_SLOTS, decode, encode, grams, split,
                                 story_tokens)
from gwsite.build.search import gram_page


def chars(tokens: str) -> list[str]:
    """Tokens written back as characters, for readable expectations."""
    return [re.sub(r"x([0-9a-f]{4,5})", lambda m: chr(int(m.group(1), 16)), token) for token in tokens.split()]


@pytest.mark.parametrize("text, expected", [
    pytest.param("关工委", ["关工", "工委"], id="a-run-as-overlapping-pairs"),
    pytest.param("县", ["县"], id="a-single-character-stays-whole"),
    pytest.param("2024年工作会议", ["2024", "年工", "工作", "作会", "会议"], id="digits-stay-a-word"),
    pytest.param("关工委，五老", ["关工", "工委", "，", "\u00a7", "五老"], id="punctuation-between-runs-takes-two-positions"),
    pytest.param("2至3名", ["2", "至", "3", "\u00a7", "名"], id="a-single-character-between-numbers"),
    pytest.param("东湖 关工委", ["东湖", "\u00b7", "关工", "工委"], id="whitespace-is-a-break"),
    pytest.param("  ", [], id="nothing"),
])
def test_text_becomes_grams(text, expected):
    assert chars(encode(text)) == expected


def test_a_gram_is_ascii_that_no_segmenter_cuts():
    assert grams("石门") == ["x77f3x95e8"]
    assert grams("𠀀中") == ["x20000x4e2d"]  # beyond the basic plane: five hex digits


@pytest.mark.parametrize("text", [
    "石门县关工委召开2024年工作会议", "1月8日上午，东湖区关工委 “五老”宣讲 A B 召开。", "县", "𠀀中文", "abc",
])
def test_the_text_reads_back_from_its_grams(text):
    assert decode(encode(text)) == text
    assert split(story_tokens("石门县关工委", text)) == ("石门县关工委", text)


@pytest.mark.parametrize("query, text, found", [
    pytest.param("关工委", "石门县关工委召开会议", True, id="inside-a-run"),
    pytest.param("重阳", "重要的是重点工作", False, id="same-first-character-only"),
    pytest.param("关工委", "关于关心下一代工作", False, id="no-common-pair"),
    pytest.param("工委", "关工。委员", False, id="across-punctuation"),
    pytest.param("关工委", "关工委 委员", True, id="before-a-space"),
])
def test_a_query_phrase_is_found_exactly_where_the_text_holds_it(query, text, found):
    # Pagefind's exact search: the phrase's tokens at consecutive positions of the text's tokens.
    phrase, tokens = encode(query).split(), encode(text).split()
    n = len(phrase)
    assert any(tokens[i:i + n] == phrase for i in range(len(tokens))) is found


STORY = """<!doctype html><html lang="zh"><body><article class="outer">
<nav>首页 › 正文</nav>
<article class="gw-story__article" data-pagefind-body data-pagefind-meta="日期:2024年3月15日">
  <header><h1 class="gw-story__title">安平县五老宣讲团走进城关小学</h1>
  <p class="gw-story__meta" data-pagefind-ignore><time datetime="2024-03-15T09:00:00+08:00">2024年3月15日</time>
  <span>通讯员：张三</span></p></header>
  <figure data-gw-image="/news/a.jpg" data-pagefind-meta="image[data-gw-image]"><img src="a.jpg" alt=""></figure>
  <div><p>老党员王建国讲述&lt;抗战&gt;时期的家乡往事。</p><p>重阳</p></div>
</article>
<nav>上一篇：别的稿件</nav>
</article></body></html>"""


def test_the_page_pagefind_indexes_holds_grams_of_the_story_only():
    page = gram_page(STORY)
    tokens = html.unescape(re.search(r"<p>(.*)</p>", page).group(1))
    title, text = split(tokens)
    assert title == "安平县五老宣讲团走进城关小学"
    assert text == "老党员王建国讲述<抗战>时期的家乡往事。 重阳"  # paragraphs stay apart
    assert "通讯员" not in tokens and "首页" not in text and "上一篇" not in text
    assert '<meta data-pagefind-meta="title[content]" content="安平县五老宣讲团走进城关小学">' in page
    assert '<meta data-pagefind-meta="日期[content]" content="2024年3月15日">' in page
    assert '<meta data-pagefind-meta="image[content]" content="/news/a.jpg">' in page
    assert 'data-pagefind-sort="date:2024-03-15T09:00:00+08:00"' in page
    assert "data-pagefind-filter" not in page  # a filter makes Pagefind's output differ from run to run
    assert gram_page("<html><body><p>没有正文标记</p></body></html>") is None


@pytest.mark.parametrize("title", ["石门县关工委", "", "长" * 100])
def test_a_story_s_text_starts_after_the_title_s_positions(title):
    tokens = story_tokens(title, "正文开始").split()
    start = tokens.index("x6b63x6587")  # 正文
    assert start == max(TITLE_SLOTS, len(encode(title).split()) + 1)
    assert all(token == TITLE_END for token in tokens[len(encode(title).split()):start])


def test_a_term_asked_by_every_other_gram_never_spans_a_mark_between_runs():
    """The page asks for every other gram of a term and checks their distances: 县关工委组织 asks for 县关,
    工委 and 组织 at positions 0, 2 and 4. A mark between two runs takes two positions, so that
    石门县关工委，组织 (a comma where the gram 委组 would be) never holds them at those distances."""
    def at(tokens, gram):
        return [i for i, token in enumerate(chars(tokens)) if token == gram]
    text = encode("石门县关工委，组织市歌舞剧院")
    assert [at(text, gram)[0] - at(text, "县关")[0] for gram in ("工委", "组织")] != [2, 4]
    held = encode("县关工委组织志愿者")
    assert [at(held, gram)[0] - at(held, "县关")[0] for gram in ("工委", "组织")] == [2, 4]
