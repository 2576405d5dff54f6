"""Loading a whole content folder: the cache, and reading on all cores."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import gwsite.content.loading
from gwsite.content.story import SiteOptions
from gwsite.content.loading import load_site

FIXTURES = Path(__file__).parent.parent / "fixtures"
NOW = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    return tmp_path / "site" / "content"


def load(content: Path):
    return load_site(content, SiteOptions(), NOW, cache_dir=content.parent / ".cache/gwsite")


def test_cache_gives_the_same_site_and_sees_every_change(content):
    first = load(content)
    assert (content.parent / ".cache/gwsite/stories.pickle").is_file()
    again = load(content)
    assert again.stories == first.stories and again.problems == first.problems

    story = content / "news/2024/2024-03-15-anping-wulao.md"
    story.write_text(story.read_text(encoding="utf-8").replace("unit: 安平县关工委", "unit: 安平关工会"), encoding="utf-8")
    edited = load(content)
    assert [p.message for p in edited.errors] == ["未登记的单位“安平关工会”，是否为“安平县关工委”？（如该单位已撤销或合并，请勿从 units.yml 删除，应保留并加上 until: 最后一年，原有稿件仍计入其存在年度的排名）"]

    units = content / "_data/units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("aliases: [安平关工委]", "aliases: [安平关工委, 安平关工会]"),
                     encoding="utf-8")
    assert load(content).errors == []  # the registry changed: nothing cached is trusted


def test_cache_notices_a_deleted_cover(content):
    (content / "news/2024/images").mkdir()
    (content / "news/2024/images/cover.jpg").write_bytes(b"not checked here")
    story = content / "news/2024/2024-05-20-linhe-xuezi.md"
    story.write_text(story.read_text(encoding="utf-8").replace("栏目: 工作动态", "栏目: 工作动态\n封面: images/cover.jpg"),
                     encoding="utf-8")
    assert load(content).errors == []
    (content / "news/2024/images/cover.jpg").unlink()
    assert [p.field for p in load(content).errors] == ["封面"]


def test_a_broken_cache_file_is_ignored(content):
    load(content)
    (content.parent / ".cache/gwsite/stories.pickle").write_bytes(b"\x80\x04garbage")
    assert len(load(content).stories) == 3


def test_reading_on_all_cores_gives_the_same_result(content, monkeypatch):
    for number in range(30):
        (content / f"news/2024/extra-{number:02}.md").write_text(
            f"---\ntitle: 第{number}篇\ndate: 2024-04-{number % 28 + 1:02}\nunit: 临河区关工委\n"
            f"tags: 甲、乙\n---\n\n正文{number}。\n",
            encoding="utf-8",
        )
    serial = load_site(content, SiteOptions(), NOW)
    monkeypatch.setattr(gwsite.content.loading, "PARALLEL_FROM", 1)
    parallel = load_site(content, SiteOptions(), NOW)
    assert parallel.stories == serial.stories
    assert parallel.problems == serial.problems
    assert len(serial.problems) == 30  # one warning each, in file order


RENAME = "稿件和页面的文件名须以 .md（小写）结尾，这个文件不会发布；请改名为 "


FILE_TYPES = [
    ("news/2024/a.md", None),
    ("about.md", None),
    ("news/2024/a.MD", RENAME + "a.md"),
    ("news/2024/a.Md", RENAME + "a.md"),
    ("guide/b.MD", RENAME + "b.md"),
    ("news/2024/a.markdown", RENAME + "a.md"),
    ("about.markdown", RENAME + "about.md"),
    ("news/2024/a.mdown", RENAME + "a.md"),
    ("news/2024/a.mkd", RENAME + "a.md"),
    ("news/2024/a.mkdn", RENAME + "a.md"),
    ("news/2024/a.md.txt", RENAME + "a.md"),
    ("guide/a.md.txt", RENAME + "a.md"),
    ("news/2024/a.txt", RENAME + "a.md"),
    ("news/2024/a.docx", "Word"),
    ("news/2024/a.wps", "Word"),
    ("news/2024/a.pdf", "news 文件夹中只放稿件"),
    ("files/a.pdf", None),
    ("files/a.docx", None),
    ("files/a.XLSX", None),
    ("files/a.zip", "（.zip）"),
    ("images/a.jpg", None),
    ("news/2024/a.JPEG", None),
    ("images/a.svg", "SVG"),
    ("images/a.html", "（.html）"),
    ("a.htm", "（.htm）"),
    ("a.shtml", "（.shtml）"),
    ("a.xml", "（.xml）"),
    ("a.css", "（.css）"),
    ("a.wasm", "（.wasm）"),
    ("a.swf", "（.swf）"),
    ("a.mhtml", "（.mhtml）"),
    ("robots.txt", "（.txt）"),
    ("CNAME", "（没有扩展名）"),
]


@pytest.mark.parametrize(("src", "verdict"), FILE_TYPES, ids=[src for src, _ in FILE_TYPES])
def test_each_file_type_is_published_or_refused_with_advice(src, verdict):
    message = gwsite.content.loading.unpublishable(src, "news")
    if verdict is None:
        assert message is None
    else:
        assert message is not None and (message == verdict or verdict in message and not verdict.startswith(RENAME))


def test_files_mkdocs_yml_names_are_the_owners():
    assert gwsite.content.loading.unpublishable("css/extra.css", "news", frozenset({"css/extra.css"})) is None
    assert gwsite.content.loading.unpublishable("css/other.css", "news", frozenset({"css/extra.css"})) is not None
