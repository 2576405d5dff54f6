"""What the office takes away from the ranking fixture: `gwsite tally -o FILE`, the Excel workbook,
the placements export, and the placements files the site writes beside each ranking."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest

from test_ranking import ARGS, EXPECTED, URLS, built  # noqa: F401  (built: the fixture site, built once)

PLACEMENTS_SHEET = "计分刊用明细"

# `gwsite tally --year 2024 --format csv` of the ranking fixture, as the command printed it before
# the workbook and the placements export were added (commit 19e6303): the office's macros and
# imports read these bytes.
CSV_2024 = ("\ufeff" + "\r\n".join([
    "分组,名次,单位,中央级,省级,市级,县级,省级（含）以上,市级（含）以上,上稿合计,得分,任务分值,完成率,网站稿件,待核定",
    "县（市、区）关工委,1,安平县关工委,1,0,1,0,1,2,2,14.0,20,70.0%,1,0",
    "县（市、区）关工委,2,临河区关工委,0,1,0,1,1,1,2,1.8,10,17.5%,1,0",
    "县（市、区）关工委,3,清溪县关工委,0,0,0,0,0,0,0,0.0,,,1,1",
    "市直单位关工委,1,市教育局关工委,1,1,1,1,2,3,4,4.8,8,59.4%,2,0",
    "市直单位关工委,2,市公安局关工委,0,0,0,0,0,0,0,0.0,,,0,0",
]) + "\r\n").encode("utf-8")

# 2025Q1's scored placements, worked out from the fixture's stories: (unit, outlet, date, points, share).
PLACEMENTS_2025Q1 = [
    ("linhe", "中国火炬", "2025-01-25", 10, 10),  # 图片 头版: 10 × 0.5 × 2
    ("linhe", "江北日报", "2025-03-20", 5, 1.67),  # three units share 5
    ("qingxi", "江北日报", "2025-01-05", 5, 5),
    ("qingxi", "江北日报", "2025-03-20", 5, 1.67),
    ("anping", "江北日报", "2025-03-20", 5, 1.67),
    ("gongan", "青州日报", "2025-03-02", 2, 2),  # its 安平融媒 placement ran in June
]


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_the_csv_stays_byte_compatible(make_site, gwsite, tmp_path):
    site = make_site("ranking")
    assert gwsite(site, "tally", "--year", "2024", "--format", "csv").stdout_bytes == CSV_2024
    result = gwsite(site, "tally", "--year", "2024", "--format", "csv", "-o", str(tmp_path / "排名.csv"))
    assert result.exit_code == 0
    assert (tmp_path / "排名.csv").read_bytes() == CSV_2024


@pytest.mark.parametrize("args", [
    ["--format", "table"], ["--format", "csv"], ["--format", "json"],
    ["--placements"], ["--placements", "--format", "csv"], ["--placements", "--format", "json"],
    ["--period", "2025Q1", "--group", "county", "--format", "csv"],
], ids=lambda args: "-".join(a.strip("-") for a in args))
def test_output_file_holds_exactly_the_bytes_printed(make_site, gwsite, args):
    site = make_site("ranking")
    printed = gwsite(site, "tally", *args).stdout_bytes
    (site / "out").mkdir()
    (site / "out/排名.txt").write_text("上一次的报表", encoding="utf-8")  # a report file is replaced

    result = gwsite(site, "tally", *args, "-o", "out/排名.txt")

    assert result.exit_code == 0
    assert result.stdout_bytes == b""
    assert result.stderr == "已写入 out/排名.txt\n"
    assert (site / "out/排名.txt").read_bytes() == printed
    assert sorted(p.name for p in (site / "out").iterdir()) == ["排名.txt"]  # no temporary file left


def test_xlsx_without_an_output_file_is_a_usage_error(make_site, gwsite):
    result = gwsite(make_site("ranking"), "tally", "--format", "xlsx")

    assert result.exit_code == 2
    assert "--format xlsx 生成的是 Excel 文件，不能显示在屏幕上，请用 -o 指定保存的文件，如 -o 排名.xlsx" in result.output


def test_an_output_file_in_a_missing_folder_is_one_chinese_message(make_site, gwsite):
    site = make_site("ranking")
    result = gwsite(site, "tally", "--format", "xlsx", "-o", "报表/排名.xlsx")

    assert result.exit_code == 1
    assert result.stderr == "错误：无法写入 报表/排名.xlsx：文件夹 报表 不存在，请先建好文件夹或换一个位置\n"
    assert not (site / "报表").exists()


def test_an_output_file_that_is_a_folder_is_one_chinese_message(make_site, gwsite):
    site = make_site("ranking")
    (site / "报表").mkdir()
    result = gwsite(site, "tally", "-o", "报表")

    assert result.exit_code == 1
    assert result.stderr == "错误：无法写入 报表：这是一个文件夹，请给出文件名，如 报表/排名.xlsx\n"


def test_a_file_that_cannot_be_written_is_one_chinese_message(make_site, gwsite, monkeypatch):
    # Excel keeps the file it has open locked on Windows: the write is refused.
    from gwsite import files

    def refused(target, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "write_atomically", refused)
    result = gwsite(make_site("ranking"), "tally", "--format", "xlsx", "-o", "排名.xlsx")

    assert result.exit_code == 1
    assert result.stderr == "错误：无法写入 排名.xlsx：没有写入权限，或文件正被 Excel 等程序打开（请关闭后重试）\n"


@pytest.mark.parametrize("period", EXPECTED)
def test_the_workbook_read_back_equals_the_json(make_site, gwsite, period):
    site = make_site("ranking")
    assert gwsite(site, "tally", *ARGS[period], "--format", "xlsx", "-o", "排名.xlsx").exit_code == 0
    book = openpyxl.load_workbook(site / "排名.xlsx")
    expected = EXPECTED[period]

    assert book.sheetnames == [g["name"] for g in expected["groups"]] + [PLACEMENTS_SHEET]
    for group in expected["groups"]:
        units = [
            {"rank": r[0], "name": r[1], "placements": dict(zip(("national", "provincial", "city", "county"), r[2:6])),
             "placements_total": r[8], "points": r[9], "target": r[10], "completion": r[11],
             "site_stories": r[12], "pending": r[13]}
            for r in sheet_rows(book[group["name"]])
        ]
        assert units == [{k: v for k, v in u.items() if k != "id"} for u in group["units"]]

    placements = json.loads(gwsite(site, "tally", *ARGS[period], "--placements", "--format", "json").output)
    keys = ["group", "unit", "story", "path", "outlet", "level", "type", "section", "date", "points", "units", "share"]
    read_back = [dict(zip(keys, row)) for row in sheet_rows(book[PLACEMENTS_SHEET])]
    for row in read_back:
        row["section"] = row["section"] or ""
        row["date"] = row["date"].date().isoformat()
    assert read_back == [{k: v for k, v in p.items() if k != "unit_id"} for p in placements["placements"]]


def test_the_workbook_is_the_same_bytes_each_time_and_dated_by_source_date_epoch(make_site, gwsite, monkeypatch):
    site = make_site("ranking")
    gwsite(site, "tally", "--period", "2025Q1", "--format", "xlsx", "-o", "a.xlsx")
    gwsite(site, "tally", "--period", "2025Q1", "--format", "xlsx", "-o", "b.xlsx")
    assert (site / "a.xlsx").read_bytes() == (site / "b.xlsx").read_bytes()
    # the newest placement of the quarter, when no SOURCE_DATE_EPOCH says otherwise
    assert openpyxl.load_workbook(site / "a.xlsx").properties.modified == dt.datetime(2025, 3, 20)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    gwsite(site, "tally", "--period", "2025Q1", "--format", "xlsx", "-o", "c.xlsx")
    book = openpyxl.load_workbook(site / "c.xlsx")
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 1, 1)
    assert book["县（市、区）关工委"]["A1"].value == (
        "2025年第一季度宣传上稿排名　县（市、区）关工委　统计截至 2025-03-20　未通报")


def test_placements_only_workbook(make_site, gwsite):
    site = make_site("ranking")
    gwsite(site, "tally", "--period", "2025Q1", "--placements", "--format", "xlsx", "-o", "明细.xlsx")
    book = openpyxl.load_workbook(site / "明细.xlsx")

    assert book.sheetnames == [PLACEMENTS_SHEET]
    assert [(r[1], r[4], r[8].date().isoformat(), r[9], r[11]) for r in sheet_rows(book[PLACEMENTS_SHEET])] == [
        ({"linhe": "临河区关工委", "qingxi": "清溪县关工委", "anping": "安平县关工委", "gongan": "市公安局关工委"}[u],
         outlet, date, points, share)
        for u, outlet, date, points, share in PLACEMENTS_2025Q1
    ]


def test_placements_json_lists_the_quarters_scored_placements(make_site, gwsite):
    data = json.loads(gwsite(make_site("ranking"), "tally", "--period", "2025Q1", "--placements", "--format", "json").output)

    assert data["period"] == "2025Q1"
    assert [(p["unit_id"], p["outlet"], p["date"], p["points"], p["share"]) for p in data["placements"]] == PLACEMENTS_2025Q1


@pytest.mark.parametrize("period", EXPECTED)
def test_the_site_writes_the_placements_beside_each_ranking(built, gwsite, period):  # noqa: F811
    folder = built / "site" / URLS[period]
    for kind in ("json", "csv"):
        printed = gwsite(built, "tally", *ARGS[period], "--placements", "--format", kind).stdout_bytes
        assert (folder / f"placements.{kind}").read_bytes() == printed
    raw = (folder / "placements.csv").read_bytes()
    assert raw.startswith("\ufeff分组,单位,稿件标题".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    placements = json.loads((folder / "placements.json").read_text(encoding="utf-8"))["placements"]
    assert len(rows) == len(placements) + 1
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="placements.json" download' in html and 'href="placements.csv" download' in html


def test_an_output_link_or_pipe_is_written_into_not_replaced(make_site, gwsite, tmp_path):
    """`-o` on a link replaces the file it names and keeps the link; on a pipe or device such as
    /dev/stdout it writes into it (replacing it, as root, put a plain file in place of /dev/full)."""
    import os
    import threading

    site = make_site("ranking")
    printed = gwsite(site, "tally", "--format", "csv").stdout_bytes
    (tmp_path / "报表.csv").write_text("上一次的报表", encoding="utf-8")
    (site / "link.csv").symlink_to(tmp_path / "报表.csv")
    assert gwsite(site, "tally", "--format", "csv", "-o", "link.csv").exit_code == 0
    assert (site / "link.csv").is_symlink()
    assert (tmp_path / "报表.csv").read_bytes() == printed

    os.mkfifo(site / "pipe")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((site / "pipe").read_bytes()), daemon=True)
    reader.start()
    result = gwsite(site, "tally", "--format", "csv", "-o", "pipe")
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert received == [printed]
    assert not (site / "pipe").is_file()


def test_an_output_file_under_a_file_is_one_chinese_message(make_site, gwsite):
    site = make_site("ranking")
    (site / "报表").write_text("", encoding="utf-8")
    result = gwsite(site, "tally", "-o", "报表/排名.csv")

    assert result.exit_code == 1
    assert result.stderr == "错误：无法写入 报表/排名.csv：报表 是文件，不是文件夹，请换一个位置\n"
