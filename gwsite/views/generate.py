"""Every page that exists only in memory, put together: the ranking pages with their JSON and CSV,
the unit pages, the news listings; and the data of the home page and of each story's neighbours."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from ..content.story import SiteOptions, Story, published
from ..content.registry import Registry
from ..ranking import correspondent_exports, exports, issued_changes
from ..ranking.correspondents import CorrespondentTally, tally_as_issued
from ..ranking.issued import Issued, IssuedPeriod
from ..ranking.tally import Period, Ranking, ScoredPlacement, default_year, periods_with_data, score_placements, tally
from .generated import RANKING_TEMPLATE, UNIT_TEMPLATE, UNITS_TEMPLATE, DataFile, GeneratedPage
from .correspondents import correspondent_pages
from .listings import HomeView, home_view, news_pages
from .pagination import PER_PAGE
from .issued import with_issued
from .ranking import RankingView, TopFive, monthly_points, pending_pages, ranking_view, top_five
from .story import neighbours, story_updated
from .topics import Topic, topic_pages
from .units import unit_view, units_index
from .urls import RANKING, UNITS, correspondents_url, placements_data_url, ranking_data_url, ranking_url, unit_url


@dataclass
class GeneratedSite:
    """What `generate` made: the in-memory pages and data files, and what story pages and the home
    page take from the whole site."""

    pages: list[GeneratedPage]
    files: list[DataFile]
    top: TopFive
    home: HomeView
    neighbours: dict[str, tuple[Story | None, Story | None]]
    rankings: Rankings | None = dataclasses.field(default=None, repr=False, compare=False)  # see `generate`


class RankedDates:
    """The newest date each period's ranking shows: of its placements and of the stories it counts."""

    def __init__(self, scored: list[ScoredPlacement], stories: list[Story], year_start_month: int) -> None:
        self.dated = (sorted(item.date for item in scored), sorted(s.date.date() for s in stories))
        self.year_start_month = year_start_month

    def __call__(self, period: Period) -> dt.date | None:
        start, end = period.bounds(self.year_start_month)
        newest = []
        for dates in self.dated:
            after = bisect.bisect_left(dates, end)
            if after and dates[after - 1] >= start:
                newest.append(dates[after - 1])
        return max(newest, default=None)


@dataclass
class Rankings:
    """What `generate` makes from the stories' placements, units, authors and titles (never their
    summaries): the ranking pages with their data files, the unit pages and the home page's top five."""

    pages: list[GeneratedPage]
    files: list[DataFile]
    top: TopFive


def without_summaries(stories: list[Story]) -> str:
    """What of the stories `rankings` reads, as text: equal text, equal rankings (a summary, which
    an edit to a story's first paragraph changes, is shown on listings only)."""
    return repr([dataclasses.replace(story, summary="") if story.summary else story for story in stories])


def generate(site_stories: list[Story], registry: Registry, options: SiteOptions, today: dt.date,
             per_page: int = PER_PAGE, issued_records: Mapping[Period, Issued] | None = None,
             notices: str | None = None, topics: tuple[Topic, ...] = (), ranked: Rankings | None = None) -> GeneratedSite:
    """Every page that exists only in memory: news listings, ranking pages with their JSON and CSV,
    unit pages; and the data of the home page and of each story's neighbours. An issued period's
    ranking page and data show it as issued (see `ranking.issued`). `notices`: the category the
    home page shows as 通知公告 (see `notices_category`); `topics`: the 专题专栏, each with its pages.
    `ranked`: `rankings` of these stories made before, if any."""
    # Newest first; equal dates by path, so the order never depends on the disk.
    stories = published(site_stories)
    if ranked is None:
        ranked = rankings(stories, registry, options, today, issued_records)
    pages = list(ranked.pages)
    pages += news_pages(stories, registry, options, per_page)
    pages += topic_pages(stories, registry, options, topics, per_page)
    home = home_view(stories, registry, options, notices, topics)
    return GeneratedSite(pages, list(ranked.files), ranked.top, home, neighbours(stories), ranked)


def rankings(stories: list[Story], registry: Registry, options: SiteOptions, today: dt.date,
             issued_records: Mapping[Period, Issued] | None = None) -> Rankings:
    """The ranking pages, their data and the unit pages of the published `stories` (newest first)."""
    scored = score_placements(stories, registry)
    current = Period(default_year(stories, registry, today))
    periods = periods_with_data(stories, registry)
    years = sorted({p for p in periods if p.kind == "year"} | {current}, reverse=True)
    quarters = [p for p in periods if p.kind == "quarter"]
    rankings = {period: tally(stories, registry, period, scored=scored) for period in [*years, *quarters]}
    start_month = registry.scoring.year_start_month
    ranked = RankedDates(scored, stories, start_month)
    by_month = monthly_points(scored)

    states = issued_changes.apply(dict(issued_records or {}), stories, registry, scored, live=rankings)
    through = year_to_date(current, ranked, today, start_month)
    by_author = correspondent_tallies(stories, registry, rankings, scored, states)
    pages, files = ranking_pages(rankings, registry, years, quarters, by_month, ranked, states, {current: through},
                                 by_author)
    current_view = issued_ranking_view(rankings[current], registry, years, quarters, by_month, states, through,
                                       ranked(current))
    current_view = dataclasses.replace(current_view, correspondents_url=correspondents_url(current))
    pages.append(GeneratedPage(f"{RANKING.url}index.md", RANKING.title, RANKING_TEMPLATE, current_view, in_nav=True,
                               updated=ranked(current)))
    pages += unit_pages(stories, rankings, years, current, registry, options)
    return Rankings(pages, files, top_five(rankings[current], start_month))


