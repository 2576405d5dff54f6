"""Reproducible output: the same content gives the same bytes, wherever and whenever it is built.

Two checkouts of one site (other folders, other file times, files created in another order)
are built by real `mkdocs build --strict` processes with other hash seeds and the same
`SOURCE_DATE_EPOCH`: every file of the two `site/` folders must be the same. Without
`SOURCE_DATE_EPOCH`, the dates the site gives (feeds, sitemap) are the content's, not today's.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, run_mkdocs_build
from test_images import add_photos

EPOCH = "1735689600"  # 2025-01-01 00:00 UTC, after every date of the basic fixture
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(site: Path, **env: str | None) -> None:
    """A real `mkdocs build --strict` of `site` with these environment variables (None: unset)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr


def copy_in_reverse(source: Path, target: Path, mtime: float) -> None:
    """Copy a site, creating its files in the reverse order (so that a folder lists them in
    another order on file systems that keep creation order) and giving them all `mtime`."""
    paths = sorted(source.rglob("*"), reverse=True)
    for path in paths:
        if path.is_dir():
            (target / path.relative_to(source)).mkdir(parents=True, exist_ok=True)
    for path in paths:
        if path.is_file():
            shutil.copyfile(path, target / path.relative_to(source))
    for path in [target, *target.rglob("*")]:
        os.utime(path, (mtime, mtime))


def files(site_dir: Path) -> dict[str, bytes]:
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


@pytest.fixture(scope="module")
def checkouts(tmp_path_factory) -> tuple[Path, Path]:
    """One site with photos and covers, in two checkouts at unrelated paths, each built once."""
    first = tmp_path_factory.mktemp("checkout") / "basic"
    shutil.copytree(FIXTURES / "basic", first)
    add_photos(first)
    second = tmp_path_factory.mktemp("elsewhere") / "deeper" / "portal"
    copy_in_reverse(first, second, dt.datetime(2021, 6, 1, 8, 30).timestamp())
    build(first, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="1")
    build(second, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="2")
    return first, second


def test_two_checkouts_build_the_same_bytes(checkouts):
    first, second = checkouts
    one, other = files(first / "site"), files(second / "site")
    differing = differences(one, other)
    assert not differing, f"{len(differing)} files differ between the two checkouts' builds: {', '.join(differing)}"
    # What the comparison is about is there: it would be no proof if these were missing.
    names = set(one)
    assert {"sitemap.xml", "sitemap.xml.gz", "feed.xml", "atom.xml", "news/work/feed.xml", "units/anping/atom.xml",
            "ranking/2024/ranking.json", "ranking/2024/ranking.csv", "news/2024/03/2024-03-15-anping-wulao/index.html",
            "pagefind/2024/pagefind-entry.json"} <= names
    assert any(name.endswith(".webp") for name in names) and any(name.endswith(".jpg") for name in names)
    assert any(name.endswith(".pf_fragment") for name in names)
    for checkout in (first, second):  # neither checkout's place on disk is in the site
        folder = str(checkout.parent).encode()
        assert not [name for name, data in one.items() if folder in data]


def test_a_build_with_warm_caches_gives_the_same_bytes_as_a_first_build(checkouts):
    first, second = checkouts
    build(first, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="3")
    differing = differences(files(first / "site"), files(second / "site"))
    assert not differing, f"{len(differing)} files differ from a first build's: {', '.join(differing)}"


def test_sitemap_gz_header_names_no_path_and_dates_from_the_content(checkouts):
    data = (checkouts[0] / "site/sitemap.xml.gz").read_bytes()
    flags, mtime = data[3], struct.unpack("<I", data[4:8])[0]
    name = data[10:data.index(b"\0", 10)] if flags & 0x08 else b""
    assert name in (b"", b"sitemap.xml")
    # The newest date of the basic fixture: the placement of 2024-05-20's story, on 2024-05-22.
    assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc) == dt.datetime(2024, 5, 22, tzinfo=dt.timezone.utc)
    assert gzip.decompress(data) == (checkouts[0] / "site/sitemap.xml").read_bytes()


