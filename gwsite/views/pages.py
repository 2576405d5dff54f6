"""What the templates show: stories and placements turned into plain template data."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import charts
from ..ranking import exports
from ..content.story import SiteOptions, Story
from ..content.registry import Registry, Unit
from ..ranking.tally import (
    QUARTER_NAMES,
    Period,
    Ranking,
    ScoredPlacement,
    default_year,
    exact,
    periods_with_data,
    round_half_up,
    score_placements,
    tally,
)


@dataclass(frozen=True)
class PlacementView:
    outlet: str
    listed: bool
    level: str  # the level's Chinese name, or 待核定
    date: str
    type: str
    url: str | None
    section: str | None
    proof: str | None = None  # docs-relative path of the page scan or screenshot


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class StoryView:
    """A story as its page shows it. Strings are raw: the templates escape them."""

    title: str
    date_iso: str
    date_text: str  # 2024年3月15日
    unit: Link
    co_units: tuple[Link, ...]
    authors: tuple[str, ...]
    category: Link
    tags: tuple[Link, ...]
    summary: str
    cover: str | None  # docs-relative path of the image
    placements: tuple[PlacementView, ...]
    older: Link | None = None  # 上一篇: the previous story of the same category
    newer: Link | None = None  # 下一篇


def story_updated(story: Story) -> dt.date:
    """The last day a story's page changed, as far as the content tells: its date, or its newest
    placement's (the sitemap's `lastmod`, never the clock, so that two builds give the same bytes)."""
    return max([story.date.date(), *(p.date for p in story.placements)])


def newest_date(stories: list[Story]) -> dt.date | None:
    """The newest of the stories' own dates: when a list of them last changed."""
    return max((story.date.date() for story in stories), default=None)


def chinese_date(story: Story) -> str:
    date = story.date
    return f"{date.year}年{date.month}月{date.day}日"


def story_view(story: Story, registry: Registry, options: SiteOptions,
               neighbours: tuple[Story | None, Story | None] = (None, None)) -> StoryView:
    scoring = registry.scoring
    category = next(cat for cat in options.categories if cat.id == story.category)
    placements = tuple(
        PlacementView(
            outlet=p.outlet,
            listed=p.listed,
            level=scoring.level(p.level).name if p.listed and p.level else "待核定",
            date=f"{p.date.year}年{p.date.month}月{p.date.day}日",
            type=scoring.type(p.type).name,
            url=p.url,
            section=p.section,
            proof=p.proof,
        )
        for p in sorted(story.placements, key=lambda p: (p.date, p.outlet))
    )
    older, newer = neighbours
    return StoryView(
        title=story.title,
        date_iso=story.date.isoformat(),
        date_text=chinese_date(story),
        unit=Link(registry.unit(story.unit).name, unit_url(story.unit)),
        co_units=tuple(Link(registry.unit(u).name, unit_url(u)) for u in story.co_units),
        authors=story.authors,
        category=Link(category.name, f"news/{category.id}/"),
        tags=tuple(Link(tag, tag_url(tag)) for tag in story.tags),
        summary=story.summary,
        cover=story.cover,
        placements=placements,
        older=Link(older.title, older.url) if older else None,
        newer=Link(newer.title, newer.url) if newer else None,
    )


MAX_TAG_SLUG_BYTES = 120


def tag_url(tag: str) -> str:
    """A tag's page: its name where URLs allow it (readable when shared), else a hash.

    Two tags never share a page: a name changed on the way to a URL (spaces, slashes, capitals,
    which Windows and macOS do not tell apart) also carries a hash of itself, so "a b", "a/b"
    and "A-B" get three pages."""
    digest = hashlib.sha1(tag.encode("utf-8")).hexdigest()
    slug = re.sub(r"[\s/\\?#%&.:;\"'<>|*]+", "-", tag).strip("-").lower()
    # A folder name has at most 255 bytes: a tag pasted from a whole paragraph gets a hash.
    if not slug or len(slug.encode("utf-8")) > MAX_TAG_SLUG_BYTES:
        return f"tags/{digest[:8]}/"
    # "page" would look like the tag index's own pages (`tags/page/2/`).
    return f"tags/{slug}/" if slug == tag and slug != "page" else f"tags/{slug}-{digest[:6]}/"


