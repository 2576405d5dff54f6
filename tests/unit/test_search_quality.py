"""The pure parts of the search quality harness (benchmarks/search_quality.py): the text a reader sees,
the queries drawn from it and their truth."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from search_quality import (  # noqa: E402
    Outcome, Query, StoryText, article_text, draw_queries, normalize, per_query, registry_names, score, table, truth)

PAGE = """<html><body><nav>首页 › 新闻</nav>
<article class="gw-story__article" data-pagefind-body>
  <header class="gw-story__header">
    <h1 class="gw-story__title">安平县关工委
      举办“五老”宣讲</h1>
    <p class="gw-story__meta" data-pagefind-ignore><time>2024年3月15日</time>
      <span class="gw-story__unit"><a href="#">临河区关工委</a></span><span class="gw-story__authors">通讯员：张晓燕</span></p>
  </header>
  <div class="gw-story__body">
    <p>关心
下一代，<strong>五老</strong>宣讲团走进<a href="#">城关小学</a>。Pagefind Search</p>
    <ul><li>第一项</li><li>第二项</li></ul>
    <script>var 脚本 = 1;</script>
  </div>
  <p class="gw-story__tags">标签：<a class="gw-tag" href="#">家庭教育</a><a class="gw-tag" href="#">助学</a></p>
