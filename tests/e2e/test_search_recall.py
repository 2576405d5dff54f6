"""Search finds every story holding the words typed, and little else: queries drawn from the sample
portal's (and a 3,000-story synthetic portal's) own text and registry (benchmarks/search_quality.py), typed into the real search page in
Chromium with every year searched, and compared with what each story page shows a reader."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from search_quality import (  # noqa: E402
    build_site, draw_queries, registry_names, run_queries, score, serve, story_authors, story_texts, table, truth)

SEED = 26


def test_search_finds_every_story_holding_the_query_and_few_others(sample_portal, portal_origin, browser):
    built = sample_portal / "site"
    stories = story_texts(built)
    names = registry_names(sample_portal / "content" / "_data", story_authors(built))
    queries = draw_queries(stories, names, SEED, titles=15, bodies=25, multi=10, named=30)
    assert len(queries) >= 75 and {q.kind for q in queries} >= {"title", "body", "multi", "unit", "person", "place",
                                                                  "outlet"}

    report = score(run_queries(browser, portal_origin, queries), stories)

    print(table(report))
    assert report.total.pairs > 0 and report.total.shown > 0
    assert report.total.recall == 1.0, table(report)
    assert report.total.precision >= 0.95, table(report)


@pytest.fixture(scope="module")
def synthetic_portal(tmp_path_factory):
    """A synthetic portal of 3,000 stories (`benchmarks/synth.py`, 2,921 published), built once."""
    return build_site(tmp_path_factory.mktemp("quality"), 3000)


def test_on_3000_stories_every_query_finds_as_many_stories_as_hold_it(synthetic_portal, browser):
    """At 3,000 stories many queries are held by hundreds of stories, more than a reader pages through:
    the page's announced count must be the number of stories holding the query, every result read
    (up to 200 a query) must hold it, and the first page must hold it."""
    built = synthetic_portal / "site"
    stories = story_texts(built)
    names = registry_names(synthetic_portal / "content" / "_data", story_authors(built))
    queries = draw_queries(stories, names, SEED, titles=8, bodies=16, multi=6, named=20)
    assert len(stories) > 2900 and len(queries) >= 45

    with serve(built) as origin:
        outcomes = run_queries(browser, origin, queries)

    report = score(outcomes, stories)
    print(table(report))
    wrong_counts = [(o.query.text, o.announced, len(truth(o.query, stories))) for o in outcomes
                    if (o.announced or 0) != len(truth(o.query, stories))]
    assert wrong_counts == []
    assert report.total.incomplete == 0 and report.read_whole.recall == 1.0, table(report)
    assert report.total.precision >= 0.95, table(report)
