"""Builds that meet each other, a damaged cache, an edited `site/`, and a disk that is full or
read-only: the published site is always a whole, correct build or the one before, and the person
building reads one Chinese message, never a traceback.

The disk tests mount small tmpfs file systems (the tests run as root, on CI too); where mounting is
not allowed they are skipped."""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import imaging
import pytest
from conftest import FIXTURES, run_mkdocs_build
from test_page_cache import ANPING, STORY, edit, tree

TITLE = "安平县五老宣讲团走进城关小学"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def fixture_copy(root: Path, name: str = "basic") -> Path:
    """The basic fixture with a cover photo (so that the cache holds photo renditions)."""
    site = root / name
    shutil.copytree(FIXTURES / "basic", site)
    images = site / "content/news/2024/images"
    images.mkdir()
    imaging.phone_photo(images / "wulao.jpg", (900, 600))
    edit(site / STORY, "tags:", "cover: images/wulao.jpg\ntags:")
    return site


def built(site: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_mkdocs_build(site, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def clean_build(site: Path, root: Path) -> dict[str, bytes]:
    """The site a fresh checkout of `site`'s sources builds: every file, by path."""
    clean = root / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns(".cache", "site", "*.log", "race"))
    built(clean)
    return tree(clean / "site")


def assert_same(site_dir: Path, expected: dict[str, bytes]) -> None:
    actual = tree(site_dir)
    assert actual.keys() == expected.keys()
    differ = [name for name in actual if actual[name] != expected[name]]
    assert not differ, f"differ from a clean build: {differ[:8]}"


def assert_full_text(site_dir: Path) -> None:
    for feed in ("feed.xml", "atom.xml"):
        text = (site_dir / feed).read_text(encoding="utf-8")
        assert "老党员王建国讲述了抗战时期的家乡往事" in text, f"{feed} lost the stories' full text"


# -- Two builds at once --------------------------------------------------------------------

RACE_HOOK = '''
import os, pathlib, time
from gwsite.build import pagecache

ROLE = os.environ.get("GW_RACE_ROLE")
FOLDER = pathlib.Path(os.environ.get("GW_RACE_DIR", "."))


def wait_for(name):
    deadline = time.monotonic() + 120
    while not (FOLDER / name).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


if ROLE == "first":  # pause once every page is in the cache, before the feed bodies are
    write = pagecache.PageCache.write

    def paused(self, key, content):
        if key.endswith(".body") and not (FOLDER / "first-paused").exists():
            (FOLDER / "first-paused").touch()
            wait_for("go")
        return write(self, key, content)

    pagecache.PageCache.write = paused


def on_post_build(config):  # before gwsite's own, which writes the feeds and publishes
    if ROLE == "second":
        (FOLDER / "second-paused").touch()
        wait_for("first-done")
'''


def with_race_hook(site: Path) -> None:
    (site / "race.py").write_text(RACE_HOOK, encoding="utf-8")
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write("hooks:\n  - race.py\n")


def start(site: Path, role: str | None, log: Path) -> subprocess.Popen:
    env = {**ENV, "GW_RACE_DIR": str(site / "race")}
    if role:
        env["GW_RACE_ROLE"] = role
    with log.open("w") as stream:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, env=env,
                                stdout=subprocess.DEVNULL, stderr=stream)


def wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_build_started_during_another_waits_and_no_feed_loses_its_text(tmp_path):
    """The interleaving that lost every feed's full text: the second build read the cache while the
    first had written its pages but not yet their feed bodies, and published (and cached) feeds
    without them after the first had finished."""
    site = fixture_copy(tmp_path)
    with_race_hook(site)
    (site / "race").mkdir()
    expected = clean_build(site, tmp_path)
    first = start(site, "first", tmp_path / "first.log")
    second = None
    try:
        wait_until(lambda: (site / "race/first-paused").exists() or first.poll() is not None, "first build paused")
        assert first.poll() is None, (tmp_path / "first.log").read_text(encoding="utf-8")
        second = start(site, "second", tmp_path / "second.log")
        waiting = "另一个 mkdocs build（进程 "
        wait_until(lambda: (site / "race/second-paused").exists() or second.poll() is not None
                   or waiting in (tmp_path / "second.log").read_text(encoding="utf-8"), "second build under way")
        (site / "race/go").touch()
        assert first.wait(300) == 0, (tmp_path / "first.log").read_text(encoding="utf-8")
        (site / "race/first-done").touch()
        assert second.wait(300) == 0, (tmp_path / "second.log").read_text(encoding="utf-8")
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    log = (tmp_path / "second.log").read_text(encoding="utf-8")
    assert f"{waiting}{first.pid}）正在生成本网站，等待它结束……" in log
    assert_full_text(site / "site")
    assert_same(site / "site", expected)
    built(site)  # and nothing wrong stays in the cache
    assert_same(site / "site", expected)


def test_two_builds_started_together_both_succeed_and_publish_a_whole_site(tmp_path):
    site = fixture_copy(tmp_path)
    expected = clean_build(site, tmp_path)
    processes = [start(site, None, tmp_path / f"{n}.log") for n in range(2)]
    for n, process in enumerate(processes):
        assert process.wait(300) == 0, (tmp_path / f"{n}.log").read_text(encoding="utf-8")
    assert_full_text(site / "site")
    assert_same(site / "site", expected)
    built(site)
    assert_same(site / "site", expected)


def test_a_build_waiting_too_long_for_another_stops_with_a_message(tmp_path):
    site = fixture_copy(tmp_path)
    edit(site / "mkdocs.yml", "  - gwsite\n", "  - gwsite:\n      lock_timeout: 1\n")
    lock = site / ".cache/gwsite/build.lock"
    lock.parent.mkdir(parents=True)
    with lock.open("a+b") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)  # as a running `mkdocs build` holds it
        stream.write(b"build 4242\n")
        stream.flush()
        result = run_mkdocs_build(site)
    assert result.returncode != 0
    assert "另一个 mkdocs build（进程 4242）正在生成本网站，等待它结束……" in result.stderr
    assert "等待了 1 秒，另一个 mkdocs build（进程 4242）仍在生成本网站，本次没有生成" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "site").exists()
    built(site)  # the lock released: the next build runs


def test_mkdocs_serve_waits_for_a_build_and_a_build_runs_while_serve_is_idle(tmp_path):
    from test_serve_preview import Preview, fetch

    site = fixture_copy(tmp_path)
    preview = Preview(site, tmp_path / "serve.log")
    try:
        preview.rebuilt(1)
        assert "等待它结束" not in built(site).stderr  # the preview holds the lock only while it builds
        lock = site / ".cache/gwsite/build.lock"
        with lock.open("a+b") as stream:
            fcntl.flock(stream, fcntl.LOCK_EX)  # a `mkdocs build` running
            stream.seek(0)
            stream.truncate()
            stream.write(b"build 4242\n")
            stream.flush()
            edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。等到生成结束才显示。")
            preview.wait_for(lambda: "另一个 mkdocs build（进程 4242）正在生成本网站，等待它结束……" in preview.output(),
                             "the preview did not wait")
            assert "等到生成结束才显示。" not in fetch(preview.origin + ANPING.removesuffix("index.html"))
        preview.wait_for(lambda: "等到生成结束才显示。" in fetch(preview.origin + ANPING.removesuffix("index.html")),
                         "the edit did not show once the build ended")
    finally:
        preview.stop()


# -- A damaged cache -------------------------------------------------------------------------


def linked_entry(site: Path, published: str) -> Path:
    """The cache entry a published file is a hard link to."""
    inode = (site / "site" / published).stat().st_ino
    found = [p for p in (site / ".cache/gwsite").rglob("*") if p.is_file() and p.stat().st_ino == inode
             and not p.is_relative_to(site / ".cache/gwsite/site")]
    assert len(found) == 1, (published, found)
    return found[0]


