"""The 宣传工作通报 as data: what `gwsite report` writes into the Word document, section by section,
made from the unit tally (or an issued period's numbers), the correspondent tally and the scoring
rules. Text and numbers only: `report_docx` lays it out, so every number here is testable without
Word.

The numbers are those of `gwsite tally` and of the correspondent tally, formatted as their exports
format them (points one decimal rounded half up, completion as a percentage of the year's target).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from ..content.registry import Registry, Scoring
from ..content.story import Story
from .correspondents import CorrespondentScore, CorrespondentTally
from .exports import unit_json
from .issued import Issued, is_counted
from .labels import PENDING, percent, points_text
from .rules import scoring_rules
from .tally import FIRST_YEAR, Period, Ranking, ScoredPlacement, at_or_above, months_text

COMMEND_RULES = ("top", "met_target")
# A line break (\n) where the title should break: GB/T 9704 breaks a long title between words, in a
# trapezoid, never inside one (宣传工 / 作); Word would break it at any character.
DEFAULT_TITLE = "关于{period}全市关工委系统\n宣传工作情况的通报"
DEFAULT_RECIPIENTS = "各县（市、区）关工委，市直各单位关工委："
DEFAULT_CLOSING = ("希望受到表扬的单位和个人珍惜荣誉、再接再厉；各单位要进一步加强通讯员队伍建设，"
                   "多出精品力作，讲好关心下一代工作故事，推动全市关工委宣传工作再上新台阶。")
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ReportSettings:
    """The plugin's `report:` options (see `config.ReportConfig`)."""

    issuer: str  # who issues it: the signature's default, and the documents' author
    title: str = DEFAULT_TITLE  # `{period}` is replaced by the period (2025年度, 2025年第一季度); \n breaks the line
    recipients: str = DEFAULT_RECIPIENTS  # 主送
    commend: str = "top"  # 先进集体: "top" (the first `commend_top` of each group) or "met_target"
    commend_top: int = 3
    correspondents_top: int = 10  # 优秀通讯员: the first N correspondents
    signature: str = ""  # 落款; empty: the issuer
    date: dt.date | None = None  # 成文日期; None: an issued period's issue date, else today
    closing: str = DEFAULT_CLOSING  # the last paragraph of the body; empty: none


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative column widths, scaled to the text width
    wide: frozenset[int] = frozenset()  # columns of names, aligned left


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class SubHeading:
    text: str  # （一）县（市、区）关工委


@dataclass(frozen=True)
class TableBlock:
    table: Table


Block = Paragraph | SubHeading | TableBlock


@dataclass(frozen=True)
class Section:
    heading: str  # 一、总体情况
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Totals:
    """What the system did in a span: stories on the site, counted placements by level."""

    stories: int
    placements: dict[str, int]  # level key → placements, highest level first

    @property
    def placements_total(self) -> int:
        return sum(self.placements.values())

    def at_or_above(self, level: str) -> int:
        return at_or_above(self.placements, level)

    @property
    def empty(self) -> bool:
        return self.stories == 0 and self.placements_total == 0


@dataclass(frozen=True)
class Report:
    title: str
    recipients: str
    sections: tuple[Section, ...]
    closing: str
    signature: str
    date: dt.date
    cutoff: dt.date  # the day the numbers run to
    issued: dt.date | None  # the issue date of an issued period
    appendix_title: str = ""  # empty: no appendix
    appendix: Table | None = None
    totals: Totals = field(default_factory=lambda: Totals(0, {}))
    earlier: Totals | None = None  # the same span a year earlier (None: nothing to compare)


def chinese_number(number: int) -> str:
    """1 to 99 as headings number them: 一, 十, 十一, 二十, 二十一."""
    tens, ones = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    return f"{NUMERALS[tens - 1] if tens > 1 else ''}{'十' if tens else ''}{NUMERALS[ones - 1] if ones else ''}"


def chinese_date(date: dt.date) -> str:
    """2025年3月31日, as GB/T 9704 writes dates (Arabic numerals, no leading zeros)."""
    return f"{date.year}年{date.month}月{date.day}日"


def title_period(period: Period, year_start_month: int) -> str:
    """The period as the title names it: 2025年度, 2025年第一季度, 2025年3月, 2025年1—9月."""
    if period.kind == "range":
        return months_text(period.year, period.number, period.end_year, period.end_month)
    if period.kind == "year":
        return f"{period.year}年度"
    return period.label(year_start_month)