# -- Listings: news, categories, archives, tags, home ---------------------------------------

PER_PAGE = 20
TAGS_PER_PAGE = 200  # tags on each page of the tag index
PENDING_SHOWN = 20  # pending placements shown on a ranking page; the rest on its pending list
PENDING_PER_PAGE = 100  # rows on each page of a period's pending list


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: everything a reader needs to choose it."""

    title: str
    url: str
    date_iso: str
    date_text: str
    unit: Link
    category: Link
    summary: str
    cover: str | None
    pinned: bool


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None for the "…" standing in for skipped pages
    current: bool


@dataclass(frozen=True)
class ListingView:
    heading: str
    crumbs: tuple[Link, ...]
    cards: tuple[StoryCard, ...]
    page: int
    pages: int
    total: int
    page_links: tuple[PageLink, ...]
    previous: str | None
    next: str | None
    sections: tuple[Link, ...] = ()  # links shown above the list: categories, years, months


@dataclass(frozen=True)
class TagIndexView:
    tags: tuple[tuple[Link, int], ...]
    page: int = 1
    pages: int = 1
    total: int = 0  # tags on every page
    page_links: tuple[PageLink, ...] = ()
    previous: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class HomeView:
    pinned: tuple[StoryCard, ...]
    latest: tuple[StoryCard, ...]
    categories: tuple[tuple[Link, tuple[StoryCard, ...]], ...]
    links: tuple[Link, ...]


def story_card(story: Story, registry: Registry, categories: dict[str, str]) -> StoryCard:
    return StoryCard(
        title=story.title,
        url=story.url,
        date_iso=story.date.isoformat(),
        date_text=chinese_date(story),
        unit=Link(registry.unit(story.unit).name, unit_url(story.unit)),
        category=Link(categories[story.category], f"news/{story.category}/"),
        summary=story.summary,
        cover=story.cover,
        pinned=story.pinned,
    )


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


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


def paginate(cards: list[StoryCard], base: str, heading: str, crumbs: tuple[Link, ...],
             sections: tuple[Link, ...] = (), per_page: int = PER_PAGE,
             updated: dt.date | None = None) -> list[GeneratedPage]:
    """`base`, `base/page/2/`, …: `per_page` stories each, with page links on every page."""
    parts = chunks(cards, per_page)
    result = []
    for number, chunk in enumerate(parts, 1):
        view = ListingView(heading=heading, crumbs=crumbs, cards=tuple(chunk), total=len(cards), sections=sections,
                           **pager(base, number, len(parts)))
        title = heading if number == 1 else f"{heading}（第 {number} 页）"
        # Every page of a listing shifts when a story joins it: all carry the newest story's date.
        result.append(GeneratedPage(f"{page_url(base, number)}index.md", title, LISTING_TEMPLATE, view,
                                    in_nav=(base == "news/" and number == 1), updated=updated))
    return result


def news_pages(stories: list[Story], registry: Registry, options: SiteOptions, per_page: int) -> list[GeneratedPage]:
    """All news, each category, each year and month, each tag; stories newest first."""
    categories = options.category_names
    cards = {story.src: story_card(story, registry, categories) for story in stories}
    home, news = Link("首页", ""), Link("新闻动态", "news/")
    category_links = tuple(Link(cat.name, f"news/{cat.id}/") for cat in options.categories)
    years = sorted({f"{story.date:%Y}" for story in stories}, reverse=True)
    year_links = tuple(Link(f"{year}年", f"news/{year}/") for year in years)

    pages = paginate([cards[s.src] for s in stories], "news/", "新闻动态", (home,), category_links + year_links,
                     per_page, newest_date(stories))
    for cat in options.categories:
        in_category = [s for s in stories if s.category == cat.id]
        pages += paginate([cards[s.src] for s in in_category], f"news/{cat.id}/", cat.name, (home, news),
                          category_links, per_page, newest_date(in_category))
    for year in years:
        in_year = [s for s in stories if f"{s.date:%Y}" == year]
        months = sorted({f"{s.date:%m}" for s in in_year})
        month_links = tuple(Link(f"{int(m)}月", f"news/{year}/{m}/") for m in months)
        pages += paginate([cards[s.src] for s in in_year], f"news/{year}/", f"{year}年新闻", (home, news),
                          month_links, per_page, newest_date(in_year))
        for month in months:
            in_month = [s for s in in_year if f"{s.date:%m}" == month]
            pages += paginate([cards[s.src] for s in in_month], f"news/{year}/{month}/", f"{year}年{int(month)}月新闻",
                              (home, news, Link(f"{year}年", f"news/{year}/")), month_links, per_page,
                              newest_date(in_month))

    tags: dict[str, list[Story]] = {}
    for story in stories:
        for tag in story.tags:
            tags.setdefault(tag, []).append(story)
    ordered = sorted(tags.items(), key=lambda item: (-len(item[1]), item[0]))
    tagged = newest_date([s for s in stories if s.tags])
    index = chunks([(Link(tag, tag_url(tag)), len(members)) for tag, members in ordered], TAGS_PER_PAGE)
    for number, part in enumerate(index, 1):
        view = TagIndexView(tuple(part), total=len(ordered), **pager("tags/", number, len(index)))
        title = "标签" if number == 1 else f"标签（第 {number} 页）"
        pages.append(GeneratedPage(f"{page_url('tags/', number)}index.md", title, TAGS_TEMPLATE, view, updated=tagged))
    for tag, members in ordered:
        pages += paginate([cards[s.src] for s in members], tag_url(tag), f"标签：{tag}",
                          (home, Link("标签", "tags/")), (), per_page, newest_date(members))
    return pages


def home_view(stories: list[Story], registry: Registry, options: SiteOptions) -> HomeView:
    categories = options.category_names
    pinned = [s for s in stories if s.pinned][:4]
    latest = [s for s in stories if not s.pinned][:8]
    blocks = tuple(
        (Link(cat.name, f"news/{cat.id}/"),
         tuple(story_card(s, registry, categories) for s in [s for s in stories if s.category == cat.id][:5]))
        for cat in options.categories
    )
    return HomeView(
        pinned=tuple(story_card(s, registry, categories) for s in pinned),
        latest=tuple(story_card(s, registry, categories) for s in latest),
        categories=blocks,
        links=(Link("新闻动态", "news/"), Link("宣传排名", "ranking/"), Link("各单位", "units/"), Link("标签", "tags/")),
    )


def neighbours(stories: list[Story]) -> dict[str, tuple[Story | None, Story | None]]:
    """Each story's older and newer story in the same category."""
    result: dict[str, tuple[Story | None, Story | None]] = {}
    by_category: dict[str, list[Story]] = {}
    for story in stories:  # newest first
        by_category.setdefault(story.category, []).append(story)
    for members in by_category.values():
        for index, story in enumerate(members):
            older = members[index + 1] if index + 1 < len(members) else None
            newer = members[index - 1] if index > 0 else None
            result[story.src] = (older, newer)
    return result