</article>
<nav>上一篇：东湖区关工委</nav></body></html>"""


def story(url: str, title: str, *body: str) -> StoryText:
    return StoryText(url, normalize(title), tuple(normalize(b) for b in body))


STORIES = {
    "/news/a/": story("/news/a/", "安平县关工委召开工作会议", "关心下一代工作委员会。重阳节慰问老同志。"),
    "/news/b/": story("/news/b/", "东湖区家庭教育讲座", "重要讲话精神，家庭教育 指导服务。"),
    "/news/c/": story("/news/c/", "临河区五老宣讲", "重点工作：重阳。", "家庭", "教育"),
}


@pytest.mark.parametrize("raw, expected", [
    ("关心\n下一代", "关心下一代"),  # a line break in Chinese Markdown is no break to a reader
    ("“五老”  宣讲", "“五老”宣讲"),  # nor a space beside Chinese punctuation
    ("2024年 关工委", "2024年关工委"),
    ("第 3 届", "第 3 届"),  # a space beside a digit or a letter stays (collapsed to one)
    ("Pagefind   Search", "pagefind search"),  # letters are compared case-insensitively
    ("  关工委\t", "关工委"),
], ids=["line-break", "punctuation", "year", "digit", "latin", "trim"])
def test_whitespace_is_removed_between_chinese_characters_only(raw, expected):
    assert normalize(raw) == expected


def test_article_text_is_what_a_reader_sees_of_the_story():
    text = article_text("/news/x/", PAGE)
    assert text.title == "安平县关工委举办“五老”宣讲"
    assert text.body == ("关心下一代，五老宣讲团走进城关小学。pagefind search", "第一项", "第二项")
    assert text.extra == ("标签：", "家庭教育", "助学")  # each tag apart, as the page shows them
    assert not text.contains("临河区关工委") and not text.contains("张晓燕")  # the meta line is left out
    assert not text.contains("首页") and not text.contains("上一篇") and not text.contains("脚本")
    assert not text.contains("第一项第二项") and not text.contains("教育助学")  # no match across blocks
    assert article_text("/", "<html><body><p>首页</p></body></html>") is None


@pytest.mark.parametrize("query, expected", [
    ("关工委", ["/news/a/"]),
    ("重阳", ["/news/a/", "/news/c/"]),  # 重要 and 重点 are not 重阳
    ("家庭教育", ["/news/b/"]),  # across a space between Chinese characters; not across the blocks of c
    ("关心下一代", ["/news/a/"]),
    ("重阳 慰问", ["/news/a/"]),  # every term
    ("重阳 五老", ["/news/c/"]),  # one in the title, one in the body
    ("重阳 家庭", ["/news/c/"]),
    ("重阳 东湖", []),
    ("不存在", []),
], ids=["one", "no-single-character-match", "space-and-blocks", "long", "and", "title-and-body", "and-block",
        "and-none", "none"])
def test_truth_is_the_stories_holding_every_term(query, expected):
    assert truth(Query(query, "body"), STORIES) == expected


def test_query_terms_are_split_on_whitespace_and_normalised():
    assert Query("重阳　慰问  重阳", "multi").terms == ("重阳", "慰问")  # an ideographic space separates terms too
    assert Query("PageFind", "body").terms == ("pagefind",)


def names():
    return registry_names(REPO / "content" / "_data", ["王明", "李红"])


def test_registry_names_are_every_unit_person_place_and_outlet():
    found = names()
    assert {"安平县关工委", "安平关工委", "市教育局关工委"} <= set(found["unit"])
    assert {"张晓燕", "张小燕", "王明", "李红"} <= set(found["person"])
    assert {"安平县", "安平", "柳林市", "柳林"} <= set(found["place"])
    assert "市教育局" not in found["place"] and "市教育" not in found["place"]
    assert {"中国火炬", "青州日报"} <= set(found["outlet"])
    assert "《中国火炬》" not in found["outlet"]  # only names of Chinese characters alone


def test_queries_are_the_same_for_a_seed_and_differ_for_another():
    first = draw_queries(STORIES, names(), seed=7, titles=5, bodies=5, multi=3, named=10)
    assert first == draw_queries(STORIES, names(), seed=7, titles=5, bodies=5, multi=3, named=10)
    assert first != draw_queries(STORIES, names(), seed=8, titles=5, bodies=5, multi=3, named=10)
    assert len({q.text for q in first}) == len(first)  # each query once


def test_drawn_queries_come_from_the_stories_and_every_name_is_asked():
    queries = draw_queries(STORIES, names(), seed=1, titles=10, bodies=10, multi=5)
    for query in queries:
        if query.kind in ("title", "body"):
            assert 2 <= len(query.text) <= 6 and query.source in truth(query, STORIES)
        if query.kind == "title":
            assert query.text in STORIES[query.source].title
        if query.kind == "multi":
            assert len(query.terms) == 2 and all(2 <= len(t) <= 4 for t in query.terms)
            assert query.source in truth(query, STORIES)  # both terms from one story
    asked = {q.text for q in queries}
    assert all(name in asked for found in names().values() for name in found)
    assert {q.kind for q in queries} == {"title", "body", "multi", "unit", "person", "place", "outlet"}


def test_recall_counts_stories_missed_and_precision_the_first_page():
    heavy = Query("重阳", "body")  # truth: a and c
    none = Query("东湖 重阳", "multi")  # truth: nothing
    outcomes = [
        Outcome(heavy, first_page=["/news/a/", "/news/b/"], results=["/news/a/", "/news/b/"], announced=2, seconds=0),
        Outcome(none, first_page=["/news/b/"], results=["/news/b/"], announced=1, seconds=0),
    ]
    report = score(outcomes, STORIES)
    assert (report.total.pairs, report.total.found, report.total.incomplete) == (2, 1, 1)
    assert report.total.recall == 0.5
    assert (report.total.shown, report.total.right, report.total.imprecise) == (3, 1, 2)
    assert report.total.precision == pytest.approx(1 / 3)
    assert [m["missed"] for m in report.misses] == [["/news/c/"]]
    assert [h["wrong"] for h in report.false_hits] == [["/news/b/"], ["/news/b/"]]


def test_a_search_that_shows_exactly_the_truth_scores_full_marks():
    """What the browser test asks of a fixed search is reachable: recall 1 and precision 1."""
    queries = draw_queries(STORIES, names(), seed=3, titles=6, bodies=6, multi=3, named=8)
    outcomes = [Outcome(q, truth(q, STORIES)[:5], truth(q, STORIES), len(truth(q, STORIES)), 0) for q in queries]
    report = score(outcomes, STORIES)
    assert report.total.pairs > 0 and report.total.shown > 0
    assert (report.total.recall, report.total.precision, report.misses, report.false_hits) == (1.0, 1.0, [], [])


def test_results_left_unread_bound_recall_from_both_sides():
    """A query with more results than were read: the stories missed among those read may be among the
    rest, so recall is given as a range; a story is surely missed only when the rest cannot hold it."""
    heavy = Query("重阳", "body")  # truth: a and c
    read_one = Outcome(heavy, ["/news/a/"], ["/news/a/"], announced=2, seconds=0, complete=False)
    assert read_one.unread == 1
    report = score([read_one], STORIES)
    total = report.total
    assert (total.found, total.found_at_most, total.incomplete, total.unread) == (1, 2, 0, 1)
    assert (report.total.recall, report.total.recall_at_most) == (0.5, 1.0)

    # Both stories missed among those read, and one result unread: at least one is surely missed.
    too_few = Outcome(heavy, ["/news/b/"], ["/news/b/"], announced=2, seconds=0, complete=False)
    report = score([too_few], STORIES)
    assert (report.total.found, report.total.found_at_most, report.total.incomplete) == (0, 1, 1)
    assert "召回率给出上下限" in table(report) and "| 0.0%–50.0% |" in table(report)

    # The queries read whole are also scored alone, where recall is exact.
    report = score([too_few, Outcome(Query("关工委", "title"), ["/news/a/"], ["/news/a/"], 1, 0)], STORIES)
    assert (report.read_whole.queries, report.read_whole.pairs, report.read_whole.found) == (1, 1, 1)
    assert "| 其中结果全部读完的查询 | 1 | 1 | 1 | 100.0% |" in table(report)


def test_each_query_has_its_own_numbers_for_comparing_runs():
    outcome = Outcome(Query("重阳", "body", "/news/a/"), ["/news/a/", "/news/b/"], ["/news/a/", "/news/b/"], 2, 0.5)
    assert per_query(outcome, STORIES) == {
        "text": "重阳", "kind": "body", "source": "/news/a/", "truth": 2, "found": 1, "read": 2, "announced": 2,
        "complete": True, "first_page": 2, "first_page_right": 1, "seconds": 0.5}