def year_earlier(date: dt.date) -> dt.date:
    """The same day a year earlier (29 February → 28 February)."""
    day = min(date.day, calendar.monthrange(date.year - 1, date.month)[1])
    return dt.date(date.year - 1, date.month, day)


def earlier_period(period: Period) -> Period:
    return Period(period.year - 1, period.kind, period.number, period.end_year - 1 if period.end_year else 0,
                  period.end_month)


def totals(stories: Iterable[Story], scored: Iterable[ScoredPlacement], scoring: Scoring,
           start: dt.date, end: dt.date) -> Totals:
    """Stories dated in [start, end) and counted placements dated in it, each placement once (a joint
    story's placement is one placement however many units it credits)."""
    counts = {level.key: 0 for level in scoring.levels}
    for item in scored:
        if start <= item.date < end and is_counted(item) and item.placement.level in counts:
            counts[item.placement.level] += 1
    stories_count = sum(1 for story in stories if not story.draft and start <= story.date.date() < end)
    return Totals(stories_count, counts)


def issued_totals(record: Issued, stories: Iterable[Story], scoring: Scoring) -> Totals:
    """An issued period's placements as issued (its file lists each counted one); its stories on the
    site are those dated in the period up to the cut-off."""
    counts = {level.key: 0 for level in scoring.levels}
    for placement in record.placements:
        if placement.level in counts:
            counts[placement.level] += 1
    start, end = record.period.bounds(scoring.year_start_month)
    last = min(end, record.cutoff + dt.timedelta(days=1))
    stories_count = sum(1 for story in stories if not story.draft and start <= story.date.date() < last)
    return Totals(stories_count, counts)


def newest_date(stories: Iterable[Story], scored: Iterable[ScoredPlacement], start: dt.date, end: dt.date,
                today: dt.date) -> dt.date:
    """The day the live numbers run to: the span's last day once it is over; while it runs, the
    newest story or counted placement of the span (the content, not the clock, dates the document),
    else today."""
    last_day = end - dt.timedelta(days=1)
    if today > last_day:
        return last_day
    dates = [item.date for item in scored if start <= item.date < end and is_counted(item)]
    dates += [story.date.date() for story in stories if not story.draft and start <= story.date.date() < end]
    return max(dates) if dates else today


def change_text(now: int, before: int, unit: str) -> str:
    """增加5篇（增长25.0%）, 减少2篇（下降10.0%）, 持平; from zero, no percentage."""
    if now == before:
        return "持平"
    verb, difference = ("增加", now - before) if now > before else ("减少", before - now)
    if before == 0:
        return f"{verb}{difference}{unit}（上年同期为0）"
    rate = f"{difference / before * 100:.1f}%"
    return f"{verb}{difference}{unit}（{'增长' if now > before else '下降'}{rate}）"


def _levels_text(scoring: Scoring, counts: dict[str, int]) -> str:
    return "、".join(f"{level.name}{counts.get(level.key, 0)}篇" for level in scoring.levels)


def overview(label: str, scoring: Scoring, now: Totals, earlier: Totals | None, earlier_label: str,
             cutoff_note: str, pending: int) -> tuple[Block, ...]:
    """一、总体情况: the system's stories and placements, and the change against a year earlier."""
    second = scoring.levels[1] if len(scoring.levels) > 2 else None
    text = (f"{label}（{cutoff_note}），全市关工委系统各单位在网站发布稿件{now.stories}篇，"
            f"被各级媒体刊用{now.placements_total}篇次，其中{_levels_text(scoring, now.placements)}")
    if second is not None:
        text += f"，{second.name}（含）以上{now.at_or_above(second.key)}篇"
    text += "。"
    blocks: list[Block] = [Paragraph(text)]
    if earlier is None or earlier.empty:
        blocks.append(Paragraph(f"{earlier_label}无统计数据，不作同比。"))
    else:
        parts = [f"网站稿件{change_text(now.stories, earlier.stories, '篇')}",
                 f"媒体刊用{change_text(now.placements_total, earlier.placements_total, '篇次')}"]
        if second is not None:
            parts.append(f"{second.name}（含）以上刊用"
                         f"{change_text(now.at_or_above(second.key), earlier.at_or_above(second.key), '篇')}")
        blocks.append(Paragraph(f"{earlier_label}网站稿件{earlier.stories}篇，媒体刊用{earlier.placements_total}篇次。"
                                f"与之相比，{'；'.join(parts)}。"))
    if pending:
        blocks.append(Paragraph(f"另有{pending}条刊用记录所在媒体尚未列入媒体名录（{PENDING}），"
                                f"办公室核定级别前暂不计分，详见附件。"))
    return tuple(blocks)


