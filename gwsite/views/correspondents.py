"""What the 通讯员 pages show: beside each year's ranking, the table of correspondents (name, unit,
stories on the site, placements by level, points), and for each correspondent a page listing the
year's stories and every placement credited, with the correspondent's share of its points (the
audit trail of the 优秀通讯员 the office commends)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..content.registry import Registry
from ..ranking import correspondent_exports
from ..ranking.correspondents import CorrespondentScore, CorrespondentTally
from ..ranking.labels import PENDING, cumulative_levels, level_name, points_text
from ..ranking.tally import Period
from .generated import CORRESPONDENT_TEMPLATE, CORRESPONDENTS_TEMPLATE, GeneratedPage
from .ranking import short
from .story import chinese_date
from .urls import HOME, RANKING, Link, correspondent_url, correspondents_url, ranking_url, unit_url

RULES = (
    "稿件署名的每位作者（通讯员）都计这篇稿件在网站上的发布，并计其在统计期内每一条计分的刊用记录（按媒体级别计篇次）。",
    "每条刊用记录的得分由该稿件的作者平分（与联合报送单位之间的平分无关）；各自累加后保留一位小数（四舍五入）。",
    "通讯员属于在 units.yml 中登记其姓名（或别名）的单位；未登记的作者计入稿件的报送单位。同名的两人在两个单位，分列两行。",
    "未署作者的稿件计入各单位得分，不计入任何通讯员；各通讯员得分与未署作者稿件的得分相加，即各单位得分之和。",
    "按得分排列，得分相同的名次并列，依上稿篇次、网站稿件数、单位在名录中的顺序和姓名先后列出。",
)


@dataclass(frozen=True)
class CorrespondentRow:
    rank: int
    name: str
    url: str
    unit: str
    unit_url: str
    site_stories: int
    counts: tuple[int, ...]
    cumulative: tuple[int, ...]
    total: int
    points: str
    pending: int


@dataclass(frozen=True)
class CorrespondentsView:
    title: str
    crumbs: tuple[Link, ...]
    ranking_url: str
    levels: tuple[str, ...]
    cumulative: tuple[str, ...]
    rows: tuple[CorrespondentRow, ...]
    unattributed: str  # what stories without authors earned, in words
    note: str  # an issued year's: counted up to its cut-off
    rules: tuple[str, ...] = RULES


@dataclass(frozen=True)
class StoryRow:
    title: str
    url: str
    date: str


@dataclass(frozen=True)
class CreditRow:
    date: str
    story: str
    story_url: str
    outlet: str
    level: str
    type: str
    points: str  # the placement's points in all
    authors: int
    share: str  # the correspondent's share
    status: str  # 计分, 待核定, 不计分


@dataclass(frozen=True)
class CorrespondentView:
    title: str
    crumbs: tuple[Link, ...]
    name: str
    unit: str
    unit_url: str
    label: str
    list_url: str
    rank: int
    points: str
    placements: int
    site_stories: int
    pending: int
    stories: tuple[StoryRow, ...]
    credits: tuple[CreditRow, ...]
    note: str


def person_url(period: Period, score: CorrespondentScore) -> str:
    return correspondent_url(period, score.unit.id, score.name)


def correspondent_row(period: Period, score: CorrespondentScore, registry: Registry) -> CorrespondentRow:
    cumulative = cumulative_levels(registry.scoring)
    return CorrespondentRow(
        rank=score.rank,
        name=score.name,
        url=person_url(period, score),
        unit=score.unit.name,
        unit_url=unit_url(score.unit.id),
        site_stories=score.site_stories,
        counts=tuple(score.placements.values()),
        cumulative=tuple(score.at_or_above(key) for key, _ in cumulative),
        total=score.placements_total,
        points=points_text(score.points),
        pending=score.pending,
    )


def cutoff_text(cutoff: str | None) -> str:
    return "" if cutoff is None else correspondent_exports.cutoff_note(cutoff) + "。"


def correspondents_view(tally: CorrespondentTally, registry: Registry, label: str,
                        cutoff: str | None = None) -> CorrespondentsView:
    period = tally.period
    nobody = tally.unattributed
    unattributed = "" if nobody is None else (
        f"未署作者的稿件：网站稿件 {nobody.site_stories} 篇，计分刊用 {nobody.placements} 条，得分 {points_text(nobody.points)}"
        f"{correspondent_exports.unmatched_note(nobody)}。")
    return CorrespondentsView(
        title=correspondent_exports.correspondents_title(label),
        crumbs=(HOME, RANKING, Link(label, ranking_url(period))),
        ranking_url=ranking_url(period),
        levels=tuple(level.name for level in registry.scoring.levels),
        cumulative=tuple(heading for _, heading in cumulative_levels(registry.scoring)),
        rows=tuple(correspondent_row(period, score, registry) for score in tally.correspondents),
        unattributed=unattributed,
        note=cutoff_text(cutoff),
    )


def credit_rows(score: CorrespondentScore, registry: Registry) -> tuple[CreditRow, ...]:
    """Each placement credited, by date: its points, the number of the story's authors and the share."""
    rows = []
    # The number of authors the tally split each placement among (never counted again here).
    for item, authors in sorted(zip(score.items, score.authors),
                                key=lambda pair: (pair[0].date, pair[0].story.src, pair[0].placement.outlet)):
        status = PENDING if item.pending else ("计分" if item.counted else "不计分")
        rows.append(CreditRow(
            date=str(item.date),
            story=item.story.title,
            story_url=item.story.url,
            outlet=item.placement.outlet,
            level=level_name(registry.scoring, item.placement),
            type=registry.scoring.type(item.placement.type).name,
            points=short(item.points),
            authors=authors,
            share=short(item.points / authors if authors else Fraction(0)),
            status=status,
        ))
    return tuple(rows)


def correspondent_view(score: CorrespondentScore, period: Period, registry: Registry, label: str,
                       cutoff: str | None = None) -> CorrespondentView:
    title = f"{score.name}（{score.unit.name}）"
    return CorrespondentView(
        title=title,
        crumbs=(HOME, RANKING, Link(label, ranking_url(period)), Link("通讯员", correspondents_url(period))),
        name=score.name,
        unit=score.unit.name,
        unit_url=unit_url(score.unit.id),
        label=label,
        list_url=correspondents_url(period),
        rank=score.rank,
        points=points_text(score.points),
        placements=score.placements_total,
        site_stories=score.site_stories,
        pending=score.pending,
        # A list of stories dates them as every list of stories does (2024年3月15日); tables, 2024-03-15.
        stories=tuple(StoryRow(story.title, story.url, chinese_date(story.date)) for story in score.stories),
        credits=credit_rows(score, registry),
        note=cutoff_text(cutoff),
    )


def correspondent_pages(tally: CorrespondentTally, registry: Registry, label: str, cutoff: str | None = None,
                        updated=None) -> list[GeneratedPage]:
    """A year's 通讯员 page, then a page for each correspondent."""
    period = tally.period
    view = correspondents_view(tally, registry, label, cutoff)
    pages = [GeneratedPage(f"{correspondents_url(period)}index.md", view.title, CORRESPONDENTS_TEMPLATE, view,
                           updated=updated)]
    for score in tally.correspondents:
        person = correspondent_view(score, period, registry, label, cutoff)
        newest = max([s.date.date() for s in score.stories] + [i.date for i in score.items], default=None)
        pages.append(GeneratedPage(f"{person_url(period, score)}index.md", f"{person.title}{label}稿件",
                                   CORRESPONDENT_TEMPLATE, person, updated=newest))
    return pages
