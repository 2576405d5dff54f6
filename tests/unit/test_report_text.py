"""The 通报's wording of numbers and periods (gwsite/ranking/report.py), without Word."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as Fake

import pytest

from gwsite.ranking.report import (Paragraph, ReportSettings, change_text, chinese_date, chinese_number, commended,
                                   earlier_period, title_period, year_earlier)
from gwsite.ranking.tally import Period


@pytest.mark.parametrize("now, before, expected", [
    (10, 8, "增加2篇（增长25.0%）"),
    (6, 8, "减少2篇（下降25.0%）"),
    (8, 8, "持平"),
    (3, 0, "增加3篇（上年同期为0）"),
    (2, 3, "减少1篇（下降33.3%）"),
], ids=["up", "down", "same", "from-zero", "rounded"])
def test_change_text(now, before, expected):
    assert change_text(now, before, "篇") == expected


@pytest.mark.parametrize("period, start_month, expected", [
    ("2025", 1, "2025年度"),
    ("2025", 8, "2025年度"),
    ("2025Q1", 1, "2025年第一季度"),
    ("2025-03", 1, "2025年3月"),
    ("2025-01..2025-09", 1, "2025年1—9月"),
    ("2024-08..2025-03", 8, "2024年8月—2025年3月"),
], ids=["year", "fiscal-year", "quarter", "month", "range", "range-across-new-year"])
def test_title_period(period, start_month, expected):
    assert title_period(Period.parse(period, start_month), start_month) == expected


def test_a_year_earlier():
    assert year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_earlier(dt.date(2025, 9, 30)) == dt.date(2024, 9, 30)
    assert earlier_period(Period.parse("2025-01..2025-09")) == Period.parse("2024-01..2024-09")
    assert earlier_period(Period.parse("2025Q2")) == Period.parse("2024Q2")
    assert chinese_date(dt.date(2025, 3, 1)) == "2025年3月1日"


@pytest.mark.parametrize("number, expected", [
    (1, "一"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "100"),
], ids=lambda value: str(value))
def test_chinese_number(number, expected):
    """（十一）, not （11）: an eleventh group's heading, as headings are numbered."""
    assert chinese_number(number) == expected


def test_ties_at_the_last_commended_place_are_listed_and_the_rule_is_said():
    def group(name, *scores):
        return Fake(group=Fake(name=name), units=[Fake(unit=Fake(name=unit), rank=rank, points=points, completion=None)
                                                  for unit, rank, points in scores])
    ranking = Fake(groups=[group("甲组", ("一", 1, 9), ("二", 2, 5), ("三", 2, 5), ("四", 4, 1)),
                           group("乙组", ("五", 1, 3), ("六", 2, 0))])
    settings = ReportSettings(issuer="办公室", commend_top=2)
    assert commended(ranking, settings) == (
        Paragraph("根据各单位得分排名，建议对各组得分前2名的以下单位予以通报表扬："),
        Paragraph("甲组：一、二、三。"),
        Paragraph("乙组：五。"),
        Paragraph("得分相同的单位名次并列，与第2名得分相同的单位一并列入。"),
    )
    settings = ReportSettings(issuer="办公室", commend_top=3)
    assert commended(ranking, settings)[-1] == Paragraph("乙组：五。")
