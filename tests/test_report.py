"""`gwsite report`: the 宣传工作通报 as a Word document, read back with python-docx as Word would
read it: every number against `gwsite tally --format json` and the correspondent tally, the page
layout of GB/T 9704, the issued numbers of an issued period, the command's refusals, and the same
bytes for the same content."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import REPO, sample_copy

EPOCH = "1768435200"  # 2026-01-15 08:00 +08:00
REPORT = "通报.docx"


class Doc:
    """A .docx as its reader sees it: paragraphs (style, text) and tables in body order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.document = Document(str(path))
        self.blocks: list[tuple[str, str] | list[list[str]]] = []
        for element in self.document.element.body.iterchildren():
            if element.tag == qn("w:p"):
                paragraph = Paragraph(element, self.document)
                if paragraph.text:
                    self.blocks.append((paragraph.style.name, paragraph.text))
            elif element.tag == qn("w:tbl"):
                table = Table(element, self.document)
                self.blocks.append([[cell.text for cell in row.cells] for row in table.rows])

    def texts(self, style: str | None = None) -> list[str]:
        return [b[1] for b in self.blocks if isinstance(b, tuple) and (style is None or b[0] == style)]

    def section(self, heading: str) -> list:
        """The blocks after the Heading 1 that starts with `heading`, up to the next one."""
        start = next(i for i, b in enumerate(self.blocks) if isinstance(b, tuple) and b[0] == "Heading 1"
                     and b[1].endswith(heading))
        end = next((i for i, b in enumerate(self.blocks[start + 1:], start + 1)
                    if isinstance(b, tuple) and b[0] == "Heading 1"), len(self.blocks))
        return self.blocks[start + 1:end]

    def group_tables(self) -> dict[str, list[list[str]]]:
        """二、各单位排名: sub-heading (without its number) → table."""
        tables, heading = {}, None
        for block in self.section("各单位排名"):
            if isinstance(block, tuple) and block[0] == "Heading 2":
                heading = re.sub(r"^（.）", "", block[1])
            elif isinstance(block, list):
                tables[heading] = block
        return tables


@pytest.fixture
def report(gwsite):
    """Run `gwsite report PERIOD -o 通报.docx` in `site` and read the document."""

    def make(site: Path, period: str, *args: str) -> Doc:
        result = gwsite(site, "report", period, "-o", REPORT, *args)
        assert result.exit_code == 0, result.output
        return Doc(site / REPORT)

    return make