# -- Generated pages: ranking, units -------------------------------------------------------


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: its source path, title, template and template data."""

    src: str
    title: str
    template: str
    data: Any
    in_nav: bool = False
    updated: dt.date | None = None  # the newest date of what it shows (the sitemap's lastmod); None: unknown

    def markdown(self) -> str:
        # MkDocs treats titles as HTML: escape once; JSON strings are valid YAML.
        title = json.dumps(html.escape(self.title), ensure_ascii=False)
        # Wide tables: the page takes the whole width (Material's `hide`); search skips generated pages.
        return (
            f"---\ntitle: {title}\ntemplate: {self.template}\nhide: [navigation, toc]\n"
            "search:\n  exclude: true\n---\n"
        )

    @property
    def url(self) -> str:
        return self.src.removesuffix("index.md")


@dataclass(frozen=True)
class DataFile:
    dest: str
    content: str


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
class AuditRow:
    date: str
    story: str
    story_url: str
    outlet: str
    link: str | None
    level: str
    type: str
    section: str
    basis: str  # how the points were reached
    points: str
    status: str  # 计分, 待核定, 不计分


@dataclass(frozen=True)
class AuditPeriod:
    label: str
    period: str
    ranking_url: str
    rows: tuple[AuditRow, ...]
    points: str
    placements: int
    pending: int
    target: str
    completion: str
    rank: int
    group_size: int
    quarters: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StoryLink:
    title: str
    url: str
    date: str
    category: str
    role: str  # 报送 or 联合报送


@dataclass(frozen=True)
class UnitView:
    id: str
    name: str
    group: str
    aliases: tuple[str, ...]
    stories: tuple[StoryLink, ...]
    periods: tuple[AuditPeriod, ...]


@dataclass(frozen=True)
class UnitIndexGroup:
    name: str
    units: tuple[tuple[str, str, int, str], ...]  # name, url, story count, points this year


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


@dataclass
class GeneratedSite:
    pages: list[GeneratedPage]
    files: list[DataFile]
    top: TopFive
    home: HomeView
    neighbours: dict[str, tuple[Story | None, Story | None]]


def _or_dash(value: Any, show: Any = str) -> str:
    """A target or completion as shown in a table: a dash where there is none."""
    return "—" if value is None else show(value)


def fmt(value: Fraction, digits: int = 1) -> str:
    return f"{round_half_up(value, digits):.{digits}f}"


def short(value: Fraction) -> str:
    """A factor or share without needless zeros: 2, 0.5, 1.67."""
    text = f"{round_half_up(value, 2):.2f}".rstrip("0").rstrip(".")
    return text


def rules_text(registry: Registry) -> tuple[str, ...]:
    scoring = registry.scoring
    levels = "，".join(f"{level.name} {short(exact(level.points))} 分" for level in scoring.levels)
    types = "，".join(f"{kind.name} {short(exact(kind.factor))} 倍" for kind in scoring.types)
    rules = [
        f"每条刊用记录按媒体级别计分：{levels}。",
        f"再按稿件类型乘以系数：{types}。",
    ]
    if scoring.sections:
        sections = "、".join(f"“{key}”乘以 {short(exact(factor))}" for key, factor in scoring.sections)
        rules.append(f"刊登版面含有以下字样的，再乘以相应系数（取最高一项）：{sections}。")
    if scoring.same_story == "highest":
        rules.append("同一篇稿件被多家媒体刊用，只计得分最高的一次（得分相同取刊发最早的）。")
    else:
        rules.append("同一篇稿件被多家媒体刊用，每家媒体分别计分；同一家媒体只计一次。")
    rules.append("联合报送的稿件，每个署名单位都计上稿篇数，得分由各单位平分。")
    if scoring.year_start_month == 1:
        rules.append("按媒体刊发日期计入年度、季度和月份。")
    else:
        rules.append(f"按媒体刊发日期计入统计期；年度自每年 {scoring.year_start_month} 月 1 日起算，季度和月份按自然季度、月份。")
    rules.append("媒体名录中尚未列入的媒体为“待核定”，办公室核定级别前不计分。")
    rules.append("完成率 = 得分 ÷ 本年度宣传任务分值；得分相同的单位名次并列，按上稿篇数、单位代码先后列出。")
    return tuple(rules)


def ranking_url(period: Period) -> str:
    return f"ranking/{period.slug}/"


def unit_url(unit_id: str) -> str:
    return f"units/{unit_id}/"


def monthly_points(scored: list[ScoredPlacement]) -> dict[tuple[int, int], Fraction]:
    """Points earned in each (year, month), over every unit: the year ranking's column chart."""
    by_month: dict[tuple[int, int], Fraction] = {}
    for item in scored:
        month_key = (item.date.year, item.date.month)
        by_month[month_key] = by_month.get(month_key, Fraction(0)) + item.points
    return by_month