def correspondent_tallies(stories: list[Story], registry: Registry, rankings: dict[Period, Ranking],
                          scored: list[ScoredPlacement],
                          states: Mapping[Period, IssuedPeriod] | None) -> dict[Period, CorrespondentTally]:
    """Each ranked period's per-correspondent tally; an issued period's credits only its issued
    placements (see `tally_as_issued`)."""
    result = {}
    for period in rankings:
        state = (states or {}).get(period)
        result[period] = tally_as_issued(stories, registry, period, None if state is None else state.record, scored=scored)
    return result


def year_to_date(year: Period, ranked: RankedDates, today: dt.date, year_start_month: int) -> dt.date | None:
    """The newest date with content (a placement or a story) of a statistical year still running on
    `today`, whose ranking is the year's total so far; None for a finished year or one without content."""
    if today >= year.bounds(year_start_month)[1]:
        return None
    return ranked(year)


def ranking_pages(rankings: dict[Period, Ranking], registry: Registry, years: list[Period], quarters: list[Period],
                  by_month: dict[tuple[int, int], Fraction], ranked: RankedDates,
                  states: Mapping[Period, IssuedPeriod] | None = None,
                  running: dict[Period, dt.date | None] | None = None,
                  by_author: dict[Period, CorrespondentTally] | None = None,
                  ) -> tuple[list[GeneratedPage], list[DataFile]]:
    """Each period's ranking page, its pending list, and its JSON and CSV; an issued period's as
    issued. `running`: the year still running, with the newest date its page counts to. `by_author`:
    the periods' per-correspondent tallies, in their ranking.json, and a 通讯员 page beside each year's."""
    pages: list[GeneratedPage] = []
    files: list[DataFile] = []
    start_month = registry.scoring.year_start_month
    for period, ranking in rankings.items():
        view = issued_ranking_view(ranking, registry, years, quarters, by_month, states, (running or {}).get(period),
                                   ranked(period))
        state = (states or {}).get(period)
        people = (by_author or {}).get(period)
        yearly = people is not None and period.kind == "year"
        if yearly:
            view = dataclasses.replace(view, correspondents_url=correspondents_url(period))
        pages.append(GeneratedPage(f"{ranking_url(period)}index.md", view.title, RANKING_TEMPLATE, view,
                                   updated=ranked(period)))
        if yearly:
            cutoff = None if state is None else str(state.record.cutoff)
            pages += correspondent_pages(people, registry, period.label(start_month), cutoff, ranked(period))
        shown = ranking if state is None else state.ranking
        keys = None if people is None else correspondent_exports.correspondents_json(people, registry.scoring)
        files.append(DataFile(ranking_data_url(period, "json"), exports.to_json(shown, state, keys)))
        files.append(DataFile(ranking_data_url(period, "csv"), exports.to_csv(shown)))
        # The placements the content gives now (an issued period's, as issued, are in its issued file).
        files.append(DataFile(placements_data_url(period, "json"), exports.placements_to_json(ranking)))
        files.append(DataFile(placements_data_url(period, "csv"), exports.placements_to_csv(ranking)))
        pages += pending_pages(ranking, registry, ranked(period))
    return pages, files


def issued_ranking_view(ranking: Ranking, registry: Registry, years: list[Period], quarters: list[Period],
                        by_month: dict[tuple[int, int], Fraction],
                        states: Mapping[Period, IssuedPeriod] | None,
                        through: dt.date | None = None, newest: dt.date | None = None) -> RankingView:
    """A period's ranking view; an issued period's shows the issued rows, marked 已通报. `through`
    and `newest`: see `ranking_view`."""
    state = (states or {}).get(ranking.period)
    shown = ranking if state is None else state.ranking
    return with_issued(ranking_view(shown, registry, years, quarters, by_month, through, newest), state)


def unit_pages(stories: list[Story], rankings: dict[Period, Ranking], years: list[Period], current: Period,
               registry: Registry, options: SiteOptions) -> list[GeneratedPage]:
    """The index of units (with the current year's points), then each unit's page."""
    index = (current.label(registry.scoring.year_start_month), units_index(rankings[current], stories, registry))
    pages = [GeneratedPage(f"{UNITS.url}index.md", UNITS.title, UNITS_TEMPLATE, index, in_nav=True,
                           updated=max((story_updated(s) for s in stories), default=None))]
    for unit in registry.units:
        view = unit_view(unit, stories, rankings, years, registry, options)
        own = max((story_updated(s) for s in stories if unit.id in s.units), default=None)
        pages.append(GeneratedPage(f"{unit_url(unit.id)}index.md", unit.name, UNIT_TEMPLATE, view, updated=own))
    return pages