def tally_json(gwsite, site: Path, period: str) -> dict:
    result = gwsite(site, "tally", "--period", period, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_units_match(doc: Doc, data: dict) -> None:
    """Every group table of the document holds exactly the JSON's numbers, row by row."""
    tables = doc.group_tables()
    assert list(tables) == [group["name"] for group in data["groups"]]
    for group in data["groups"]:
        head, *rows = tables[group["name"]]
        levels = list(group["units"][0]["placements"]) if group["units"] else []
        assert head[:2] == ["名次", "单位"] and head[-3:] == ["得分", "任务分值", "完成率"]
        assert len(rows) == len(group["units"])
        for row, unit in zip(rows, group["units"]):
            completion = "—" if unit["completion"] is None else f"{unit['completion'] * 100:.1f}%"
            target = "—" if unit["target"] is None else str(unit["target"])
            expected = [str(unit["rank"]), unit["name"], *(str(unit["placements"][k]) for k in levels),
                        f"{unit['points']:.1f}", target, completion]
            assert row == expected


AUTHORS = {  # story file → authors, added to the ranking fixture
    "2024/s1-anping.md": "[张明]",
    "2024/s2-linhe.md": "[李红, 王强]",
    "2025/s6-gongan.md": "[赵六]",
    "2025/s7-linhe.md": "[李红]",
    "2025/s8-anping.md": "[张明, 李红]",
}


def with_authors(site: Path) -> Path:
    for name, authors in AUTHORS.items():
        path = site / "content/news" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^(unit: .*)$", rf"\1\nauthors: {authors}", text, count=1, flags=re.M), encoding="utf-8")
    return site


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return with_authors(make_site("ranking"))


# ---------------------------------------------------------------- the numbers


def test_fixture_units_match_the_tally_json(site, report, gwsite):
    doc = report(site, "2025")
    assert_units_match(doc, tally_json(gwsite, site, "2025"))
    assert doc.texts("Title") == ["关于2025年度全市关工委系统\n宣传工作情况的通报"]


def test_overview_counts_by_hand_and_against_a_year_earlier(site, report):
    # 2025: stories s6, s7, s8 (s5 is a draft); placements 中国火炬 (s7), 江北日报 ×2 (s3 in January, s8),
    # 青州日报 and 安平融媒 (s6). 2024: four stories; six placements, 学习强国 pending.
    overview = [b[1] for b in report(site, "2025").section("总体情况")]
    assert overview[0] == ("2025年度（统计截至2025年12月31日），全市关工委系统各单位在网站发布稿件3篇，被各级媒体刊用5篇次，"
                           "其中中央级1篇、省级2篇、市级1篇、县级1篇，省级（含）以上3篇。")
    assert overview[1] == ("上年同期（2024年度）网站稿件4篇，媒体刊用6篇次。与之相比，网站稿件减少1篇（下降25.0%）；"
                           "媒体刊用减少1篇次（下降16.7%）；省级（含）以上刊用持平。")
    assert len(overview) == 2  # no pending placement in 2025: no appendix


def test_a_year_without_an_earlier_one_says_so_and_lists_pending_placements(site, report):
    doc = report(site, "2024")
    overview = [b[1] for b in doc.section("总体情况")]
    assert overview[1] == "上年同期（2023年度）无统计数据，不作同比。"
    assert overview[2].startswith("另有1条刊用记录所在媒体尚未列入媒体名录（待核定）")
    assert doc.blocks[-1] == [["序号", "媒体", "稿件标题", "单位", "刊发日期"],
                              ["1", "学习强国江北学习平台", "清溪县关工委年终走访", "清溪县关工委", "2024-12-30"]]
    assert ("Heading 1", "附件") in doc.blocks
    assert "附件：2024年度待核定媒体刊用记录" in doc.texts()


def test_correspondents_by_hand(site, report):
    # 李红 of 临河 (s7): 中国火炬 图片 头版 10 × 0.5 × 2 = 10. 赵六 (s6): 青州日报 2 + 安平融媒 1.
    # s8 (安平, 江北日报 5 points) by 张明 and 李红, unlisted, so of the story's unit 安平: 2.5 each,
    # tied; listed by name. s3's placement has no author and credits nobody.
    section = report(site, "2025").section("优秀通讯员")
    assert section[0][1].startswith("根据通讯员个人得分排名，建议对以下4名同志予以通报表扬")
    assert section[1] == [
        ["名次", "姓名", "单位", "网站稿件", "中央级", "省级", "市级", "县级", "得分"],
        ["1", "李红", "临河区关工委", "1", "1", "0", "0", "0", "10.0"],
        ["2", "赵六", "市公安局关工委", "1", "0", "0", "1", "1", "3.0"],
        ["3", "张明", "安平县关工委", "1", "0", "1", "0", "0", "2.5"],
        ["3", "李红", "安平县关工委", "1", "0", "1", "0", "0", "2.5"],
    ]


def test_correspondents_match_the_correspondent_tally_on_the_sample(tmp_path, monkeypatch, report):
    from gwsite.command import load_project
    from gwsite.ranking.correspondents import tally_correspondents
    from gwsite.ranking.labels import points_text
    from gwsite.ranking.tally import Period

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    portal = sample_copy(tmp_path)
    doc = report(portal, "2025")
    site = load_project(str(portal / "mkdocs.yml")).load()
    people = tally_correspondents(site.stories, site.registry, Period(2025)).correspondents
    chosen = [c for c in people if c.rank <= 10 and c.points > 0]
    table = doc.section("优秀通讯员")[1]
    assert len(chosen) >= 10
    assert table[1:] == [[str(c.rank), c.name, c.unit.name, str(c.site_stories),
                          *(str(n) for n in c.placements.values()), points_text(c.points)] for c in chosen]


def test_sample_units_and_totals_match_the_tally_json(tmp_path, monkeypatch, report, gwsite):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    portal = sample_copy(tmp_path)
    doc = report(portal, "2025")
    assert_units_match(doc, tally_json(gwsite, portal, "2025"))
    # The totals count each placement once, however many units share it.
    result = gwsite(portal, "tally", "--period", "2025", "--placements", "--format", "json")
    placements = {(p["path"], p["outlet"], p["date"]): p["level"] for p in json.loads(result.output)["placements"]}
    levels = ["中央级", "省级", "市级", "县级"]
    counts = [sum(1 for level in placements.values() if level == name) for name in levels]
    overview = doc.section("总体情况")[0][1]
    assert f"被各级媒体刊用{len(placements)}篇次" in overview
    assert "、".join(f"{name}{count}篇" for name, count in zip(levels, counts)) in overview
    assert f"省级（含）以上{counts[0] + counts[1]}篇" in overview


def test_an_issued_period_shows_its_issued_numbers_and_cut_off(site, report, gwsite, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")  # 2025-07-01, after every date of the content
    assert gwsite(site, "issue", "2025Q1", "--cutoff", "2025-02-28").exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    story = site / "content/news/2025/s7-linhe.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "section: 头版}", "section: 头版}\n  - {outlet: 青州日报, date: 2025-02-10}"), encoding="utf-8")
    doc = report(site, "2025Q1")
    issued = tally_json(gwsite, site, "2025Q1")
    assert issued["issued"] == {"date": "2025-07-01", "cutoff": "2025-02-28"}
    assert_units_match(doc, issued)
    linhe = doc.group_tables()["县（市、区）关工委"][1]
    assert linhe[1] == "临河区关工委" and linhe[-3] == "10.0"  # as issued: not the 12.0 the content gives now
    overview = doc.section("总体情况")[0][1]
    assert overview.startswith("2025年第一季度（统计截至2025年2月28日，2025年7月1日通报），全市关工委系统各单位"
                               "在网站发布稿件1篇，被各级媒体刊用2篇次，其中中央级1篇、省级1篇")
    # The correspondents of the issued placements: s6 and s8 were placed after the cut-off, and
    # the placement added since the issue counts for nobody.
    assert doc.section("优秀通讯员")[1][1:] == [["1", "李红", "临河区关工委", "1", "1", "0", "0", "0", "10.0"]]
    assert doc.texts()[-1] == "2025年7月1日"  # dated the day it was issued, not today