def unit_tables(ranking: Ranking) -> tuple[Block, ...]:
    """二、各单位排名: one table per group, numbers as `gwsite tally --format json` gives them."""
    levels = ranking.scoring.levels
    headings = ("名次", "单位", *(level.name for level in levels), "得分", "任务分值", "完成率")
    blocks: list[Block] = [Paragraph("各单位按得分排名如下（完成率为得分占年度宣传任务分值的比例；"
                                     "得分相同的单位名次并列）。")]
    for index, group in enumerate(ranking.groups):
        rows = []
        for score in group.units:
            data = unit_json(score)
            rows.append((str(data["rank"]), data["name"], *(str(n) for n in data["placements"].values()),
                         points_text(score.points), "—" if data["target"] is None else str(data["target"]),
                         percent(data["completion"]) or "—"))
        blocks.append(SubHeading(f"（{chinese_number(index + 1)}）{group.group.name}"))
        if not rows:  # a group whose units have all been closed, or not yet opened
            blocks.append(Paragraph("本组在本统计期没有参加排名的单位。"))
            continue
        # Widths in millimetres of the 156 mm text width: 中央级, 完成率 and most units' names on one line at 小四.
        widths = (11, 42, *(15,) * len(levels), 13, 13, 17)
        blocks.append(TableBlock(Table(headings, tuple(rows), widths, frozenset({1}))))
    return tuple(blocks)


def commended(ranking: Ranking, settings: ReportSettings) -> tuple[Block, ...]:
    """三、先进集体: the suggestion of the config's rule, group by group."""
    if settings.commend == "met_target":
        intro = "根据各单位宣传任务完成情况，建议对完成年度宣传任务（完成率达到 100%）的以下单位予以通报表扬："
    else:
        intro = f"根据各单位得分排名，建议对各组得分前{settings.commend_top}名的以下单位予以通报表扬："
    blocks: list[Block] = [Paragraph(intro)]
    any_unit = tied = False
    for group in ranking.groups:
        if settings.commend == "met_target":
            names = [s.unit.name for s in group.units if s.completion is not None and s.completion >= 1]
        else:
            names = [s.unit.name for s in group.units if s.rank <= settings.commend_top and s.points > 0]
            tied = tied or len(names) > settings.commend_top
        if names:
            any_unit = True
            blocks.append(Paragraph(f"{group.group.name}：{'、'.join(names)}。"))
    if not any_unit:
        none = "完成年度宣传任务的单位" if settings.commend == "met_target" else "得分的单位"
        blocks = [Paragraph(f"本统计期暂无{none}，不提出先进集体建议。")]
    elif tied:  # the rule behind a group of more than N: stated, not left to the reader to guess
        blocks.append(Paragraph(f"得分相同的单位名次并列，与第{settings.commend_top}名得分相同的单位一并列入。"))
    return tuple(blocks)


def correspondent_section(tally: CorrespondentTally, scoring: Scoring, top: int) -> tuple[Block, ...]:
    """四、优秀通讯员: the first `top` correspondents with points (ties at the last place included)."""
    chosen: list[CorrespondentScore] = [c for c in tally.correspondents if c.rank <= top and c.points > 0]
    if not chosen:
        return (Paragraph("本统计期没有署名通讯员的稿件被媒体刊用计分，暂不提出优秀通讯员建议。"),)
    levels = scoring.levels
    headings = ("名次", "姓名", "单位", "网站稿件", *(level.name for level in levels), "得分")
    rows = tuple((str(c.rank), c.name, c.unit.name, str(c.site_stories), *(str(n) for n in c.placements.values()),
                  points_text(c.points)) for c in chosen)
    tied = f"（得分前{top}名，与第{top}名得分相同的一并列入）" if len(chosen) > top else ""
    return (
        Paragraph(f"根据通讯员个人得分排名，建议对以下{len(chosen)}名同志{tied}予以通报表扬（稿件的每位作者都计入该稿件的"
                  "各次刊用，得分由作者平分）："),
        TableBlock(Table(headings, rows, (11, 16, 42, 13, *(15,) * len(levels), 14), frozenset({1, 2}))),
    )