def entry(site: Path, kind: str) -> Path:
    cache = site / ".cache/gwsite"
    if kind == "page":
        return linked_entry(site, ANPING)
    if kind == "body":
        key = linked_entry(site, ANPING).name.split(".")[0]
        return next(cache.glob(f"pages/build/*/{key}.body.*.html"))
    if kind == "rss":
        return linked_entry(site, "feed.xml")
    if kind == "atom":
        return linked_entry(site, "atom.xml")
    if kind == "rendition":
        return linked_entry(site, next(p for p in sorted((site / "site/assets/gwsite/img").glob("*-480.webp"))
                                       ).relative_to(site / "site").as_posix())
    if kind == "shard":
        return linked_entry(site, next(p for p in sorted((site / "site/pagefind").glob("*/fragment/*"))
                                       ).relative_to(site / "site").as_posix())
    return cache / f"{kind}.pickle"


def damage(path: Path, how: str) -> None:
    if how == "removed":
        path.unlink()
        return
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif TITLE.encode() in data:  # a pickle: a title changed, which unpickles without complaint
        with path.open("r+b") as stream:  # in place, as a disk error or an editor would
            stream.seek(data.index(TITLE.encode()))
            stream.write(TITLE.replace("小学", "中学").encode())
    else:
        with path.open("r+b") as stream:
            stream.seek(len(data) // 2)
            stream.write(bytes(b ^ 0x55 for b in data[len(data) // 2 : len(data) // 2 + 16]))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A fixture site built twice (its cache and staging folder as every later build finds them),
    and what a clean build of it publishes. Each test damages it in place (a copy elsewhere would
    have other cache keys) and leaves it repaired, as the next test needs it."""
    root = tmp_path_factory.mktemp("warm")
    site = fixture_copy(root)
    built(site)
    built(site)
    return site, clean_build(site, root)


@pytest.mark.parametrize("how", ["garbled", "truncated", "removed"])
@pytest.mark.parametrize("kind", ["page", "body", "rss", "atom", "rendition", "shard", "stories", "generated"])
def test_a_damaged_cache_entry_is_made_again_never_published(warm, tmp_path, kind, how):
    site, expected = warm
    target = entry(site, kind)
    if kind == "stories" and how == "garbled":
        assert TITLE.encode() in target.read_bytes()
    damage(target, how)
    result = built(site)
    assert_same(site / "site", expected)
    assert_full_text(site / "site")
    if how != "removed" and kind not in ("stories", "generated"):
        assert "缓存（.cache/gwsite/）中的文件有损坏" in result.stderr
    built(site)  # and the next build, from the repaired cache
    assert_same(site / "site", expected)


def assert_cache_whole(site: Path) -> None:
    """Every page cache entry holds the content its name's digest says."""
    for path in (site / ".cache/gwsite/pages/build").glob("*/*.html"):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.removesuffix(".html").rpartition(".")[2], path


@pytest.mark.parametrize("published", [ANPING, "feed.xml", "rendition", "search"])
def test_a_file_edited_in_the_site_folder_does_not_reach_the_next_build(warm, tmp_path, published):
    site, expected = warm
    if published == "rendition":
        published = min((site / "site/assets/gwsite/img").glob("*.jpg")).relative_to(site / "site").as_posix()
    elif published == "search":
        published = min((site / "site/pagefind").glob("*/fragment/*")).relative_to(site / "site").as_posix()
    path = site / "site" / published
    size = path.stat().st_size
    with path.open("r+b") as stream:  # edited in place: the file is a hard link to its cache entry
        stream.seek(size // 3)
        stream.write(b"<script>alert(1)</script>")
    built(site)
    assert_same(site / "site", expected)
    assert_cache_whole(site)
    built(site)
    assert_same(site / "site", expected)


# -- Full and read-only disks ------------------------------------------------------------------


def mount_tmpfs(path: Path, size: str = "16m") -> None:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


def read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


@pytest.fixture
def mounts():
    """Mount points made by a test, unmounted (innermost first) after it."""
    made: list[Path] = []
    yield made
    for path in reversed(made):
        subprocess.run(["umount", "-l", str(path)], check=False)


def with_site_dir(site: Path, site_dir: Path) -> None:
    edit(site / "mkdocs.yml", "docs_dir: content\n", f"docs_dir: content\nsite_dir: {site_dir}\n")


def assert_failed_cleanly(result: subprocess.CompletedProcess, outer: Path, before: dict[str, bytes],
                          site_dir: Path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in outer.iterdir() if p.name != "lost+found") == [site_dir.name]  # no staging folder
    assert tree(site_dir) == before


def test_a_staging_folder_that_cannot_be_made_stops_the_build_and_leaves_the_site(tmp_path, mounts):
    """`site_dir` writable, but its parent read-only: the build used to write the live site in place."""
    site = fixture_copy(tmp_path)
    outer = tmp_path / "outer"
    mount_tmpfs(outer)
    mounts.append(outer)
    site_dir = outer / "site"
    mount_tmpfs(site_dir)
    mounts.append(site_dir)
    read_only(outer)
    (site_dir / "index.html").write_text("上一次发布的网站", encoding="utf-8")
    before = tree(site_dir)
    with_site_dir(site, site_dir)
    result = run_mkdocs_build(site)
    assert f"无法创建临时生成文件夹 {outer}/.site.gwsite-build（所在的文件系统是只读的）" in result.stderr
    assert "没有生成网站" in result.stderr
    assert_failed_cleanly(result, outer, before, site_dir)


def test_a_read_only_output_folder_is_one_message_and_the_site_stays(tmp_path, mounts):
    site = fixture_copy(tmp_path)
    outer = tmp_path / "outer"
    mount_tmpfs(outer)
    mounts.append(outer)
    site_dir = outer / "site"
    with_site_dir(site, site_dir)
    built(site)
    before = tree(site_dir)
    shutil.rmtree(outer / ".site.gwsite-build")  # the staging folder the first build left for the next
    read_only(outer)
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。又一段。")
    result = run_mkdocs_build(site)
    assert "所在的文件系统是只读的" in result.stderr
    assert_failed_cleanly(result, outer, before, site_dir)


def test_a_full_disk_is_one_message_and_leaves_no_staging_folder(tmp_path, mounts):
    site = fixture_copy(tmp_path)
    outer = tmp_path / "outer"
    probe = fixture_copy(tmp_path, "probe")
    built(probe)
    size = sum(p.stat().st_size for p in (probe / "site").rglob("*") if p.is_file())
    mount_tmpfs(outer, f"{size * 3 // 2 // 1024}k")  # room for one site, not for two
    mounts.append(outer)
    site_dir = outer / "site"
    with_site_dir(site, site_dir)
    built(site)
    before = tree(site_dir)
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。又一段。")
    result = run_mkdocs_build(site)
    assert "磁盘空间已满" in result.stderr, result.stderr
    assert "网站文件夹保持上一次生成的样子，没有改动；请清理磁盘、腾出空间后重新生成" in result.stderr
    assert_failed_cleanly(result, outer, before, site_dir)
    shutil.rmtree(probe / "site")


@pytest.mark.parametrize("room", [0.3, 0.6, 0.9, 1.0])
def test_a_project_on_a_full_disk_stops_cleanly_and_builds_right_once_there_is_room(tmp_path, mounts, room):
    """The cache's disk fills up at some point of a first build (a third of the way, two thirds,
    nearly at the end): one Chinese message, nothing half-written left to be reused, and once there
    is room the build publishes what a clean build publishes."""
    roomy = tmp_path / "roomy"  # Pagefind's output depends on the order a folder lists its files in:
    mount_tmpfs(roomy, "64m")   # the clean build on the same kind of file system
    mounts.append(roomy)
    probe = fixture_copy(roomy, "probe")
    built(probe)
    used = sum(p.stat().st_size for p in probe.rglob("*") if p.is_file())
    expected = tree(probe / "site")
    disk = tmp_path / "disk"
    mount_tmpfs(disk, f"{int(used * room) // 1024}k")
    mounts.append(disk)
    site = fixture_copy(disk)
    result = run_mkdocs_build(site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "磁盘空间已满" in result.stderr, result.stderr
    assert not (site / "site").exists()
    assert not (site / ".cache/gwsite/site/build").exists()  # the staging folder, removed
    subprocess.run(["mount", "-o", f"remount,size={used * 3 // 1024}k", str(disk)], check=True)
    built(site)
    assert_same(site / "site", expected)


def test_a_search_bundle_that_pagefind_could_not_write_whole_is_refused(tmp_path, mounts):
    """Pagefind exits 0 when its writes fail: on a full disk it leaves empty and cut-short files."""
    from gwsite.build.search import _damaged

    whole = tmp_path / "whole"
    (whole / "fragment").mkdir(parents=True)
    (whole / "pagefind-entry.json").write_text('{"version": "1"}', encoding="utf-8")
    (whole / "pagefind.js").write_text("const x = 1;", encoding="utf-8")
    fragment = whole / "fragment/zh_1.pf_fragment"
    fragment.write_bytes(gzip.compress(b"pagefind_dcd{}" * 100))
    assert _damaged(whole) is None
    fragment.write_bytes(fragment.read_bytes()[:-9])  # cut short
    assert _damaged(whole) == fragment
    fragment.write_bytes(gzip.compress(b"pagefind_dcd{}"))
    (whole / "pagefind.js").write_bytes(b"")
    assert _damaged(whole) == whole / "pagefind.js"
    (whole / "pagefind.js").write_text("const x = 1;", encoding="utf-8")
    full = tmp_path / "full"
    mount_tmpfs(full, "256k")
    mounts.append(full)
    shutil.copytree(whole, full / "bundle")
    (full / "filler").write_bytes(b"x" * (256 * 1024 - 64 * 1024))
    assert _damaged(full / "bundle") == full / "bundle"  # a disk with no room left


def test_a_read_only_checkout_builds_into_a_writable_site_dir(tmp_path, mounts):
    """The project (and so `.cache/`) on a read-only disk, `site_dir` elsewhere: the build runs
    without a cache, staged beside `site_dir`, and publishes what a clean build publishes."""
    checkout = tmp_path / "checkout"
    mount_tmpfs(checkout, "64m")
    mounts.append(checkout)
    site = fixture_copy(checkout)
    expected = clean_build(site, tmp_path)  # not on the tmpfs: the search index is made in the system's temp folder
    output = tmp_path / "output"
    output.mkdir()
    with_site_dir(site, output / "site")
    read_only(checkout)
    built(site)
    assert_same(output / "site", expected)
    built(site)  # and again, over the published site
    assert_same(output / "site", expected)
    assert sorted(p.name for p in output.iterdir()) == ["site"]  # nothing else left beside it


def test_what_a_killed_build_left_in_the_cache_is_cleaned_up(warm):
    """Temporary files and folders of writes cut short go at the next build once they are an hour
    old (younger ones may be a `gwsite check` writing beside the build); the cache's own files stay."""
    site, expected = warm
    cache = site / ".cache/gwsite"
    old = time.time() - 2 * 3600
    left = [cache / "images/.tmp-killed", cache / "search/build/.input-killed", cache / "images/sources.99.tmp",
            next((cache / "pages/build").iterdir()) / ".page.html.99.tmp"]
    young = cache / "images/.tmp-young"
    for path in left[:2] + [young]:
        path.mkdir()
        (path / "480.jpg").write_bytes(b"half a photo")
    for path in left[2:]:
        path.write_bytes(b"half a file")
    for path in left:
        os.utime(path, (old, old))
    built(site)
    assert [path for path in left if path.exists()] == []
    assert young.is_dir() and (cache / "images/sources.json").is_file()
    assert_same(site / "site", expected)
    shutil.rmtree(young)