def ranking_view(ranking: Ranking, registry: Registry, years: list[Period], quarters: list[Period],
                 by_month: dict[tuple[int, int], Fraction]) -> RankingView:
    start_month = registry.scoring.year_start_month
    cumulative = exports.cumulative_levels(ranking)
    groups = []
    for group in ranking.groups:
        rows = []
        for score in group.units:
            data = exports.unit_json(score)
            rows.append(
                RankRow(
                    rank=score.rank,
                    unit=score.unit.name,
                    url=unit_url(score.unit.id),
                    counts=tuple(score.placements.values()),
                    cumulative=tuple(score.at_or_above(key) for key, _ in cumulative),
                    total=score.placements_total,
                    points=f"{data['points']:.1f}",
                    target=_or_dash(data["target"]),
                    completion=_or_dash(data["completion"], exports.percent),
                    bar=min(100.0, (data["completion"] or 0) * 100),
                    site_stories=score.site_stories,
                    pending=score.pending,
                )
            )
        chart = charts.bar_chart(
            [(score.unit.name, round_half_up(score.points, 1)) for score in group.units],
            f"{group.group.name}得分",
        )
        groups.append(RankGroup(group.group.id, group.group.name, tuple(rows), chart))

    month_chart = ""
    if ranking.period.kind == "year":
        start, _ = ranking.period.bounds(start_month)
        months = []
        for offset in range(12):
            index = start.month - 1 + offset
            month = Period(start.year + index // 12, "month", index % 12 + 1)
            total = by_month.get((month.year, month.number), Fraction(0))
            months.append((f"{month.number}月", round_half_up(total, 1)))
        month_chart = charts.column_chart(months, f"{ranking.period.label(start_month)}各月得分")

    period_links = []
    for year in years:
        link = PeriodLink(year.label(start_month), ranking_url(year), year == ranking.period)
        year_quarters = tuple(
            PeriodLink(QUARTER_NAMES[q.number], ranking_url(q), q == ranking.period)
            for q in quarters
            if q.year == year.year
        )
        period_links.append((link, year_quarters))

    pending = pending_rows(ranking, registry, PENDING_SHOWN)
    label = ranking.period.label(start_month)
    return RankingView(
        title=f"{label}宣传上稿排名",
        period=str(ranking.period),
        label=label,
        json_url=f"{ranking_url(ranking.period)}ranking.json",
        csv_url=f"{ranking_url(ranking.period)}ranking.csv",
        levels=tuple(level.name for level in registry.scoring.levels),
        cumulative=tuple(heading for _, heading in cumulative),
        groups=tuple(groups),
        month_chart=month_chart,
        years=tuple(period_links),
        rules=rules_text(registry),
        pending=pending,
        pending_total=len(ranking.pending),
        pending_url=pending_url(ranking.period) if len(ranking.pending) > len(pending) else None,
    )


def pending_url(period: Period) -> str:
    return f"{ranking_url(period)}pending/"


def pending_rows(ranking: Ranking, registry: Registry, limit: int | None = None) -> tuple[PendingRow, ...]:
    """The first `limit` (or all) placements of the period in outlets not yet listed."""
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
    base, heading = pending_url(ranking.period), f"{label}待核定媒体"
    crumbs = (Link("首页", ""), Link("宣传排名", "ranking/"), Link(label, ranking_url(ranking.period)))
    parts = chunks(list(pending_rows(ranking, registry)), PENDING_PER_PAGE)
    result = []
    for number, rows in enumerate(parts, 1):
        view = PendingListView(heading, crumbs, ranking_url(ranking.period), tuple(rows), len(ranking.pending),
                               **pager(base, number, len(parts)))
        title = heading if number == 1 else f"{heading}（第 {number} 页）"
        result.append(GeneratedPage(f"{page_url(base, number)}index.md", title, PENDING_TEMPLATE, view,
                                    updated=updated))
    return result


def audit_row(item: ScoredPlacement, registry: Registry) -> AuditRow:
    scoring = registry.scoring
    placement = item.placement
    kind = scoring.type(placement.type)
    if item.pending:
        basis, status = "媒体待核定，核定级别后计分", "待核定"
    else:
        level = scoring.level(placement.level)
        basis = f"{level.name} {short(item.level_points)} × {kind.name} {short(item.type_factor)}"
        if item.section_key:
            basis += f" × {item.section_key} {short(item.section_factor)}"
        if not item.counted:
            basis, status = basis + "；同一稿件只计得分最高的一次，本条不计", "不计分"
        else:
            status = "计分"
            if len(item.units) > 1:
                basis += f" = {short(item.points)}，{len(item.units)} 个单位联合报送平分"
    return AuditRow(
        date=str(placement.date),
        story=item.story.title,
        story_url=item.story.url,
        outlet=placement.outlet,
        link=placement.url,
        level=scoring.level(placement.level).name if placement.listed and placement.level else "待核定",
        type=kind.name,
        section=placement.section or "",
        basis=basis,
        points=short(item.share) if status == "计分" else "0",
        status=status,
    )


def unit_view(unit: Unit, site_stories: list[Story], rankings: dict[Period, Ranking], years: list[Period],
              registry: Registry, options: SiteOptions) -> UnitView:
    start_month = registry.scoring.year_start_month
    categories = options.category_names
    stories = tuple(
        StoryLink(s.title, s.url, chinese_date(s), categories[s.category], "报送" if s.unit == unit.id else "联合报送")
        for s in site_stories
        if unit.id in s.units
    )
    periods = []
    for year in years:
        ranking = rankings[year]
        group = next(g for g in ranking.groups if g.group.id == unit.group)
        score = next(s for s in group.units if s.unit.id == unit.id)
        quarters = []
        start, _ = year.bounds(start_month)
        for offset in range(0, 12, 3):
            index = start.month - 1 + offset
            first = dt.date(start.year + index // 12, index % 12 + 1, 1)
            quarter = Period(first.year, "quarter", (first.month - 1) // 3 + 1)
            points = sum((i.share for i in score.items if i.counted and not i.pending and quarter.contains(i.date)),
                         Fraction(0))
            quarters.append((quarter.label(), fmt(points)))
        data = exports.unit_json(score)
        periods.append(
            AuditPeriod(
                label=year.label(start_month),
                period=str(year),
                ranking_url=ranking_url(year),
                rows=tuple(audit_row(item, registry) for item in score.items),
                points=fmt(score.points),
                placements=score.placements_total,
                pending=score.pending,
                target=_or_dash(data["target"]),
                completion=_or_dash(data["completion"], exports.percent),
                rank=score.rank,
                group_size=len(group.units),
                quarters=tuple(quarters),
            )
        )
    group_name = next(g.name for g in registry.groups if g.id == unit.group)
    return UnitView(unit.id, unit.name, group_name, unit.aliases, stories, tuple(periods))


def generate(site_stories: list[Story], registry: Registry, options: SiteOptions, today: dt.date,
             per_page: int = PER_PAGE) -> GeneratedSite:
    """Every page that exists only in memory: news listings, ranking pages with their JSON and CSV,
    unit pages; and the data of the home page and of each story's neighbours."""
    # Newest first; equal dates by path, so the order never depends on the disk.
    stories = sorted((s for s in site_stories if not s.draft), key=lambda s: (-s.date.timestamp(), s.src))
    scored = score_placements(stories, registry)
    current = Period(default_year(stories, registry, today))
    periods = periods_with_data(stories, registry)
    years = sorted({p for p in periods if p.kind == "year"} | {current}, reverse=True)
    quarters = [p for p in periods if p.kind == "quarter"]
    rankings = {period: tally(stories, registry, period, scored=scored) for period in [*years, *quarters]}
    by_month = monthly_points(scored)

    start_month = registry.scoring.year_start_month

    dated = (sorted(item.date for item in scored), sorted(s.date.date() for s in stories))

    def ranked(period: Period) -> dt.date | None:
        """The newest date a period's ranking shows: of its placements and of the stories it counts."""
        start, end = period.bounds(start_month)
        newest = []
        for dates in dated:
            after = bisect.bisect_left(dates, end)
            if after and dates[after - 1] >= start:
                newest.append(dates[after - 1])
        return max(newest, default=None)

    pages: list[GeneratedPage] = []
    files: list[DataFile] = []
    for period, ranking in rankings.items():
        view = ranking_view(ranking, registry, years, quarters, by_month)
        pages.append(GeneratedPage(f"{ranking_url(period)}index.md", view.title, RANKING_TEMPLATE, view,
                                   updated=ranked(period)))
        files.append(DataFile(f"{ranking_url(period)}ranking.json", exports.to_json(ranking)))
        files.append(DataFile(f"{ranking_url(period)}ranking.csv", exports.to_csv(ranking)))
        pages += pending_pages(ranking, registry, ranked(period))
    current_view = ranking_view(rankings[current], registry, years, quarters, by_month)
    pages.append(GeneratedPage("ranking/index.md", "宣传排名", RANKING_TEMPLATE, current_view, in_nav=True,
                               updated=ranked(current)))

    current_ranking = rankings[current]
    index_groups = []
    for group in current_ranking.groups:
        index_groups.append(
            UnitIndexGroup(
                group.group.name,
                tuple(
                    (score.unit.name, unit_url(score.unit.id), sum(1 for s in stories if score.unit.id in s.units),
                     fmt(score.points))
                    for score in sorted(group.units, key=lambda s: registry.units.index(s.unit))
                ),
            )
        )
    pages.append(GeneratedPage("units/index.md", "各单位", UNITS_TEMPLATE,
                               (current.label(registry.scoring.year_start_month), tuple(index_groups)), in_nav=True,
                               updated=max((story_updated(s) for s in stories), default=None)))
    for unit in registry.units:
        view = unit_view(unit, stories, rankings, years, registry, options)
        own = max((story_updated(s) for s in stories if unit.id in s.units), default=None)
        pages.append(GeneratedPage(f"{unit_url(unit.id)}index.md", unit.name, UNIT_TEMPLATE, view, updated=own))

    top = TopFive(
        period=current.label(registry.scoring.year_start_month),
        url=ranking_url(current),
        groups=tuple(
            TopGroup(
                group.group.name,
                tuple(
                    TopUnit(s.rank, s.unit.name, unit_url(s.unit.id), fmt(s.points),
                            _or_dash(exports.unit_json(s)["completion"], exports.percent))
                    for s in group.units[:5]
                ),
            )
            for group in current_ranking.groups
        ),
    )
    pages += news_pages(stories, registry, options, per_page)
    return GeneratedSite(pages, files, top, home_view(stories, registry, options), neighbours(stories))


LISTING_TEMPLATE = "gwsite/listing.html"
TAGS_TEMPLATE = "gwsite/tags.html"
PENDING_TEMPLATE = "gwsite/pending.html"
HOME_TEMPLATE = "gwsite/home.html"
RANKING_TEMPLATE = "gwsite/ranking.html"
UNIT_TEMPLATE = "gwsite/unit.html"
UNITS_TEMPLATE = "gwsite/units.html"