# -- Without SOURCE_DATE_EPOCH: the content's dates, never today's ----------------------------------

DATE = re.compile(r"\bdate:\s*(\d{4}-\d{2}-\d{2})")


def content_dates(site: Path) -> dict[str, list[str]]:
    """Each published story's dates in the ranking fixture, by its page URL: its own first, then its placements'."""
    dates = {}
    for path in sorted((site / "content/news").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^draft:\s*true", text, re.M):
            continue
        found = DATE.findall(text)
        year, month = found[0][:4], found[0][5:7]
        dates[f"https://example.org/news/{year}/{month}/{path.stem}/"] = found
    return dates


@pytest.fixture(scope="module")
def unpinned(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("unpinned") / "ranking"
    shutil.copytree(FIXTURES / "ranking", site)
    build(site, SOURCE_DATE_EPOCH=None)
    return site


def test_feed_dates_are_the_newest_story_s_not_the_build_s(unpinned):
    stories = content_dates(unpinned)
    newest = max(dates[0] for dates in stories.values())
    rss = ET.parse(unpinned / "site/feed.xml").getroot().find("channel")
    last_build = dt.datetime.strptime(rss.findtext("lastBuildDate"), "%a, %d %b %Y %H:%M:%S %z")
    assert last_build.date().isoformat() == newest
    assert rss.findtext("lastBuildDate") == rss.find("item").findtext("pubDate")
    atom = ET.parse(unpinned / "site/atom.xml").getroot()
    assert atom.findtext(f"{ATOM}updated").startswith(newest)
    for feed in (unpinned / "site").rglob("feed.xml"):  # every category's and unit's feed too
        channel = ET.parse(feed).getroot().find("channel")
        item = channel.find("item")
        if item is not None:
            assert channel.findtext("lastBuildDate") == item.findtext("pubDate"), feed


def test_sitemap_lastmod_comes_from_the_content_not_today(unpinned):
    stories = content_dates(unpinned)
    every_date = {date for dates in stories.values() for date in dates}
    root = ET.parse(unpinned / "site/sitemap.xml").getroot()
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    assert len(lastmod) > len(stories)
    for url, dates in stories.items():  # a story page: its own date, or its newest placement's
        assert lastmod[url] == max(dates), url
    assert set(lastmod.values()) <= every_date, "a page's lastmod is no date of the content"
    assert lastmod["https://example.org/"] == max(every_date)  # the home page shows everything
    assert lastmod["https://example.org/news/2024/"] == "2024-12-28"  # the newest story of the year
    assert lastmod["https://example.org/ranking/2024q1/"] == max(d for d in every_date if d < "2024-04")
    data = (unpinned / "site/sitemap.xml.gz").read_bytes()
    mtime = dt.datetime.fromtimestamp(struct.unpack("<I", data[4:8])[0], dt.timezone.utc)
    assert mtime.date().isoformat() == max(every_date)


# -- SOURCE_DATE_EPOCH is the build's "now" --------------------------------------------------------

def test_source_date_epoch_is_now_for_the_future_date_check_even_with_warm_caches(tmp_path):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    build(site, SOURCE_DATE_EPOCH=None)  # today: every story is in the past, and cached as checked
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc).timestamp())))
        result = run_mkdocs_build(site)
    assert result.returncode == 1
    assert ("content/news/2024/2024-05-20-linhe-xuezi.md:3: 日期: 日期 2024-05-20 00:00 晚于现在，不能发布将来的稿件"
            in result.stderr)


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_a_clean_error(make_site, gwsite, monkeypatch, value):
    site = make_site()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = gwsite(site, "check")
    assert result.exit_code == 1
    assert f"错误：环境变量 SOURCE_DATE_EPOCH 应为 1970 年以来的秒数（整数），如 1735689600，不是“{value}”" in result.output