def pending_table(ranking: Ranking, registry: Registry) -> Table | None:
    if not ranking.pending:
        return None
    names = {unit.id: unit.name for unit in registry.units}
    rows = []
    for number, item in enumerate(sorted(ranking.pending, key=lambda i: (i.date, i.placement.outlet, i.story.src)),
                                  start=1):
        rows.append((str(number), item.placement.outlet, item.story.title,
                     "、".join(names.get(unit, unit) for unit in item.units), item.date.isoformat()))
    return Table(("序号", "媒体", "稿件标题", "单位", "刊发日期"), tuple(rows), (12, 30, 58, 32, 24),
                 frozenset({1, 2, 3}))


def build_report(*, settings: ReportSettings, period: Period, registry: Registry, stories: list[Story],
                 ranking: Ranking, correspondents: CorrespondentTally, scored: list[ScoredPlacement],
                 today: dt.date, record: Issued | None = None) -> Report:
    """The document for `period`: `ranking` is what `gwsite tally` shows for it (the issued ranking
    when `record`, the period's issued file, is given), `correspondents` its correspondent tally (with
    the issued cut-off), `scored` every scored placement of the content (for the totals)."""
    scoring = ranking.scoring
    start_month = registry.scoring.year_start_month
    start, end = period.bounds(start_month)
    label = title_period(period, start_month)
    if record is not None:
        cutoff = record.cutoff
        now = issued_totals(record, stories, scoring)
        cutoff_note = f"统计截至{chinese_date(cutoff)}，{chinese_date(record.issued)}通报"
        date = settings.date or record.issued
    else:
        cutoff = newest_date(stories, scored, start, end, today)
        now = totals(stories, scored, scoring, start, end)
        cutoff_note = f"统计截至{chinese_date(cutoff)}"
        date = settings.date or today
    before, earlier_label = None, "上年同期"
    if period.year > FIRST_YEAR:  # year 1 has no year before it that a date can hold
        earlier = earlier_period(period)
        earlier_start, earlier_end = earlier.bounds(start_month)
        whole = cutoff >= end - dt.timedelta(days=1)
        if whole:
            earlier_last = earlier_end
            earlier_label = f"上年同期（{title_period(earlier, start_month)}）"
        else:
            earlier_last = min(earlier_end, year_earlier(cutoff) + dt.timedelta(days=1))
            last_day = chinese_date(earlier_last - dt.timedelta(days=1))
            earlier_label = f"上年同期（{title_period(earlier, start_month)}，截至{last_day}）"
        if earlier_last > earlier_start:
            before = totals(stories, scored, registry.scoring, earlier_start, earlier_last)

    rules = [*scoring_rules(scoring),
             "通讯员个人：稿件的每位作者都计入该稿件的网站稿件数和各次刊用篇数，得分由作者平分。"]
    sections = [
        Section("总体情况", overview(label, scoring, now, before, earlier_label, cutoff_note, len(ranking.pending))),
        Section("各单位排名", unit_tables(ranking)),
        Section("先进集体", commended(ranking, settings)),
        Section("优秀通讯员", correspondent_section(correspondents, scoring, settings.correspondents_top)),
        Section("计分办法", tuple(Paragraph(f"{number}.{rule}") for number, rule in enumerate(rules, start=1))),
    ]
    sections = [Section(f"{chinese_number(i + 1)}、{s.heading}", s.blocks) for i, s in enumerate(sections)]
    appendix = pending_table(ranking, registry)
    return Report(
        title=settings.title.replace("{period}", label),
        recipients=settings.recipients,
        sections=tuple(sections),
        closing=settings.closing,
        signature=settings.signature or settings.issuer,
        date=date,
        cutoff=cutoff,
        issued=record.issued if record is not None else None,
        appendix_title=f"{label}{PENDING}媒体刊用记录" if appendix is not None else "",
        appendix=appendix,
        totals=now,
        earlier=before,
    )