def test_a_range_period(site, report, gwsite):
    doc = report(site, "2025-01..2025-03")
    assert_units_match(doc, tally_json(gwsite, site, "2025-01..2025-03"))
    assert doc.texts("Title") == ["关于2025年1—3月全市关工委系统\n宣传工作情况的通报"]
    assert doc.section("总体情况")[0][1].startswith("2025年1—3月（统计截至2025年3月31日）")


def test_report_options_in_mkdocs_yml(site, report):
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("  - gwsite\n", (
        "  - gwsite:\n"
        "      report:\n"
        "        issuer: 某某市关工委办公室\n"
        "        title: 关于{period}宣传工作的通报\n"
        "        recipients: 各成员单位：\n"
        "        commend: met_target\n"
        "        date: 2025-02-01\n")), encoding="utf-8")
    units = site / "content/_data/units.yml"
    # 安平 earned exactly 14 points in 2024 (青州日报 头版 4 + 中国火炬 10): 100% is a met target.
    units.write_text(units.read_text(encoding="utf-8").replace("{2024: 20, 2025: 30}", "{2024: 14, 2025: 30}"),
                     encoding="utf-8")
    doc = report(site, "2024")
    assert doc.texts("Title")[0] == "关于2024年度宣传工作的通报"
    assert doc.texts()[1] == "各成员单位："
    assert doc.section("先进集体")[1:] == [("Normal", "县（市、区）关工委：安平县关工委。")]
    texts = doc.texts()
    signed = texts.index("某某市关工委办公室")
    assert texts[signed + 1] == "2025年2月1日"


def test_names_with_characters_xml_cannot_hold_are_written(site, report):
    """units.yml keeps a name's control characters (an escape in quotes): the document drops them
    rather than failing with lxml's ValueError."""
    units = site / "content/_data/units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "    name: 安平县关工委\n", '    name: "安平县\\x01关工委\\uffff"\n    aliases: [安平县关工委]\n'), encoding="utf-8")
    doc = report(site, "2024")
    assert doc.group_tables()["县（市、区）关工委"][1][1] == "安平县关工委"
    assert "县（市、区）关工委：安平县关工委、临河区关工委。" in doc.texts()


