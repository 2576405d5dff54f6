"""Every scoring rule of DESIGN.md, on stories and a registry built in code."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwsite.ranking import exports
from gwsite.content.story import Placement, Story
from gwsite.content.registry import DEFAULT_SCORING, Group, Outlet, Registry, Unit
from gwsite.ranking.tally import Period, default_year, periods_with_data, round_half_up, score_placements, tally

TZ = ZoneInfo("Asia/Shanghai")
OUTLET_LEVELS = {"火炬": "national", "江北日报": "provincial", "青州日报": "city", "安平融媒": "county"}


def registry(**scoring_changes) -> Registry:
    return Registry(
        groups=[Group("county", "县（市、区）关工委"), Group("department", "市直单位关工委")],
        units=[
            Unit("anping", "安平县关工委", "county", targets={2024: 20, 2025: 40}),
            Unit("linhe", "临河区关工委", "county", targets={2024: 10}),
            Unit("qingxi", "清溪县关工委", "county"),
            Unit("jiaoyu", "市教育局关工委", "department", targets={2024: 8}),
        ],
        outlets=[Outlet(name, level) for name, level in OUTLET_LEVELS.items()],
        scoring=dataclasses.replace(DEFAULT_SCORING, **scoring_changes),
    )


def placed(outlet: str, date: str, kind: str = "text", section: str | None = None, listed: bool = True) -> Placement:
    return Placement(
        outlet=outlet,
        listed=listed,
        level=OUTLET_LEVELS.get(outlet, "provincial"),
        date=dt.date.fromisoformat(date),
        type=kind,
        section=section,
    )


_count = iter(range(10**6))


def story(unit: str, date: str, *placements: Placement, co_units: tuple[str, ...] = (), draft: bool = False,
          src: str | None = None) -> Story:
    number = next(_count)
    return Story(
        src=src or f"news/{date[:4]}/s{number}.md",
        title=f"稿件{number}",
        date=dt.datetime.fromisoformat(date).replace(tzinfo=TZ),
        unit=unit,
        co_units=co_units,
        placements=placements,
        draft=draft,
        slug=f"s{number}",
    )


def score_of(ranking, unit_id):
    return next(score for score in ranking.units if score.unit.id == unit_id)


def json_of(ranking, unit_id):
    return exports.unit_json(score_of(ranking, unit_id))


Y2024 = Period(2024)


@pytest.mark.parametrize(
    ("placement", "points"),
    [
        pytest.param(placed("火炬", "2024-03-02"), 10.0, id="rule1-national-text"),
        pytest.param(placed("江北日报", "2024-03-02", "photo"), 2.5, id="rule1-photo-factor"),
        pytest.param(placed("江北日报", "2024-03-02", "video"), 7.5, id="rule1-video-factor"),
        pytest.param(placed("青州日报", "2024-03-02", section="头版"), 4.0, id="rule1-front-page"),
        pytest.param(placed("青州日报", "2024-03-02", section="第3版"), 2.0, id="rule1-other-section"),
        pytest.param(placed("青州日报", "2024-03-02", section="头版头条"), 4.0, id="rule1-section-contains-key"),
        pytest.param(placed("青州日报", "2024-03-02", "photo", "头版"), 2.0, id="rule1-all-factors-multiply"),
        pytest.param(placed("火炬", "2024-03-02", "reprint"), 0.0, id="rule1-reprint-earns-nothing"),
    ],
)
def test_rule1_points_are_level_times_type_times_section(placement, points):
    ranking = tally([story("anping", "2024-03-01", placement)], registry(), Y2024)
    assert json_of(ranking, "anping")["points"] == points
    assert json_of(ranking, "anping")["placements_total"] == 1


def test_rule1_highest_matching_section_factor_wins():
    reg = registry(sections=(("头版", 2.0), ("要闻", 1.5)))
    ranking = tally([story("anping", "2024-03-01", placed("青州日报", "2024-03-02", section="要闻版头版"))], reg, Y2024)
    assert json_of(ranking, "anping")["points"] == 4.0


@pytest.mark.parametrize(
    ("period", "points"),
    [
        pytest.param(Period(2024), 0.0, id="rule2-not-in-story-year"),
        pytest.param(Period(2025), 10.0, id="rule2-in-placement-year"),
        pytest.param(Period(2025, "quarter", 1), 10.0, id="rule2-placement-quarter"),
        pytest.param(Period(2024, "quarter", 4), 0.0, id="rule2-not-story-quarter"),
        pytest.param(Period(2025, "month", 1), 10.0, id="rule2-placement-month"),
        pytest.param(Period(2025, "month", 2), 0.0, id="rule2-other-month"),
    ],
)
def test_rule2_placement_counts_in_the_period_of_its_own_date(period, points):
    stories = [story("anping", "2024-12-30", placed("火炬", "2025-01-03"))]
    assert json_of(tally(stories, registry(), period), "anping")["points"] == points


@pytest.mark.parametrize(
    ("date", "year"),
    [
        pytest.param("2024-08-01", 2024, id="first-day-of-year"),
        pytest.param("2025-07-31", 2024, id="last-day-of-year"),
        pytest.param("2024-07-31", 2023, id="day-before"),
    ],
)
def test_year_start_month_moves_the_statistical_year(date, year):
    reg = registry(year_start_month=8)
    stories = [story("anping", "2023-01-01", placed("火炬", date))]
    for candidate in (year - 1, year, year + 1):
        points = json_of(tally(stories, reg, Period(candidate)), "anping")["points"]
        assert points == (10.0 if candidate == year else 0.0)


def test_year_start_month_keeps_quarters_calendar():
    reg = registry(year_start_month=8)
    stories = [story("anping", "2024-01-01", placed("火炬", "2024-08-15"))]
    assert json_of(tally(stories, reg, Period(2024, "quarter", 3)), "anping")["points"] == 10.0
    assert Period(2024).label(8) == "2024年度（2024年8月至2025年7月）"


def test_rule3_same_outlet_twice_counts_once(tmp_path):
    """The model keeps one placement per outlet (aliases included); the tally sees only that one."""
    from gwsite.content.story import SiteOptions
    from gwsite.content.loading import load_site

    docs = tmp_path / "content"
    (docs / "_data").mkdir(parents=True)
    (docs / "news").mkdir()
    (docs / "_data/units.yml").write_text(
        "groups: [{id: county, name: 县}]\nunits: [{id: anping, name: 安平县关工委, group: county}]\n", encoding="utf-8"
    )
    (docs / "_data/outlets.yml").write_text("outlets: [{name: 中国火炬, level: national, aliases: [《中国火炬》]}]\n",
                                            encoding="utf-8")
    (docs / "news/a.md").write_text(
        "---\ntitle: 标题\ndate: 2024-03-01\nunit: 安平县关工委\nplacements:\n"
        "  - {outlet: 中国火炬, date: 2024-03-02}\n  - {outlet: 《中国火炬》, date: 2024-03-05}\n---\n正文\n",
        encoding="utf-8",
    )
    site = load_site(docs, SiteOptions(), dt.datetime(2026, 1, 1, tzinfo=TZ))
    assert [p.severity.name for p in site.problems] == ["WARNING"]
    ranking = tally(site.stories, site.registry, Y2024)
    assert json_of(ranking, "anping")["points"] == 10.0
    assert json_of(ranking, "anping")["placements_total"] == 1


def test_rule4_joint_story_credits_every_unit_and_splits_points():
    stories = [story("anping", "2024-03-01", placed("江北日报", "2024-03-02"), co_units=("linhe", "jiaoyu"))]
    ranking = tally(stories, registry(), Y2024)
    for unit in ("anping", "linhe", "jiaoyu"):
        data = json_of(ranking, unit)
        assert data["placements_total"] == 1
        assert data["placements"]["provincial"] == 1
        assert data["points"] == 1.7  # 5 / 3, half up
        assert score_of(ranking, unit).points == Fraction(5, 3)
        assert data["site_stories"] == 1


@pytest.mark.parametrize(
    "stories",
    [
        pytest.param([story("anping", "2024-03-01", placed("火炬", "2024-03-02"), draft=True)], id="rule5-draft"),
        pytest.param([story("anping", "2024-03-01", placed("学习强国", "2024-03-02", listed=False))],
                     id="rule6-pending-outlet"),
    ],
)
def test_rules5_and_6_drafts_and_pending_outlets_earn_nothing(stories):
    data = json_of(tally(stories, registry(), Y2024), "anping")
    assert data["points"] == 0.0
    assert data["placements_total"] == 0


def test_rule6_pending_is_counted_and_listed():
    pending = placed("学习强国", "2024-03-02", listed=False)
    stories = [story("anping", "2024-03-01", pending, placed("火炬", "2024-03-03"), co_units=("linhe",))]
    ranking = tally(stories, registry(), Y2024)
    assert json_of(ranking, "anping")["pending"] == 1
    assert json_of(ranking, "linhe")["pending"] == 1
    assert json_of(ranking, "anping")["points"] == 5.0
    assert [item.placement.outlet for item in ranking.pending] == ["学习强国"]


def test_rule5_drafts_are_not_site_stories():
    stories = [story("anping", "2024-03-01", draft=True), story("anping", "2024-04-01")]
    assert json_of(tally(stories, registry(), Y2024), "anping")["site_stories"] == 1


def test_rule7_cumulative_counts():
    stories = [
        story("anping", "2024-03-01", placed("火炬", "2024-03-02"), placed("江北日报", "2024-03-02"),
              placed("青州日报", "2024-03-02"), placed("安平融媒", "2024-03-02")),
        story("anping", "2024-04-01", placed("江北日报", "2024-04-02")),
    ]
    score = score_of(tally(stories, registry(), Y2024), "anping")
    assert score.placements == {"national": 1, "provincial": 2, "city": 1, "county": 1}
    assert score.at_or_above("national") == 1
    assert score.at_or_above("provincial") == 3
    assert score.at_or_above("city") == 4
    assert score.at_or_above("county") == score.placements_total == 5


def test_rule8_every_unit_appears_with_zeros():
    ranking = tally([], registry(), Y2024)
    assert [s.unit.id for s in ranking.units] == ["anping", "linhe", "qingxi", "jiaoyu"]
    assert json_of(ranking, "qingxi") == {
        "rank": 1, "id": "qingxi", "name": "清溪县关工委",
        "placements": {"national": 0, "provincial": 0, "city": 0, "county": 0},
        "placements_total": 0, "points": 0.0, "target": None, "completion": None, "site_stories": 0, "pending": 0,
    }


def test_rule9_equal_points_share_a_rank_and_ties_order_by_count_then_id():
    stories = [
        story("qingxi", "2024-03-01", placed("江北日报", "2024-03-02")),
        story("qingxi", "2024-05-01", placed("青州日报", "2024-05-02", "photo"), placed("安平融媒", "2024-05-03", "photo"),
              placed("江北日报", "2024-05-04", "reprint")),
        story("anping", "2024-03-01", placed("青州日报", "2024-03-02"), placed("安平融媒", "2024-03-03")),
        story("linhe", "2024-03-01", placed("青州日报", "2024-03-02"), placed("安平融媒", "2024-03-02"),
              placed("江北日报", "2024-03-03", "reprint")),
    ]
    ranking = tally(stories, registry(), Y2024)
    county = [(s.rank, s.unit.id, float(s.points), s.placements_total) for s in ranking.groups[0].units]
    # linhe and anping tie on points; linhe has more placements, so it is listed first.
    assert county == [(1, "qingxi", 6.5, 4), (2, "linhe", 3.0, 3), (2, "anping", 3.0, 2)]


def test_rule9_one_two_two_four():
    stories = [
        story("anping", "2024-03-01", placed("火炬", "2024-03-02")),
        story("linhe", "2024-03-01", placed("江北日报", "2024-03-02")),
        story("qingxi", "2024-03-01", placed("江北日报", "2024-03-02")),
    ]
    reg = registry()
    reg = Registry(reg.groups, [*reg.units, Unit("shimen", "石门县关工委", "county")], reg.outlets, reg.scoring)
    ranks = [(s.rank, s.unit.id) for s in tally(stories, reg, Y2024).groups[0].units]
    assert ranks == [(1, "anping"), (2, "linhe"), (2, "qingxi"), (4, "shimen")]


@pytest.mark.parametrize(
    ("unit", "target", "completion"),
    [
        pytest.param("anping", 20, 0.5, id="rule10-half"),
        pytest.param("jiaoyu", 8, 1.25, id="rule10-over-target"),
        pytest.param("qingxi", None, None, id="rule10-no-target"),
    ],
)
def test_rule10_completion_against_the_years_target(unit, target, completion):
    stories = [story(unit, "2024-03-01", placed("火炬", "2024-03-02"))]
    data = json_of(tally(stories, registry(), Y2024), unit)
    assert (data["target"], data["completion"]) == (target, completion)


def test_rule10_quarter_is_measured_against_its_years_target():
    stories = [story("anping", "2025-03-01", placed("江北日报", "2025-04-02"))]
    data = json_of(tally(stories, registry(), Period(2025, "quarter", 2)), "anping")
    assert (data["target"], data["completion"]) == (40, 0.125)


def test_rule11_rounding_is_half_up_and_sums_are_exact():
    # County 1 × photo 0.5, split two ways: 0.25 each, reported 0.3.
    half = [story("anping", "2024-03-01", placed("安平融媒", "2024-03-02", "photo"), co_units=("linhe",))]
    assert json_of(tally(half, registry(), Y2024), "anping")["points"] == 0.3
    # Three thirds of 1 point add up to 1.0, not 0.9.
    thirds = [
        story("anping", "2024-03-01", placed("安平融媒", "2024-03-02"), co_units=("linhe", "qingxi")),
        story("anping", "2024-04-01", placed("安平融媒", "2024-04-02"), co_units=("linhe", "qingxi")),
        story("anping", "2024-05-01", placed("安平融媒", "2024-05-02"), co_units=("linhe", "qingxi")),
    ]
    assert json_of(tally(thirds, registry(), Y2024), "anping")["points"] == 1.0
    assert json_of(tally(thirds, registry(), Y2024), "anping")["completion"] == 0.05
    assert round_half_up(Fraction(1, 3) * 2, 3) == 0.667


@pytest.mark.parametrize(
    ("placements", "counted"),
    [
        pytest.param([placed("青州日报", "2024-03-02"), placed("江北日报", "2024-03-05")], "江北日报", id="highest-points"),
        pytest.param([placed("江北日报", "2024-03-05"), placed("青州日报", "2024-03-02", section="头版头条"),
                      placed("安平融媒", "2024-03-01")], "江北日报", id="highest-after-factors"),
        pytest.param([placed("火炬", "2024-03-09", "photo"), placed("江北日报", "2024-03-05", "photo", "头版")],
                     "江北日报", id="highest-tie-earliest"),
        pytest.param([placed("江北日报", "2024-03-09", "photo", "头版"), placed("火炬", "2024-03-02", "photo")],
                     "火炬", id="highest-tie-earliest-whatever-the-order"),
    ],
)
def test_same_story_highest_counts_one_placement(placements, counted):
    ranking = tally([story("anping", "2024-03-01", *placements)], registry(same_story="highest"), Y2024)
    score = score_of(ranking, "anping")
    assert [i.placement.outlet for i in score.items if i.counted] == [counted]
    assert score.placements_total == 1


def test_same_story_highest_tie_on_date_goes_by_outlet_name():
    tied = [placed("青州日报", "2024-03-02"), Placement("东湖发布", True, "city", dt.date(2024, 3, 2))]
    ranking = tally([story("anping", "2024-03-01", *tied)], registry(same_story="highest"), Y2024)
    assert [i.placement.outlet for i in score_of(ranking, "anping").items if i.counted] == ["东湖发布"]


def test_same_story_each_counts_every_outlet():
    stories = [story("anping", "2024-03-01", placed("青州日报", "2024-03-02"), placed("江北日报", "2024-03-05"))]
    assert json_of(tally(stories, registry(), Y2024), "anping")["points"] == 7.0


def test_site_stories_count_by_story_date_with_co_units():
    stories = [story("anping", "2024-12-31"), story("linhe", "2024-06-01", co_units=("anping",)), story("anping", "2025-01-01")]
    assert json_of(tally(stories, registry(), Y2024), "anping")["site_stories"] == 2


@pytest.mark.parametrize(
    ("text", "period", "label"),
    [
        ("2024", Period(2024), "2024年度"),
        ("2024Q2", Period(2024, "quarter", 2), "2024年第二季度"),
        ("2024q4", Period(2024, "quarter", 4), "2024年第四季度"),
        ("2024-05", Period(2024, "month", 5), "2024年5月"),
        ("2024-5", Period(2024, "month", 5), "2024年5月"),
    ],
)
def test_period_parse_and_label(text, period, label):
    assert Period.parse(text) == period
    assert period.label() == label
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["24", "2024Q5", "2024-13", "2024年", "2024H1", ""])
def test_period_parse_rejects(text):
    with pytest.raises(ValueError, match="应为年份 2024、季度 2024Q2 或月份 2024-05"):
        Period.parse(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("２０２５", Period(2025)),
        ("２０２５Ｑ２", Period(2025, "quarter", 2)),
        ("２０２５－０３", Period(2025, "month", 3)),
        ("２０２５－０１．．２０２５－０９", Period(2025, "range", 1, 2025, 9)),
        ("2025-01～2025-09", Period(2025, "range", 1, 2025, 9)),
        ("2025-01~2025-09", Period(2025, "range", 1, 2025, 9)),
        ("2025-01—2025-09", Period(2025, "range", 1, 2025, 9)),
        ("2025-01 至 2025-09", Period(2025, "range", 1, 2025, 9)),
        ("\u30002025Q1\u3000", Period(2025, "quarter", 1)),
        ("2025 Q1", Period(2025, "quarter", 1)),
        ("2025 - 03", Period(2025, "month", 3)),
        ("2025-01 . . 2025-09", Period(2025, "range", 1, 2025, 9)),
    ],
)
def test_period_parse_reads_what_a_chinese_input_method_types(text, period):
    assert Period.parse(text) == period


@pytest.mark.parametrize("text", ["0000", "9999", "9999Q4", "9999-12", "9999-12..9999-12", "0000..0000-03"])
def test_period_parse_rejects_years_no_date_can_hold(text):
    with pytest.raises(ValueError, match=f"统计期“{text}”无效：年份应在 1—9998 之间"):
        Period.parse(text)


def test_period_parse_takes_any_year_a_story_may_be_dated_in():
    assert (Period.parse("1899"), Period.parse("9998-12")) == (Period(1899), Period(9998, "month", 12))


def test_period_parse_shows_the_text_as_typed_and_no_other_digits():
    with pytest.raises(ValueError, match="统计期“２０２５－１３”无效，应为年份"):
        Period.parse("２０２５－１３")
    with pytest.raises(ValueError, match="应为年份"):
        Period.parse("\u0662\u0660\u0662\u0665")  # Arabic-Indic digits, which int() would take


def test_default_year_and_periods_with_data():
    stories = [story("anping", "2024-12-30", placed("火炬", "2025-01-03")), story("linhe", "2023-05-01")]
    reg = registry()
    assert default_year(stories, reg, dt.date(2026, 11, 23)) == 2025
    assert default_year([], reg, dt.date(2026, 11, 23)) == 2026
    assert [str(p) for p in periods_with_data(stories, reg)] == ["2025", "2024", "2023", "2025Q1", "2024Q4", "2023Q2"]


# -- Invariants ------------------------------------------------------------------------------------

UNITS = ["anping", "linhe", "qingxi", "jiaoyu"]
placements_strategy = st.lists(
    st.builds(
        placed,
        st.sampled_from([*OUTLET_LEVELS, "待核定媒体"]),
        st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).map(str),
        st.sampled_from(["text", "photo", "video", "reprint"]),
        st.sampled_from([None, "头版", "第2版"]),
    ).map(lambda p: dataclasses.replace(p, listed=p.outlet in OUTLET_LEVELS)),
    max_size=4,
    unique_by=lambda p: p.outlet,
)
stories_strategy = st.lists(
    st.tuples(
        st.sampled_from(UNITS),
        st.lists(st.sampled_from(UNITS), max_size=2, unique=True),
        placements_strategy,
        st.booleans(),
    ),
    max_size=12,
)


def build_stories(specs) -> list[Story]:
    result = []
    for index, (unit, co, placements, draft) in enumerate(specs):
        co_units = tuple(u for u in co if u != unit)
        result.append(story(unit, "2024-01-01", *placements, co_units=co_units, draft=draft, src=f"news/s{index:03}.md"))
    return result


@settings(max_examples=150, deadline=None)
@given(stories_strategy, st.sampled_from(["each", "highest"]))
def test_unit_points_add_up_to_placement_points(specs, same_story):
    reg = registry(same_story=same_story)
    stories = build_stories(specs)
    ranking = tally(stories, reg, Y2024)
    placement_points = sum((item.points for item in score_placements(stories, reg)), Fraction(0))
    assert sum((score.points for score in ranking.units), Fraction(0)) == placement_points


@settings(max_examples=150, deadline=None)
@given(stories_strategy)
def test_ranks_are_consistent_with_points(specs):
    ranking = tally(build_stories(specs), registry(), Y2024)
    for group in ranking.groups:
        for position, (above, below) in enumerate(zip(group.units, group.units[1:]), start=2):
            assert above.points >= below.points
            assert below.rank == (above.rank if above.points == below.points else position)
        assert not group.units or group.units[0].rank == 1


@settings(max_examples=100, deadline=None)
@given(stories_strategy, st.randoms(use_true_random=False))
def test_reordering_and_renaming_files_changes_nothing(specs, rand):
    stories = build_stories(specs)
    shuffled = list(stories)
    rand.shuffle(shuffled)
    renamed = [dataclasses.replace(s, src=f"news/other/{rand.random():.12f}.md") for s in shuffled]
    expected = exports.to_json(tally(stories, registry(), Y2024))
    assert exports.to_json(tally(shuffled, registry(), Y2024)) == expected
    assert exports.to_json(tally(renamed, registry(), Y2024)) == expected


# -- Cumulative periods (ranges of months) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start_month", "shown", "label"),
    [
        ("2025-01..2025-09", 1, "2025-01..2025-09", "2025年1—9月累计"),
        ("2025Q1..2025Q3", 1, "2025-01..2025-09", "2025年1—9月累计"),
        ("2025..2025-09", 1, "2025-01..2025-09", "2025年1—9月累计"),
        ("2025Q1..2025-08", 1, "2025-01..2025-08", "2025年1—8月累计"),
        ("2025-03..2025-03", 1, "2025-03..2025-03", "2025年3月累计"),
        ("2025-01..2025", 1, "2025-01..2025-12", "2025年1—12月累计"),
        ("2025..2026-03", 8, "2025-08..2026-03", "2025年8月—2026年3月累计"),
        (" 2025-1 .. 2025-9 ", 1, "2025-01..2025-09", "2025年1—9月累计"),
    ],
)
def test_range_parse_text_and_label(text, start_month, shown, label):
    period = Period.parse(text, start_month)
    assert (period.kind, str(period), period.label(start_month)) == ("range", shown, label)
    assert Period.parse(str(period), start_month) == period


@pytest.mark.parametrize(
    ("text", "start_month", "reason"),
    [
        ("2025-09..2025-01", 1, "结束月份早于开始月份"),
        ("2025Q3..2025Q1", 1, "结束月份早于开始月份"),
        ("2024-06..2025-02", 1, "跨越了统计年度（2024年度）"),
        ("2024-01..2025-01", 1, "跨越了统计年度（2024年度）"),  # 13 months
        ("2025-07..2025-09", 8, "跨越了统计年度（2024年度）"),  # July ends the 2024 year starting in August
        ("2025..", 1, "无效，应为“起..止”"),
        ("..2025-09", 1, "无效，应为“起..止”"),
        ("2025-01..2025-13", 1, "无效，应为“起..止”"),
        ("2025-01..2025-05..2025-09", 1, "无效，应为“起..止”"),
    ],
)
def test_range_parse_rejects_with_one_message(text, start_month, reason):
    with pytest.raises(ValueError) as caught:
        Period.parse(text, start_month)
    message = str(caught.value)
    assert message.startswith("累计统计期“") and reason in message
    assert "同一统计年度内（最长 12 个月" in message


def test_range_equals_the_sum_of_its_months_and_ranks_are_recomputed():
    stories = [
        story("anping", "2025-01-05", placed("火炬", "2025-01-06")),  # anping leads in January
        story("linhe", "2025-02-03", placed("江北日报", "2025-02-04"), placed("青州日报", "2025-02-05")),
        story("linhe", "2025-03-01", placed("火炬", "2025-03-02", section="头版")),  # 20: linhe leads Q1
        story("qingxi", "2025-03-09", placed("安平融媒", "2025-03-10"), co_units=("anping",)),
        story("qingxi", "2025-04-01", placed("火炬", "2025-04-01")),  # outside the range
        story("anping", "2024-12-31", placed("火炬", "2024-12-31")),  # outside the range
    ]
    reg = registry()
    months = [tally(stories, reg, Period(2025, "month", m)) for m in (1, 2, 3)]
    ranged = tally(stories, reg, Period.parse("2025-01..2025-03"))
    for unit in UNITS:
        scores = [score_of(month, unit) for month in months]
        assert score_of(ranged, unit).points == sum((s.points for s in scores), Fraction(0))
        assert score_of(ranged, unit).placements_total == sum(s.placements_total for s in scores)
        assert score_of(ranged, unit).site_stories == sum(s.site_stories for s in scores)
    assert [(s.unit.id, s.rank) for s in months[0].groups[0].units][0] == ("anping", 1)
    assert [(s.unit.id, s.rank) for s in ranged.groups[0].units] == [("linhe", 1), ("anping", 2), ("qingxi", 3)]
    assert ranged.groups == tally(stories, reg, Period.parse("2025Q1")).groups
    assert exports.ranking_json(ranged)["period"] == "2025-01..2025-03"


def test_range_completion_is_against_the_years_target():
    stories = [story("anping", "2025-02-01", placed("火炬", "2025-02-02"))]
    ranged = tally(stories, registry(), Period.parse("2025-01..2025-09"))
    assert json_of(ranged, "anping")["target"] == 40
    assert json_of(ranged, "anping")["completion"] == 0.25
    assert Period.parse("2025..2026-03", 8).target_year(8) == 2025


def test_year_to_date_label():
    assert Period(2025).year_to_date_label(dt.date(2025, 9, 30)) == "2025年度（1—9月累计）"
    assert Period(2025).year_to_date_label(dt.date(2025, 1, 3)) == "2025年度（1月累计）"
    assert Period(2025).year_to_date_label(dt.date(2026, 3, 1), 8) == "2025年度（2025年8月—2026年3月累计）"


# -- Unit lifecycle (since/until) --------------------------------------------------------------------


def test_a_unit_is_ranked_only_in_the_years_it_existed():
    reg = registry()
    units = [*reg.units[:2], dataclasses.replace(reg.units[2], since=2025),
             dataclasses.replace(reg.units[1], id="old", name="老城区关工委", until=2024, aliases=())]
    reg = Registry(reg.groups, units, reg.outlets, reg.scoring)
    stories = [story("old", "2024-05-01", placed("火炬", "2024-05-02")),
               story("qingxi", "2025-05-01", placed("火炬", "2025-05-02"))]
    ranked = {str(p): [s.unit.id for s in tally(stories, reg, p).groups[0].units]
              for p in (Period(2024), Period(2025), Period(2024, "quarter", 2), Period.parse("2025-01..2025-06"))}
    assert ranked == {"2024": ["old", "anping", "linhe"], "2025": ["qingxi", "anping", "linhe"],
                      "2024Q2": ["old", "anping", "linhe"], "2025-01..2025-06": ["qingxi", "anping", "linhe"]}
    assert score_of(tally(stories, reg, Period(2024)), "old").points == 10


def test_unit_lifecycle_follows_the_statistical_year():
    reg = registry(year_start_month=8)
    gone = dataclasses.replace(reg.units[1], until=2024)
    reg = Registry(reg.groups, [reg.units[0], gone], reg.outlets, reg.scoring)
    # 2025-07 still belongs to the 2024 statistical year.
    assert "linhe" in [s.unit.id for s in tally([], reg, Period(2025, "month", 7)).units]
    assert "linhe" not in [s.unit.id for s in tally([], reg, Period(2025, "month", 8)).units]
