"""Pure logic of the story model and registry: dates, names, slugs, summaries, parsing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data as mkdocs_front_matter

from gwsite.content import yamlsafe
from gwsite.content.body import first_paragraph
from gwsite.content.names import normalize_name
from gwsite.content.reader import FenceError, split_story
from gwsite.content.story import SiteOptions
from gwsite.content.values import normalized, parse_datetime, path_slug, slugify
from gwsite.content.loading import load_site

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIXTURE = Path(__file__).parent.parent / "fixtures" / "basic"
NOW = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(dt.date(2024, 3, 15), "2024-03-15T00:00:00+08:00", id="date-is-midnight-in-site-zone"),
        pytest.param("2024-03-15", "2024-03-15T00:00:00+08:00", id="date-string"),
        pytest.param("2024-03-15 14:30", "2024-03-15T14:30:00+08:00", id="no-seconds"),
        pytest.param("2024-3-5 9:05", "2024-03-05T09:05:00+08:00", id="single-digits"),
        pytest.param("2024-03-15T14:30:15", "2024-03-15T14:30:15+08:00", id="iso-t"),
        pytest.param("2024-03-15 06:30:00+00:00", "2024-03-15T14:30:00+08:00", id="offset-converted"),
        pytest.param("2024-03-15 06:30Z", "2024-03-15T14:30:00+08:00", id="zulu"),
        pytest.param(dt.datetime(2024, 3, 15, 14, 30), "2024-03-15T14:30:00+08:00", id="naive-datetime"),
    ],
)
def test_parse_datetime(value, expected):
    assert parse_datetime(value, SHANGHAI).isoformat() == expected


@pytest.mark.parametrize("value", ["2024年3月15日", "2024/03/15", "2024-13-01", "2024-02-30", "", 20240315, None, True])
def test_parse_datetime_rejects(value):
    assert parse_datetime(value, SHANGHAI) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("安平县关工委", "安平县关工委", id="unchanged"),
        pytest.param(" 安平县 关工委 ", "安平县关工委", id="spaces"),
        pytest.param("安平县\u3000关工委", "安平县关工委", id="ideographic-space"),
        pytest.param("安平县\u200b关工委\ufeff", "安平县关工委", id="zero-width-and-bom"),
        pytest.param("ＣＣＴＶ新闻", "CCTV新闻", id="full-width-latin"),
        pytest.param("中国火炬\u00a0", "中国火炬", id="nbsp"),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        pytest.param("news/2024/2024-03-15-anping-wulao.md", "2024-03-15-anping-wulao", id="ascii-name"),
        pytest.param("news/2024/Wu Lao_Xuanjiang.md", "wu-lao-xuanjiang", id="spaces-and-case"),
    ],
)
def test_path_slug(src, expected):
    assert path_slug(src) == expected


def test_hash_slug_is_stable_and_differs_by_path():
    first = path_slug("news/2024/五老宣讲.md")
    assert first == path_slug("news/2024/五老宣讲.md")
    assert first != path_slug("news/2025/五老宣讲.md")
    assert len(first) == 8 and first.isascii() and first.isalnum()


@pytest.mark.parametrize(("raw", "expected"), [("Wu Lao!", "wu-lao"), ("--a__b--", "a-b"), ("五老", "")])
def test_slugify(raw, expected):
    assert slugify(raw) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("## 小标题\n\n第一段。\n\n第二段。", "第一段。", id="skips-heading"),
        pytest.param("![照片](a.jpg)\n\n**安平县**关工委[召开](x.md)会议。", "安平县关工委召开会议。", id="strips-markup"),
        pytest.param("甲" * 200, "甲" * 119 + "…", id="cut-to-120"),
        pytest.param("- 一是宣讲\n- 二是助学", "一是宣讲 二是助学", id="list"),
        pytest.param("", "", id="empty"),
        pytest.param("各县（市、区）关工委，市直各单位关工委：\n\n为做好寒假工作，现通知如下。", "为做好寒假工作，现通知如下。",
                     id="notice-skips-salutation"),
        pytest.param("各成员单位:\n\n## 一、时间\n\n3月1日举行。", "3月1日举行。", id="ascii-colon-then-heading"),
        pytest.param("**各成员单位**：\n\n请于月底前报送。", "请于月底前报送。", id="salutation-in-bold"),
        pytest.param("各成员单位：", "各成员单位：", id="salutation-alone-still-serves"),
        pytest.param("会议指出：\n\n要抓好落实。", "要抓好落实。", id="short-lead-in-also-skipped"),
        pytest.param("会议强调。下一步要做到以下三点：\n\n一是宣讲。", "会议强调。下一步要做到以下三点：",
                     id="a-sentence-ending-in-a-colon-is-kept"),
        pytest.param("第一段。\n\n各成员单位：", "第一段。", id="only-the-first-paragraph-is-tested"),
        pytest.param("各县（市、区）关工委：\n各成员单位：\n\n正文。", "正文。",
                     id="addressees-on-two-lines"),
        pytest.param("为全面总结今年全县关心下一代宣传信息工作，做好年度统计和表彰推荐，现就报送年度总结有关事项通知如下："
                     "\n\n一、报送内容", "为全面总结今年全县关心下一代宣传信息工作，做好年度统计和表彰推荐，现就报送年度总结有关事项通知如下：",
                     id="long-first-sentence-ending-in-a-colon-is-kept"),
        pytest.param("根据市关工委工作部署，现将有关事项通知如下:\n\n1. 时间", "根据市关工委工作部署，现将有关事项通知如下:",
                     id="grounds-then-announcement-kept"),
        pytest.param("今年以来，全市关工委系统重点抓了三个方面：\n\n一是宣讲。", "今年以来，全市关工委系统重点抓了三个方面：",
                     id="report-sentence-kept"),
        pytest.param("各县（市、区）关工委，市委各部委，市直各单位关工委，各人民团体，各大中专院校关工委：\n\n正文。", "正文。",
                     id="long-list-of-addressees-skipped"),
        pytest.param("现将有关事项通知如下：\n\n正文。", "正文。", id="bare-announcement-skipped"),
    ],
)
def test_first_paragraph(body, expected):
    assert first_paragraph(body) == expected


def test_yaml_loader_keeps_lines_of_keys_and_items():
    data = yamlsafe.load("\ntitle: 标题\ntags:\n  - 甲\n  - 乙\n")
    assert data.line_of("title") == 2
    assert data["tags"].line_of(1) == 5


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: &x [1]\nb: *x\n", id="alias"),
        pytest.param("a: 1\na: 2\n", id="duplicate"),
        pytest.param("a: !!python/name:os.system\n", id="python-tag"),
        pytest.param("a: !custom 1\n", id="custom-tag"),
        pytest.param("a: [\n", id="syntax"),
        pytest.param("a: 2024-02-30\n", id="impossible-date"),
    ],
)
def test_yaml_loader_refuses(text):
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.load(text)


def test_bom_and_crlf_story_reads_like_plain_one(tmp_path):
    site = tmp_path / "content"
    (site / "news" / "2024").mkdir(parents=True)
    (site / "_data").mkdir()
    for name in ("units.yml", "outlets.yml", "scoring.yml"):
        (site / "_data" / name).write_bytes((FIXTURE / "content" / "_data" / name).read_bytes())
    text = "---\ntitle: 标题\ndate: 2024-03-15\nunit: 安平县关工委\n---\n\n正文。\n"
    (site / "news/2024/plain.md").write_text(text, encoding="utf-8")
    (site / "news/2024/bom-crlf.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())

    loaded = load_site(site, SiteOptions(), NOW)

    # Read alike, the two are copies of one story: that is their only problem.
    assert [(p.path, p.line, p.field) for p in loaded.problems] == [("content/news/2024/plain.md", 2, "title")]
    assert loaded.partners == {loaded.problems[0]: "content/news/2024/bom-crlf.md"}
    plain, bom = sorted(loaded.stories, key=lambda s: s.src, reverse=True)
    assert (bom.title, bom.date, bom.unit, bom.summary) == (plain.title, plain.date, plain.unit, plain.summary)


def test_fixture_stories_are_parsed_with_aliases_and_placements():
    site = load_site(FIXTURE / "content", SiteOptions(), NOW)
    assert site.problems == []
    by_src = {story.src: story for story in site.stories}
    joint = by_src["news/2024/2024-05-20-linhe-xuezi.md"]
    assert joint.units == ("linhe", "jiaoyu")
    assert joint.authors == ("赵强",)
    assert joint.category == "work"
    assert [(p.outlet, p.level, p.type, p.listed) for p in joint.placements] == [("青州日报", "city", "photo", True)]
    wulao = by_src["news/2024/2024-03-15-anping-wulao.md"]
    assert wulao.url == "news/2024/03/2024-03-15-anping-wulao/"
    assert wulao.category == "elders"
    assert [p.outlet for p in wulao.placements] == ["青州日报", "中国火炬"]
    assert wulao.placements[0].section == "头版"
    assert by_src["news/2024/2024-06-01-jiaoyu-draft.md"].draft
    assert [s.src for s in site.published] == [
        "news/2024/2024-05-20-linhe-xuezi.md",
        "news/2024/2024-03-15-anping-wulao.md",
    ]


# -- Where the front-matter ends -----------------------------------------------------------------

FENCE = "前后两条分隔线都应只写三个英文短横线 ---"


@pytest.mark.parametrize("text, line, message", [
    ("---\ntitle: a\n----\nbody\n", 3, f"结束的分隔线写成了“----”；{FENCE}"),
    ("---\ntitle: a\n...\nbody\n---\n", 3, f"结束的分隔线写成了“...”；{FENCE}"),
    ("---\ntitle: a\n- - -\nbody\n", 3, f"结束的分隔线写成了“- - -”；{FENCE}"),
    ("---\ntitle: a\n－－－\nbody\n", 3, f"结束的分隔线写成了“－－－”；{FENCE}"),
    ("---\ntitle: a\n\u200b---\nbody\n", 3, f"结束的分隔线“---”前有看不见的字符；{FENCE}"),
    ("---\ntitle: a\n\u3000---\nbody\n", 3, f"结束的分隔线“---”前有全角空格（U+3000）；{FENCE}"),
    ("---\ntitle: a\n\u00a0---\n\nbody\n---\nmore\n", 3, f"结束的分隔线“---”前有不间断空格（U+00A0）；{FENCE}"),
    ("\u3000---\ntitle: a\n---\nbody\n", 1, f"开头的分隔线“---”前有全角空格（U+3000）；{FENCE}"),
    ("----\ntitle: a\n---\nbody\n", 1, f"开头的分隔线写成了“----”；{FENCE}"),
    ("\ufeff---\ntitle: a\n---\nbody\n", 1, f"开头的分隔线“---”前有看不见的字符；{FENCE}"),
    ("---\ntitle: a\nbody\n", 1, "开头的“---”没有对应的结束行“---”，请在稿件信息之后单独一行写“---”"),
    ("title: a\n---\nbody\n", 1, "文件开头缺少“---”，稿件信息（标题、日期、单位等）应写在两行“---”之间"),
], ids=["four-dashes", "dots", "spaced", "full-width", "zero-width-space", "full-width-space", "no-break-space",
        "opening-full-width-space", "opening", "second-bom", "unclosed", "no-opening"])
def test_a_fence_mkdocs_reads_otherwise_is_refused_at_its_line(text, line, message):
    with pytest.raises(FenceError) as refused:
        split_story(text)
    assert (refused.value.line, refused.value.message) == (line, message)


@pytest.mark.parametrize("text, body_line, body", [
    ("---\ntitle: a\n---\n\n正文\n", 3, "\n\n正文\n"),
    ("---  \ntitle: a\n--- \t\n正文\n---\n", 3, "\n正文\n---\n"),  # blanks after a fence; a rule in the body
    ("---\ntitle: |\n  ----\n  ...\n---\n正文", 5, "\n正文"),  # indented: text of the title, not a fence
    ("---\ntitle: a\n---", 3, ""),
], ids=["plain", "blanks", "indented", "end-of-file"])
def test_the_body_is_what_follows_the_closing_fence(text, body_line, body):
    parts = split_story(text)
    assert (parts.body_line, parts.body) == (body_line, body)
    assert mkdocs_front_matter(parts.source())[0] == body.lstrip("\n")


LINES = st.sampled_from(["---", "----", "...", "--- ", "-----\t", "title: 标题", "a: 1", "  - 列表", "", "  ----",
                         "\ufeff---", "———", "[链接](x)", "b: |", "  ...", "\r", "\x0c---", "--\x0b-"])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=8), st.booleans())
def test_mkdocs_converts_exactly_the_body_gwsite_checked(lines, final_newline):
    """Whatever the fences: gwsite refuses the story, or MkDocs reads the same body from what it is handed."""
    text = normalized("\n".join(["---", *lines]) + ("\n" if final_newline else ""))
    try:
        parts = split_story(text)
        data = yamlsafe.load(parts.front_matter)
    except (FenceError, yamlsafe.YamlError):
        return
    if not isinstance(data, dict):
        return  # refused by `read_story` too: the front-matter must be a mapping
    markdown, meta = mkdocs_front_matter(parts.source())
    assert markdown == parts.body.lstrip("\n")


# Bodies under the size and markup limits that the image and summary scans took quadratic time
# over: 40,000 of `<img` passed check after 70 s, 40,000 of `![](` took 170 s to be refused.
SCAN_BOMBS = {
    "img-tags": "<img" * 12000,
    "image-urls": "![](" * 12000,
    "ref-definitions": "[\n" * 20000,
    "summary-brackets": "x" + "[" * 30000,
    "summary-links": "x[a](" * 30000,
    "summary-tags": "x" + "<" * 100000,
}


@pytest.mark.parametrize("body", SCAN_BOMBS.values(), ids=SCAN_BOMBS)
def test_reading_a_story_takes_linear_time_whatever_its_body(tmp_path, body):
    import time
    site = tmp_path / "content"
    (site / "news" / "2024").mkdir(parents=True)
    (site / "_data").mkdir()
    for name in ("units.yml", "outlets.yml", "scoring.yml"):
        (site / "_data" / name).write_bytes((FIXTURE / "content" / "_data" / name).read_bytes())
    (site / "news/2024/a.md").write_text("---\ntitle: 标题\ndate: 2024-03-15\nunit: 安平县关工委\n---\n\n" + body + "\n",
                                         encoding="utf-8")

    started = time.perf_counter()
    load_site(site, SiteOptions(), NOW)

    assert time.perf_counter() - started < 1.0