def test_a_group_without_units_says_so_instead_of_an_empty_table(site, report):
    units = site / "content/_data/units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "groups:\n", "groups:\n  - id: town\n    name: 乡镇关工委\n"), encoding="utf-8")
    section = report(site, "2024").section("各单位排名")
    assert section[1:3] == [("Heading 2", "（一）乡镇关工委"), ("Normal", "本组在本统计期没有参加排名的单位。")]
    assert section[3] == ("Heading 2", "（二）县（市、区）关工委")
    assert len([block for block in section if isinstance(block, list)]) == 2


def test_top_units_are_commended_by_default(site, report):
    section = report(site, "2024").section("先进集体")
    assert section == [("Normal", "根据各单位得分排名，建议对各组得分前3名的以下单位予以通报表扬："),
                       ("Normal", "县（市、区）关工委：安平县关工委、临河区关工委。"),
                       ("Normal", "市直单位关工委：市教育局关工委。")]


def test_correspondents_tied_at_the_last_place_are_listed_and_the_rule_is_said(site, report):
    """2024: 张明 first, 李红 and 王强 second with equal points; two places make three people."""
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - gwsite\n", "  - gwsite:\n      report:\n        correspondents_top: 2\n"), encoding="utf-8")
    intro, table = report(site, "2024").section("优秀通讯员")
    assert intro == ("Normal", "根据通讯员个人得分排名，建议对以下3名同志（得分前2名，与第2名得分相同的一并列入）予以通报表扬"
                               "（稿件的每位作者都计入该稿件的各次刊用，得分由作者平分）：")
    assert [row[:2] for row in table[1:]] == [["1", "张明"], ["2", "李红"], ["2", "王强"]]


def test_scoring_rules_are_stated(site, report):
    rules = [b[1] for b in report(site, "2025").section("计分办法") if re.match(r"\d+\.", b[1])]
    assert rules[0] == "1.每条刊用记录按媒体级别计分：中央级 10 分，省级 5 分，市级 2 分，县级 1 分。"
    assert "2.再按稿件类型乘以系数：文字 1 倍，图片 0.5 倍，视频 1.5 倍，转载 0 倍。" in rules
    assert any("“头版”乘以 2" in rule for rule in rules)
    assert rules[-1].endswith("得分由作者平分。")


# ---------------------------------------------------------------- the layout


