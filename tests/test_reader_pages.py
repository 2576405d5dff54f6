"""The ranking, unit and units pages as a reader of the portal sees them: the tables keep 名次, 单位,
得分 and 完成率 on a phone, the 待核定 list is explained in plain words, a unit's news comes first,
a notice's card shows its text rather than its addressees, and the printed ranking says who issues
it and the date it counts to. (The browser checks at 375 px are in tests/e2e/test_browse_ranking.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from conftest import built_copy


def page(site: Path, path: str):
    return lxml.html.fromstring((site / "site" / path / "index.html").read_text(encoding="utf-8"))


def text(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", element.text_content()).strip()  # U+3000 is kept


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


PHONE_COLUMNS = ["名次", "单位", "得分", "年度任务完成率"]


@pytest.mark.parametrize("path", ["ranking", "ranking/2024", "ranking/2024q2"])
def test_ranking_tables_keep_rank_unit_points_and_completion_on_a_phone(sample_portal, path):
    html = page(sample_portal, path)
    tables = html.xpath("//table[contains(@class, 'gw-ranking__table')]")
    assert len(tables) == 2
    for table in tables:
        heads = table.xpath("./thead/tr/th")
        shown = [text(th) for th in heads if "gw-narrow-hide" not in classes(th)]
        assert shown == PHONE_COLUMNS  # every other column is hidden on a phone …
        for row in table.xpath("./tbody/tr"):
            cells = row.xpath("./td")
            assert len(cells) == len(heads)
            for th, td in zip(heads, cells):  # … each cell as its column
                assert ("gw-narrow-hide" in classes(th)) == ("gw-narrow-hide" in classes(td))
            # … and told under the unit's name, a line shown only there.
            (details,) = cells[1].xpath(".//span[contains(@class, 'gw-ranking__details')]")
            assert "gw-narrow-only" in classes(details)
            total = text(cells[[text(th) for th in heads].index("上稿合计")])
            assert text(details).startswith(f"上稿 {total} 篇次 · 任务 ")


def test_labels_use_full_width_brackets(sample_portal):
    html = (sample_portal / "site/ranking/index.html").read_text(encoding="utf-8")
    assert ">省级（含）以上</th>" in html and ">市级（含）以上</th>" in html
    assert "(含)" not in html
    csv = (sample_portal / "site/ranking/2025/ranking.csv").read_text(encoding="utf-8-sig")
    assert "省级（含）以上,市级（含）以上" in csv.splitlines()[0]  # the download reads as the page


def test_the_unit_audit_keeps_points_on_a_phone_and_its_news_comes_first(sample_portal):
    html = page(sample_portal, "units/linhe")
    headings = [text(h) for h in html.xpath("//article//h2")]
    assert headings[0].startswith("本单位稿件") and headings[1] == "刊用与得分明细"
    first_story = html.xpath("//ul[contains(@class, 'gw-unit__stories')]")[0]
    first_audit = html.xpath("//section[contains(@class, 'gw-audit')]")[0]
    assert first_story.sourceline < first_audit.sourceline
    for table in html.xpath("//table[contains(@class, 'gw-unit__audit')]"):
        heads = table.xpath("./thead/tr/th")
        assert [text(th) for th in heads if "gw-narrow-hide" not in classes(th)] == ["刊发日期", "稿件", "媒体", "得分"]
        for row in table.xpath("./tbody/tr"):
            cells = row.xpath("./td")
            assert [("gw-narrow-hide" in classes(td)) for td in cells] == [
                "gw-narrow-hide" in classes(th) for th in heads]
            (details,) = cells[1].xpath(".//span[contains(@class, 'gw-audit__details')]")
            section, basis = text(cells[5]), text(cells[6])
            assert text(details) == (f"{section} · {basis}" if section else basis)
        # The total row spans what a phone shows, so its columns line up with or without the others.
        (total,) = table.xpath("./tfoot/tr")
        assert [(cell.tag, cell.get("colspan"), "gw-narrow-hide" in classes(cell)) for cell in total] == [
            ("th", "3", False), ("td", "4", True), ("td", None, False)]


def test_the_pending_list_speaks_to_readers(sample_portal):
    html = (sample_portal / "site/ranking/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="pending"'):]
    section = section[: section.index("</section>")]
    assert "待核定媒体（" in section
    assert "还没有经办公室核实确认，所以暂不计入得分和排名" in section
    for office_word in ("outlets.yml", "content/", "_data", "<code", "yml"):
        assert office_word not in section


def test_notice_cards_show_the_notice_not_its_addressees(sample_portal):
    html = page(sample_portal, "news/notices")
    summaries = {text(card.xpath(".//*[contains(@class, 'gw-card__title')]")[0]):
                 text(card.xpath(".//p[contains(@class, 'gw-card__summary')]")[0])
                 for card in html.xpath("//li[contains(@class, 'gw-card')]")}
    title = "关于开展2025年全市教育系统“最美五老”推荐工作的通知"
    assert summaries[title].startswith("为大力宣传教育系统“五老”志愿者关心下一代的先进事迹")
    assert len(summaries) >= 5
    for summary in summaries.values():  # no card is left with only its addressees
        assert not summary.endswith(("：", ":")), summary
    story = page(sample_portal, "news/2025/01/2025-01-16-jiaoyu-zuimei-wulao-tongzhi")
    assert story.xpath("//meta[@name='description']/@content")[0].startswith("为大力宣传")


def test_the_printed_ranking_names_its_issuer_and_cutoff(sample_portal):
    html = page(sample_portal, "ranking")
    (imprint,) = html.xpath("//p[contains(@class, 'gw-ranking__imprint')]")
    assert "gw-print-only" in classes(imprint)
    assert re.fullmatch(r"发布单位：青州市关心下一代工作委员会　统计截至 2025-\d\d-\d\d", text(imprint))


def test_the_imprint_names_the_reports_issuer_and_the_periods_newest_date(tmp_path):
    def issuer(site: Path) -> None:
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - gwsite\n", "  - gwsite:\n      report:\n        issuer: 江北市关工委办公室\n"), encoding="utf-8")

    site = built_copy(tmp_path, "ranking", issuer)
    imprints = {path: text(page(site, path).xpath("//p[contains(@class, 'gw-ranking__imprint')]")[0])
                for path in ("ranking/2024", "ranking/2025q1")}
    # The newest date the page shows of each period: 2024's is s3's pending placement (tests/fixtures/ranking).
    assert imprints == {"ranking/2024": "发布单位：江北市关工委办公室　统计截至 2024-12-30",
                        "ranking/2025q1": "发布单位：江北市关工委办公室　统计截至 2025-03-20"}


CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_one_date_style_per_place(sample_portal):
    """Lists of stories date them 2024年3月15日, as the news lists do; tables, 2024-03-15."""
    people = sorted((sample_portal / "site/ranking/2025/correspondents").glob("*/*/index.html"))
    pages = [page(sample_portal, "units/linhe")]
    pages += [page(sample_portal, person.parent.relative_to(sample_portal / "site")) for person in people]
    listed = [[text(li) for li in html.xpath("//ul[contains(@class, 'gw-unit__stories')]/li")] for html in pages]
    tabled = [[text(row.xpath("./td")[0]) for row in html.xpath("//table[contains(@class, 'gw-audit__table')]/tbody/tr")]
              for html in pages]
    assert listed[0] and tabled[0] and sum(map(len, listed[1:])) > 10 and sum(map(len, tabled[1:])) > 10
    for item in sum(listed, []):
        assert CHINESE_DATE.search(item) and not ISO_DATE.search(item), item
    for day in sum(tabled, []):
        assert ISO_DATE.fullmatch(day), day
