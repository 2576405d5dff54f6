"""The pager's window of page numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwsite.views.pagination import page_window
from gwsite.views.urls import tag_url


@pytest.mark.parametrize(
    "current, pages, expected",
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, 0, 10]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, 0, 10]),  # 1 and 3 are one apart: show 2, not "…"
        (10, 10, [1, 0, 8, 9, 10]),
        (50, 97, [1, 0, 48, 49, 50, 51, 52, 0, 97]),
    ],
)
def test_window_shows_first_last_and_neighbours(current, pages, expected):
    assert page_window(current, pages) == expected


@given(st.integers(1, 5000).flatmap(lambda pages: st.tuples(st.integers(1, pages), st.just(pages))))
def test_window_is_bounded_and_ordered(case):
    current, pages = case
    window = page_window(current, pages)
    numbers = [n for n in window if n]
    assert len(window) <= 9
    assert numbers == sorted(set(numbers))
    assert {1, pages, current} <= set(numbers)
    # A gap always hides at least two pages.
    for before, gap, after in zip(window, window[1:], window[2:]):
        if gap == 0:
            assert after - before > 2


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        pytest.param("五老宣讲", "tags/五老宣讲/", id="readable"),
        pytest.param("a/b c", "tags/a-b-c-9f597a/", id="unsafe-characters-add-a-hash"),
        pytest.param("a-b", "tags/a-b/", id="ascii-as-written-is-readable"),
        pytest.param("AI", "tags/ai-560040/", id="capitals-add-a-hash"),
        pytest.param("///", "tags/c64b8480/", id="nothing-left-is-hashed"),
        pytest.param("关" * 40, "tags/" + "关" * 40 + "/", id="120-bytes-is-readable"),
        pytest.param("关" * 41, "tags/b8576b79/", id="too-long-for-a-folder-name-is-hashed"),
    ],
)
def test_tag_url(tag, expected):
    assert tag_url(tag) == expected


def test_tags_that_look_alike_in_a_url_still_get_pages_of_their_own():
    # Windows and macOS do not tell folder names apart by case: lower-cased, they must differ too.
    tags = ["a b", "a/b", "a?b", "a-b", "A-B", "A b", "a  b", "a.b", "五老 宣讲", "五老/宣讲", "五老宣讲"]
    # Tags written as another's hashed form ("AI" is ai-560040/, "///" c64b8480/).
    tags += ["AI", "ai-560040", "///", "c64b8480"]
    assert len({tag_url(tag).lower() for tag in tags}) == len(tags)
