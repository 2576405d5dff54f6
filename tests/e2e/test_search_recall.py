"""Search finds every story holding the words typed, and little else: queries drawn from the sample
portal's own text and registry (benchmarks/search_quality.py), typed into the real search page in
Chromium with every year searched, and compared with what each story page shows a reader."""

from __future__ import annotations

import sys


from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from search_quality import (  # noqa: E402
    draw_queries, registry_names, run_queries, score, story_authors, story_texts, table)

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