def test_page_and_fonts_as_gb_t_9704_sets_them(site, report):
    doc = report(site, "2025").document
    section = doc.sections[0]
    for length, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                       (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(length - Mm(mm)) < Mm(0.1)

    def east_asia(style) -> str:
        return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    styles = doc.styles
    assert (east_asia(styles["Title"]), styles["Title"].font.size) == ("方正小标宋简体", Pt(22))
    assert (east_asia(styles["Normal"]), styles["Normal"].font.size) == ("仿宋_GB2312", Pt(16))
    assert (east_asia(styles["Heading 1"]), east_asia(styles["Heading 2"])) == ("黑体", "楷体_GB2312")
    body = styles["Normal"].paragraph_format
    assert body.first_line_indent == Pt(32)
    assert body.line_spacing_rule is not None and 28 <= body.line_spacing.pt <= 29
    assert styles["表格文字"].font.size == Pt(12)
    # The missing fonts' stand-ins, in the font table Word and WPS substitute by.
    fonts = zipfile.ZipFile(site / REPORT).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    # Header rows repeat on every page.
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Table Grid"


def test_page_numbers_are_a_page_field(site, report):
    doc = report(site, "2025").document
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        xml = footer._element.xml
        assert footer.paragraphs[0].text == "— 1 —"
        assert 'w:fldCharType="begin"' in xml and "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>" in xml
        assert footer.paragraphs[0].style.name == "Footer"
        assert footer.paragraphs[0].style.font.size == Pt(14)


def test_the_same_content_gives_the_same_bytes(site, gwsite, monkeypatch):
    """python-docx dates the zip's entries and the core properties with the clock: both are fixed,
    to SOURCE_DATE_EPOCH when set, else to the document's date."""
    import datetime as dt

    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    for epoch, when in ((EPOCH, dt.datetime(2026, 1, 15, 8)), (None, dt.datetime.combine(today, dt.time()))):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH")
        outputs = []
        for name in ("a.docx", "b.docx"):
            assert gwsite(site, "report", "2024", "-o", name).exit_code == 0
            outputs.append((site / name).read_bytes())
        assert outputs[0] == outputs[1]
        times = {info.date_time for info in zipfile.ZipFile(io.BytesIO(outputs[0])).infolist()}
        assert times == {when.timetuple()[:6]}
        properties = Document(io.BytesIO(outputs[0])).core_properties
        utc = when.replace(tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(dt.timezone.utc)
        assert properties.created == properties.modified == utc


# ---------------------------------------------------------------- the command's refusals


@pytest.mark.parametrize("args, code, message", [
    ((), 2, "请用 -o 指定保存的 Word 文件，如 -o 宣传工作通报.docx"),
    (("-o", "通报.doc"), 2, "通报是 Word 文档，文件名应以 .docx 结尾，如 -o 宣传工作通报.docx，不是“通报.doc”"),
    (("-o", "没有的文件夹/通报.docx"), 1, "错误：无法写入 没有的文件夹/通报.docx：文件夹 没有的文件夹 不存在，请先建好文件夹或换一个位置"),
], ids=["no-output", "wrong-suffix", "missing-folder"])
def test_the_commands_refusals(site, gwsite, args, code, message):
    result = gwsite(site, "report", "2025", *args)
    assert result.exit_code == code
    assert message in result.output
    assert not list(site.glob("*.docx")) and not (site / "没有的文件夹").exists()


def test_content_with_errors_is_refused(site, gwsite):
    story = site / "content/news/2025/s6-gongan.md"
    story.write_text(story.read_text(encoding="utf-8").replace("unit: 市公安局关工委", "unit: 不存在的单位"),
                     encoding="utf-8")
    result = gwsite(site, "report", "2025", "-o", REPORT)
    assert result.exit_code == 1
    assert "错误：稿件或名录有 1 处错误，不能生成通报，请先按 gwsite check 的提示修改" in result.output
    assert not (site / REPORT).exists()


def test_a_period_not_yet_begun_is_refused(site, gwsite):
    """The clock (SOURCE_DATE_EPOCH) is in January 2026: 2026 has begun, 2026Q2 has not."""
    result = gwsite(site, "report", "2026Q2", "-o", REPORT)
    assert result.exit_code == 1
    assert result.output == "错误：统计期 2026Q2（2026年第二季度）尚未开始（从 2026-04-01 起），不能生成通报\n"
    assert not (site / REPORT).exists()
    assert gwsite(site, "report", "2026", "-o", REPORT).exit_code == 0


def test_the_first_year_a_date_can_hold_has_no_year_before_it(site, report):
    doc = report(site, "0001")
    assert doc.section("总体情况")[1] == ("Normal", "上年同期无统计数据，不作同比。")


def test_a_bad_period_is_a_usage_error(site, gwsite):
    result = gwsite(site, "report", "2025Q5", "-o", REPORT)
    assert result.exit_code == 2
    assert "统计期“2025Q5”无效" in result.output


def test_a_bad_report_option_is_a_config_error(site, gwsite):
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - gwsite\n", "  - gwsite:\n      report:\n        commend: all\n"), encoding="utf-8")
    result = gwsite(site, "report", "2025", "-o", REPORT)
    assert result.exit_code == 1
    assert "commend" in result.output and "top" in result.output


@pytest.mark.parametrize("option, message", [
    ("commend: all", "plugins.gwsite.report.commend: report 的 commend 应为 top（各组得分前 commend_top 名）或 "
                     "met_target（完成年度宣传任务的单位），不是 “all”"),
    ("commend_top: -1", "plugins.gwsite.report.commend_top: report 的 commend_top 应为 1 到 1000 之间的整数，不是 -1"),
    ("commend_top: '3'", "plugins.gwsite.report.commend_top: report 的 commend_top 应为 1 到 1000 之间的整数，不是 “3”"),
    ("correspondents_top: true",
     "plugins.gwsite.report.correspondents_top: report 的 correspondents_top 应为 1 到 1000 之间的整数，不是 true"),
    ("correspondents_top: 99999999999999999999", "plugins.gwsite.report.correspondents_top: report 的 "
     "correspondents_top 应为 1 到 1000 之间的整数，不是 99999999999999999999"),
    ("date: 20260110", "plugins.gwsite.report.date: report 的 date 应为成文日期，如 2025-12-31（不带时刻），不是 20260110"),
    ("date: 2026-01-10 09:00:00",
     "plugins.gwsite.report.date: report 的 date 应为成文日期，如 2025-12-31（不带时刻），不是 2026-01-10 09:00:00"),
    ("date: '2026-02-30'",
     "plugins.gwsite.report.date: report 的 date 应为成文日期，如 2025-12-31（不带时刻），不是 “2026-02-30”"),
    ("date: 2026-02-30", "plugins.gwsite.report.date: 日期“2026-02-30”无效，应为 2025-12-31 这样的有效日期"),
    ("title: 123", "plugins.gwsite.report.title: report 的 title 应为文字（通报标题），不是 123"),
    ('title: "关于{period}\\x01的通报"',
     "plugins.gwsite.report.title: report 的 title 含有看不见的控制字符 '\\x01'（写成了转义符），请删去"),
    ("signature: [某某办公室]", "plugins.gwsite.report.signature: report 的 signature 应为文字（落款），不是 ['某某办公室']"),
], ids=["commend", "negative-top", "quoted-top", "boolean-top", "huge-top", "number-date", "date-and-time",
        "quoted-bad-date", "bad-date", "number-title", "control-character", "list-signature"])
def test_each_bad_report_option_is_one_chinese_message_with_its_line(site, gwsite, option, message):
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - gwsite\n", f"  - gwsite:\n      report:\n        issuer: 某某办公室\n        {option}\n"), encoding="utf-8")
    line = 1 + mkdocs.read_text(encoding="utf-8").splitlines().index(f"        {option}")
    result = gwsite(site, "report", "2025", "-o", REPORT)
    assert result.exit_code == 1
    assert result.output == f"错误：mkdocs.yml:{line}: {message}\n"
    assert not (site / REPORT).exists()


def test_a_misspelt_report_option_is_a_warning_not_silence(site, gwsite):
    """`comend: met_target` was left out without a word, and the document commended the top 3."""
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - gwsite\n", "  - gwsite:\n      report:\n        comend: met_target\n"), encoding="utf-8")
    result = gwsite(site, "report", "2025", "-o", REPORT)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "mkdocs.yml:11: plugins.gwsite.report.comend: 警告：未知的设置“comend”，已忽略；请检查拼写"
        "（mkdocs build --strict 会因此停止）")


def test_a_quoted_report_date_is_read(site, report):
    mkdocs = site / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - gwsite\n", "  - gwsite:\n      report:\n        date: '2026-01-10'\n"), encoding="utf-8")
    assert "2026年1月10日" in report(site, "2025").texts()


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice Writer and poppler-utils are not installed")
def test_libreoffice_converts_the_document(site, report, tmp_path):
    report(site, "2024")
    result = subprocess.run(["bash", str(REPO / "scripts/report-preview.sh"), str(site / REPORT), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "out").glob("*.png"))
    assert len(pages) >= 2 and all(page.stat().st_size > 10_000 for page in pages)


def test_a_running_year_is_compared_with_the_same_days_a_year_earlier(site, report, monkeypatch):
    # On 2025-06-15 the newest date counted is 2025-06-01 (安平融媒 for s6): 2024 up to 2024-06-01
    # has s1 and s2, with 青州日报, 中国火炬, 江北日报 and 安平融媒.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1749945600")
    overview = [b[1] for b in report(site, "2025").section("总体情况")]
    assert overview[0].startswith("2025年度（统计截至2025年6月1日），")
    assert overview[1] == ("上年同期（2024年度，截至2024年6月1日）网站稿件2篇，媒体刊用4篇次。与之相比，网站稿件增加1篇"
                           "（增长50.0%）；媒体刊用增加1篇次（增长25.0%）；省级（含）以上刊用增加1篇（增长50.0%）。")
