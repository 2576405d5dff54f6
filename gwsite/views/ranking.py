"""What the ranking pages show: each period's tables and charts, the periods to move between, the
scoring rules in words, the pending list (on the page and paginated on its own), and the home
page's top five."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..content.registry import Registry
from ..ranking import exports
from ..ranking.labels import PENDING, cumulative_levels, percent, points_text, ranking_title
from ..ranking.rules import scoring_rules, short  # noqa: F401  (short: the units' pages use it from here)
from ..ranking.tally import (
    QUARTER_NAMES,
    GroupRanking,
    Period,
    Ranking,
    ScoredPlacement,
    UnitScore,
    round_half_up,
)
from . import charts
from .generated import PENDING_TEMPLATE, GeneratedPage
from .pagination import PENDING_PER_PAGE, PENDING_SHOWN, PageLink, chunks, paged
from .urls import HOME, RANKING, Link, pending_url, placements_data_url, ranking_data_url, ranking_url, unit_url


@dataclass(frozen=True)
class RankRow:
    rank: int
    unit: str
    url: str
    counts: tuple[int, ...]
    cumulative: tuple[int, ...]
    total: int
    points: str
    target: str
    completion: str
    bar: float  # completion as a bar width in percent, capped at 100
    site_stories: int
    pending: int


@dataclass(frozen=True)
class RankGroup:
    id: str
    name: str
    rows: tuple[RankRow, ...]
    chart: str


@dataclass(frozen=True)
class PendingRow:
    outlet: str
    level: str
    date: str
    story: str
    story_url: str
    units: str


@dataclass(frozen=True)
class PeriodLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class RankingView:
    title: str
    period: str
    label: str
    json_url: str
    csv_url: str
    levels: tuple[str, ...]
    cumulative: tuple[str, ...]
    groups: tuple[RankGroup, ...]
    month_chart: str
    years: tuple[tuple[PeriodLink, tuple[PeriodLink, ...]], ...]
    rules: tuple[str, ...]
    pending: tuple[PendingRow, ...]  # the first PENDING_SHOWN
    pending_total: int = 0
    pending_url: str | None = None  # the whole list, when it is longer than the rows shown
    issued: Any = None  # an issued period's `issued.IssuedView`
    placements_urls: tuple[str, str] = ()  # placements.json and .csv, beside the ranking's
    correspondents_url: str | None = None  # a year's 通讯员 page
    cutoff: str = ""  # 统计截至 on the printed page: an issued period's cutoff, else its newest date with content


@dataclass(frozen=True)
class PendingListView:
    """A period's pending placements, a page at a time."""

    heading: str
    crumbs: tuple[Link, ...]
    ranking_url: str
    rows: tuple[PendingRow, ...]
    total: int
    page: int
    pages: int
    page_links: tuple[PageLink, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class TopUnit:
    rank: int
    name: str
    url: str
    points: str
    completion: str


@dataclass(frozen=True)
class TopGroup:
    name: str
    units: tuple[TopUnit, ...]


@dataclass(frozen=True)
class TopFive:
    period: str
    url: str
    groups: tuple[TopGroup, ...]


def or_dash(value: Any, show: Any = str) -> str:
    """A target or completion as shown in a table: a dash where there is none."""
    return "—" if value is None else show(value)


def target_and_completion(score: UnitScore) -> tuple[str, str]:
    """A unit's target and completion as its pages show them: as in the download, a dash where
    the unit has no target."""
    data = exports.unit_json(score)
    return or_dash(data["target"]), or_dash(data["completion"], percent)


def completion_bar(score: UnitScore) -> float:
    """The completion as a bar's width in percent, capped at 100."""
    return min(100.0, (exports.unit_json(score)["completion"] or 0) * 100)


def rules_text(registry: Registry) -> tuple[str, ...]:
    return scoring_rules(registry.scoring)


def year_months(year: Period, year_start_month: int) -> list[Period]:
    """The twelve months of a statistical year, in order (from August to July with start month 8)."""
    start, _ = year.bounds(year_start_month)
    months = []
    for offset in range(12):
        index = start.month - 1 + offset
        months.append(Period(start.year + index // 12, "month", index % 12 + 1))
    return months


def monthly_points(scored: list[ScoredPlacement]) -> dict[tuple[int, int], Fraction]:
    """Points earned in each (year, month), over every unit: the year ranking's column chart."""
    by_month: dict[tuple[int, int], Fraction] = {}
    for item in scored:
        month_key = (item.date.year, item.date.month)
        by_month[month_key] = by_month.get(month_key, Fraction(0)) + item.points
    return by_month


def rank_row(score: UnitScore, cumulative: list[tuple[str, str]]) -> RankRow:
    target, completion = target_and_completion(score)
    return RankRow(
        rank=score.rank,
        unit=score.unit.name,
        url=unit_url(score.unit.id),
        counts=tuple(score.placements.values()),
        cumulative=tuple(score.at_or_above(key) for key, _ in cumulative),
        total=score.placements_total,
        points=points_text(score.points),
        target=target,
        completion=completion,
        bar=completion_bar(score),
        site_stories=score.site_stories,
        pending=score.pending,
    )


def rank_group(group: GroupRanking, cumulative: list[tuple[str, str]]) -> RankGroup:
    rows = tuple(rank_row(score, cumulative) for score in group.units)
    chart = charts.bar_chart(
        [(score.unit.name, round_half_up(score.points, 1)) for score in group.units],
        f"{group.group.name}得分",
    )
    return RankGroup(group.group.id, group.group.name, rows, chart)


def month_chart(year: Period, by_month: dict[tuple[int, int], Fraction], year_start_month: int) -> str:
    """A statistical year's points month by month, a bar for each month."""
    months = [(f"{month.number}月", round_half_up(by_month.get((month.year, month.number), Fraction(0)), 1))
              for month in year_months(year, year_start_month)]
    return charts.bar_chart(months, f"{year.label(year_start_month)}各月得分")


def period_links(shown: Period, years: list[Period], quarters: list[Period],
                 year_start_month: int) -> tuple[tuple[PeriodLink, tuple[PeriodLink, ...]], ...]:
    """Each year with its quarters, the one shown marked current."""
    links = []
    for year in years:
        link = PeriodLink(year.label(year_start_month), ranking_url(year), year == shown)
        year_quarters = tuple(
            PeriodLink(QUARTER_NAMES[q.number], ranking_url(q), q == shown)
            for q in quarters
            if q.year == year.year
        )
        links.append((link, year_quarters))
    return tuple(links)


def ranking_view(ranking: Ranking, registry: Registry, years: list[Period], quarters: list[Period],
                 by_month: dict[tuple[int, int], Fraction], through: dt.date | None = None,
                 newest: dt.date | None = None) -> RankingView:
    """`through`: for the year still running, the newest date with content: the page is then titled
    as the year's total so far (2025年度（1—9月累计）). `newest`: the period's newest date with
    content, which the printed page gives as 统计截至."""
    start_month = registry.scoring.year_start_month
    period = ranking.period
    cumulative = cumulative_levels(ranking.scoring)
    pending = pending_rows(ranking, registry, PENDING_SHOWN)
    label = period.label(start_month) if through is None else period.year_to_date_label(through, start_month)
    return RankingView(
        title=ranking_title(label),
        period=str(period),
        label=label,
        json_url=ranking_data_url(period, "json"),
        csv_url=ranking_data_url(period, "csv"),
        levels=tuple(level.name for level in registry.scoring.levels),
        cumulative=tuple(heading for _, heading in cumulative),
        groups=tuple(rank_group(group, cumulative) for group in ranking.groups),
        month_chart=month_chart(period, by_month, start_month) if period.kind == "year" else "",
        years=period_links(period, years, quarters, start_month),
        rules=rules_text(registry),
        pending=pending,
        pending_total=len(ranking.pending),
        pending_url=pending_url(period) if len(ranking.pending) > len(pending) else None,
        placements_urls=(placements_data_url(period, "json"), placements_data_url(period, "csv")),
        cutoff=str(newest) if newest else "",
    )


def pending_rows(ranking: Ranking, registry: Registry, limit: int | None = None) -> tuple[PendingRow, ...]:
    """The first `limit` (or all) placements of the period in outlets not yet listed. The level is
    the one the story's author gave, for the office to confirm."""
    return tuple(
        PendingRow(
            outlet=item.placement.outlet,
            level=registry.scoring.level(item.placement.level).name if item.placement.level else "未填",
            date=str(item.date),
            story=item.story.title,
            story_url=item.story.url,
            units="、".join(registry.unit(u).name for u in item.units),
        )
        for item in ranking.pending[:limit]
    )


def pending_pages(ranking: Ranking, registry: Registry, updated: dt.date | None) -> list[GeneratedPage]:
    """`ranking/<period>/pending/`, `…/pending/page/2/`, …: the whole pending list of a period
    whose ranking page shows only its first rows."""
    if len(ranking.pending) <= PENDING_SHOWN:
        return []
    label = ranking.period.label(registry.scoring.year_start_month)
    heading, ranking_page = f"{label}{PENDING}媒体", ranking_url(ranking.period)
    crumbs = (HOME, RANKING, Link(label, ranking_page))

    def view(rows: list[PendingRow], pages: dict[str, Any]) -> PendingListView:
        return PendingListView(heading, crumbs, ranking_page, tuple(rows), len(ranking.pending), **pages)

    parts = chunks(list(pending_rows(ranking, registry)), PENDING_PER_PAGE)
    return paged(pending_url(ranking.period), heading, parts, PENDING_TEMPLATE, view, updated)


def top_five(ranking: Ranking, year_start_month: int) -> TopFive:
    """The first five units of each group in a year's ranking: the home page's block."""
    return TopFive(
        period=ranking.period.label(year_start_month),
        url=ranking_url(ranking.period),
        groups=tuple(
            TopGroup(
                group.group.name,
                tuple(
                    TopUnit(s.rank, s.unit.name, unit_url(s.unit.id), points_text(s.points),
                            target_and_completion(s)[1])
                    for s in group.units[:5]
                ),
            )
            for group in ranking.groups
        ),
    )
