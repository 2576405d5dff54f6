"""Long lists split into pages: how many rows a page holds, the pager's page links, and the
generated pages `base`, `base/page/2/`, … of a listing, the tag index or a pending list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .generated import GeneratedPage
from .urls import page_url

PER_PAGE = 20
TAGS_PER_PAGE = 200  # tags on each page of the tag index
PENDING_SHOWN = 20  # pending placements shown on a ranking page; the rest on its pending list
PENDING_PER_PAGE = 100  # rows on each page of a period's pending list


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None for the "…" standing in for skipped pages
    current: bool


def page_window(current: int, pages: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: first, last and `around` either side of the current
    one, with 0 where a run of pages is skipped, so the pager's size does not grow with the site."""
    shown = {1, pages} | set(range(max(1, current - around), min(pages, current + around) + 1))
    window: list[int] = []
    for n in sorted(shown):
        if window and n - window[-1] == 2:
            window.append(n - 1)  # a gap of one page: show the page rather than "…"
        elif window and n - window[-1] > 2:
            window.append(0)
        window.append(n)
    return window


def pager(base: str, number: int, pages: int) -> dict[str, Any]:
    """Page `number` of `pages` at `base`, `base/page/2/`, …: its page links, previous and next."""
    return {
        "page": number,
        "pages": pages,
        "page_links": tuple(PageLink(str(n), page_url(base, n), n == number) if n else PageLink("…", None, False)
                            for n in page_window(number, pages)),
        "previous": page_url(base, number - 1) if number > 1 else None,
        "next": page_url(base, number + 1) if number < pages else None,
    }


def chunks(items: list[Any], per_page: int) -> list[list[Any]]:
    """`items` in pages of `per_page`; one empty page when there are none."""
    return [items[start : start + per_page] for start in range(0, len(items), per_page)] or [[]]


def paged(base: str, heading: str, parts: list[list[Any]], template: str,
          view: Callable[[list[Any], dict[str, Any]], Any], updated: dt.date | None,
          in_nav: bool = False) -> list[GeneratedPage]:
    """One page for each of `parts` at `base`, `base/page/2/`, …, titled `heading` and, after the
    first, its number; `view(part, pager)` is a page's template data. `in_nav`: the first page
    is in the navigation.

    Every page carries the same `updated`: all of them shift when an item joins the list."""
    result = []
    for number, part in enumerate(parts, 1):
        title = heading if number == 1 else f"{heading}（第 {number} 页）"
        data = view(part, pager(base, number, len(parts)))
        result.append(GeneratedPage(f"{page_url(base, number)}index.md", title, template, data,
                                    in_nav=in_nav and number == 1, updated=updated))
    return result
