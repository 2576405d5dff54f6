"""The scoring rules in words, as the ranking page and the 通报's 计分办法 both state them: one
wording, so the page and the document the office issues never disagree."""

from __future__ import annotations

from fractions import Fraction

from ..content.registry import Scoring
from .labels import COMPLETION, PENDING
from .tally import exact, round_half_up


def short(value: Fraction) -> str:
    """A factor or share without needless zeros: 2, 0.5, 1.67."""
    text = f"{round_half_up(value, 2):.2f}".rstrip("0").rstrip(".")
    return text


def scoring_rules(scoring: Scoring) -> tuple[str, ...]:
    """Each rule of `scoring` (levels' points, types' factors, sections, same_story, the year) as a sentence."""
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
    rules.append(f"媒体名录中尚未列入的媒体为“{PENDING}”，办公室核定级别前不计分。")
    rules.append(f"{COMPLETION} = 得分 ÷ 所在统计年度的宣传任务分值（季度、月份和累计期也按全年任务计算）；得分相同的单位名次并列，按上稿篇数、单位代码先后列出。")
    return tuple(rules)
