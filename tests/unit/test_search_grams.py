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


# -- the tokens as the first implementation made them, a Python call per character --------------------
# Kept as the reference: `encode` is now table-driven and must make exactly these tokens (the search
# page's script and every index built depend on them).

_REF_PARTS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)|(\s+)"
                        r"|([^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\s]+)")
_REF_TOKEN = re.compile(r"(?:x[0-9a-f]{4,5}){1,2}")


def reference_encode(text: str) -> str:
    def code(char):
        return f"x{ord(char):04x}"

    tokens: list[str] = []
    for han, space, other in _REF_PARTS.findall(text):
        if han:
            tokens.extend([code(han)] if len(han) == 1 else [code(a) + code(b) for a, b in zip(han, han[1:])])
        elif space:
            if tokens and tokens[-1] != "\u00b7":
                tokens.append("\u00b7")
        else:
            tokens.append(other)
            if len(tokens) > 1 and _REF_TOKEN.fullmatch(tokens[-2]):
                tokens.append("\u00a7")
    if tokens and tokens[-1] == "\u00b7":
        tokens.pop()
    return " ".join(tokens)


def reference_story_tokens(title: str, text: str) -> str:
    head = reference_encode(title)
    filler = max(1, TITLE_SLOTS - len(head.split()))
    return " ".join(part for part in (head, " ".join([TITLE_END] * filler), reference_encode(text)) if part)


TRICKY = [
    "", " ", "\t\n ", "县", "中 ", " 中", "关工委", "𠀀", "𠀀中文𠀁", "\U0003134f中\U00031350", "\u3400\u4dbf\u9fff\uf900\ufaff",
    "关工委，五老", "关工委，。！五老", "2至3名", "2024年工作会议", "ab12 中文。。中", "中,a b,中", "abc", "a",
    "东湖 关工委", "\t\n关\u3000工委  中", "中\x1c文\u2028a\u00a0b\u3000c\u200b中\ufeff", "中\r\n", "中文\n\n\n",
    "x4e2d", "中x4e2d x4e2dx4e2e 中", "xx4e2d中", "·", " · ", "中 · 文 ·", "· 中", "中·文", "a · b", "§中§ ¶", "¶ · §",
]


def _random_texts(count: int) -> list[str]:
    import random
    draw = random.Random(28)
    alphabet = list("中文关工委县") + ["𠀀", "\U0003134f", "\u3400", "\u9fff", "\uf900", " ", "\t", "\n", "\u3000",
                                      "\u00a0", "，", "。", ",", ".", "a", "X", "0", "9", "x", "e", "f", "·", "§", "¶"]
    return ["".join(draw.choice(alphabet) for _ in range(draw.randint(0, 24))) for _ in range(count)]


def _sample_texts() -> list[str]:
    from pathlib import Path
    content = Path(__file__).resolve().parents[2] / "content"
    return [path.read_text(encoding="utf-8") for path in sorted(content.rglob("*.md"))]


def test_the_table_driven_encoder_makes_exactly_the_tokens_of_the_first_implementation():
    texts = _sample_texts()
    assert len(texts) > 50  # the sample portal's stories, whole (front matter and Markdown included)
    for text in [*texts, *TRICKY, *_random_texts(3000)]:
        assert encode(text) == reference_encode(text), repr(text)
    for text in texts + TRICKY:
        assert story_tokens(text[:30], text) == reference_story_tokens(text[:30], text), repr(text[:30])


def test_encoding_costs_no_python_call_per_character():
    """A story of 1,500 tokens was 1,500 Python calls and more (`_code` per character); a run is now
    coded by one `str.translate` and paired by `map`."""
    import sys
    text = ("石门县关工委召开二〇二四年度工作会议暨五老宣讲团表彰大会，" * 200)  # 6,000 characters, 400 runs
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        encode(text)
    finally:
        sys.setprofile(None)
    assert calls < 50


@pytest.mark.parametrize("page", [
    '<div><main data-pagefind-body class="x">正文</main></div>',
    '<p>data-pagefind-body 在正文里</p><main data-pagefind-body>正文</main>',
    '<a title="<b"><i data-pagefind-body>甲</i>',  # a `<` inside an attribute before the body's tag
    '<div <p data-pagefind-body>乙</p>',
    '<main class=x data-pagefind-bodyish><div data-pagefind-body>丙</div></main>',
    '<main>没有正文标记</main>',
])
def test_the_body_is_found_where_a_search_of_the_whole_page_finds_it(page):
    from gwsite.build import search
    found, expected = search._opening(page, search._BODY, "data-pagefind-body"), search._BODY.search(page)
    assert (found and (found.span(), found.group(1))) == (expected and (expected.span(), expected.group(1)))


def test_a_story_s_own_words_never_mark_what_the_index_holds():
    """A summary (in the page's meta description) or a photo's alt text saying `data-pagefind-body`
    or `data-pagefind-ignore` is text: the index still holds the story, and all of it."""
    page = STORY.replace("<html lang=\"zh\">", '<html lang="zh"><head><meta name="description" '
                         'content="说明 data-pagefind-body 说明"></head>').replace(
        '<img src="a.jpg" alt="">', '<img src="a.jpg" alt="data-pagefind-ignore">').replace(
        "<p>重阳</p>", "<p title='data-pagefind-ignore'>重阳</p>")
    tokens = html.unescape(re.search(r"<p>(.*)</p>", gram_page(page)).group(1))
    assert split(tokens) == ("安平县五老宣讲团走进城关小学", "老党员王建国讲述<抗战>时期的家乡往事。 重阳")
