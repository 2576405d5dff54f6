"""Pages and messages that would grow with the number of stories are bounded: the tag index and
the 待核定 list are paginated, and repeated notices are one line each, at most NOTICE_LINES kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import built_copy, run_mkdocs_build
from gwsite.views.pagination import PENDING_PER_PAGE, PENDING_SHOWN, TAGS_PER_PAGE
from gwsite.views.urls import tag_url
from gwsite import problems

STORIES = 300  # each with its own tag and its own pending outlet, and one pending outlet they share
SHARED = "全体共用的待核定媒体"


def write_stories(content: Path) -> None:
    for i in range(STORIES):
        day = f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}"
        (content / "news/2024" / f"many-{i:03}.md").write_text(
            f"---\ntitle: 第{i:03}号稿件\ndate: {day}\nunit: 安平县关工委\ntags: [标签{i:03}]\n"
            f"placements:\n  - outlet: {SHARED}\n    date: {day}\n  - outlet: 待核定媒体{i:03}\n    date: {day}\n"
            f"---\n\n第{i:03}号稿件的正文。\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    return built_copy(tmp_path_factory.mktemp("many"), "basic", lambda site: write_stories(site / "content"))


def links(html: str, css_class: str) -> int:
    return len(re.findall(rf'<a class="{css_class}"', html))


def rows(html: str, start: str) -> int:
    section = html[html.index(start):]
    body = section[section.index("<tbody>"):]
    return body[:body.index("</tbody>")].count("<tr>")


def test_the_tag_index_is_paginated(many):
    assert TAGS_PER_PAGE < STORIES
    first = (many / "site/tags/index.html").read_text(encoding="utf-8")
    second = (many / "site/tags/page/2/index.html").read_text(encoding="utf-8")

    total = int(re.search(r"共 (\d+) 个标签", first).group(1))  # the generated ones and the fixture's own
    assert total > STORIES
    assert links(first, "gw-tag") == TAGS_PER_PAGE
    assert links(second, "gw-tag") == total - TAGS_PER_PAGE
    assert 'href="page/2/"' in first
    assert not (many / "site/tags/page/3").exists()
    assert (many / "site/tags/标签299/index.html").is_file()


def test_a_tag_named_page_does_not_look_like_the_index_pages():
    assert tag_url("page").startswith("tags/page-")
    assert tag_url("pages") == "tags/pages/"


def test_the_ranking_page_shows_the_first_pending_rows_and_links_the_whole_paginated_list(many):
    pending = 2 * STORIES
    ranking = (many / "site/ranking/2024/index.html").read_text(encoding="utf-8")

    assert f"待核定媒体（{pending} 条）" in ranking
    assert rows(ranking, 'id="pending"') == PENDING_SHOWN
    assert f'<a href="pending/">查看全部 {pending} 条待核定记录</a>' in ranking
    per_page = PENDING_PER_PAGE
    listed = 0
    for number in range(1, -(-pending // per_page) + 1):
        folder = many / "site/ranking/2024/pending" / ("" if number == 1 else f"page/{number}")
        listed += rows((folder / "index.html").read_text(encoding="utf-8"), "<h1")
    assert listed == pending
    assert not (many / f"site/ranking/2024/pending/page/{number + 1}").exists()
    assert len(ranking.encode()) < 200_000
    # The current year's ranking links the same list; a quarter with more than the shown rows has its own.
    assert 'href="2024/pending/"' in (many / "site/ranking/index.html").read_text(encoding="utf-8")
    assert (many / "site/ranking/2024q1/pending/index.html").is_file()


def test_repeated_notices_are_one_line_each_and_at_most_notice_lines_kinds(many, gwsite, monkeypatch):
    monkeypatch.setattr(problems, "NOTICE_LINES", 40)
    kinds = STORIES + 1

    checked = gwsite(many, "check", "--strict")

    lines = checked.output.splitlines()
    assert checked.exit_code == 0  # notices never fail --strict
    assert len(lines) == 40 + 2
    assert lines[0] == (f"content/news/2024/many-000.md:7: placements[1].outlet: 提示：媒体“{SHARED}”尚未列入媒体名录，"
                        f"待办公室核定级别后计分（共 {STORIES} 处，这是第一处）")
    assert lines[1].endswith("提示：媒体“待核定媒体000”尚未列入媒体名录，待办公室核定级别后计分")
    assert lines[-2] == (f"提示：另有 {kinds - 40} 种提示（共 {kinds - 40} 处）未逐条列出；"
                         "待核定媒体的完整清单见网站“宣传排名”页的待核定列表")
    assert lines[-1].startswith(f"共 0 处错误，0 处警告，{2 * STORIES} 条提示")  # every notice still counted


def test_the_build_condenses_notices_the_same_way_and_passes_strict(many):
    built = run_mkdocs_build(many)

    assert built.returncode == 0, built.stderr
    notices = [line for line in built.stderr.splitlines() if "提示：" in line]
    assert len(notices) == problems.NOTICE_LINES + 1
    assert f"（共 {STORIES} 处，这是第一处）" in notices[0]
    assert f"另有 {STORIES + 1 - problems.NOTICE_LINES} 种提示" in notices[-1]
