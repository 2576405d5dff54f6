"""Loading a whole content folder: the cache, and reading on all cores."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import gwsite.site
from gwsite.model import SiteOptions
from gwsite.site import load_site

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
    assert [p.message for p in edited.errors] == ["未登记的单位“安平关工会”，是否为“安平县关工委”？"]

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
    monkeypatch.setattr(gwsite.site, "PARALLEL_FROM", 1)
    parallel = load_site(content, SiteOptions(), NOW)
    assert parallel.stories == serial.stories
    assert parallel.problems == serial.problems
    assert len(serial.problems) == 30  # one warning each, in file order
