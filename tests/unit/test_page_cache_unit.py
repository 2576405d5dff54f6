"""Page cache pieces without a build: keys, link targets, search shards, forked rendering."""

from __future__ import annotations

import logging
import json
import os
import threading
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from gwsite.build.output import Output
from gwsite.build.pagecache import PageCache, config_signature, local_links
from gwsite.files import link_or_copy
from gwsite.views.generated import GeneratedPage
from gwsite.plugin.background import BackgroundQueue
from gwsite.plugin.rendering import carry_digests, data_digest, render_forked
from gwsite.progress import Progress
from gwsite.build.search import SearchScope, order, search_scope, shard_names


def test_config_signature_is_stable_and_ignores_where_the_site_is_written():
    one = {"site_name": "青州市关工委", "site_dir": "/tmp/a", "nav": [{"首页": "index.md"}], "extra": {"x": {1, 2}}}
    two = {**one, "site_dir": "/srv/b", "strict": True}
    assert config_signature(one) == config_signature(dict(one)) == config_signature(two)
    assert config_signature(one) != config_signature({**one, "site_name": "青州市关心下一代工作委员会"})


def test_local_links_are_the_relative_targets_only():
    text = ("见[关于](../../about.md#contact)和[外链](https://example.cn/a.md)，"
            '<img src="../images/a.jpg"> [ref]: ../x.md\n\n[页内](#top)')
    assert local_links(text) == ["../../about.md", "../images/a.jpg"]
    assert local_links("没有链接的正文。") == []


def test_a_written_page_is_found_placed_and_pruned(tmp_path):
    cache = PageCache(tmp_path / "pages", "site")
    key, other = cache.key("story", "a"), cache.key("story", "b")
    assert key != other and not cache.has(key)
    cache.write(key, "<p>稿件</p>")
    assert cache.has(key) and not cache.has(key + ".body")  # what this build wrote, after its first look
    cache.place(key, tmp_path / "site/a/index.html")
    assert (tmp_path / "site/a/index.html").read_text(encoding="utf-8") == "<p>稿件</p>"
    assert PageCache(tmp_path / "pages", "site").has(key)  # a later build finds it
    fresh = PageCache(tmp_path / "pages", "site")  # the next build uses only `other`
    fresh.write(other, "<p>另一篇</p>")
    fresh.prune()
    assert not fresh.path(key).exists() and fresh.path(other).exists()
    assert (tmp_path / "site/a/index.html").read_text(encoding="utf-8") == "<p>稿件</p>"  # the site keeps its copy


def test_years_are_shards_and_a_big_year_is_split_without_moving_other_stories():
    small = shard_names([("news/2024/01/a/", 2024), ("news/2025/01/b/", 2025)])
    assert small == {"news/2024/01/a/": "2024", "news/2025/01/b/": "2025"}
    urls = [(f"news/2025/s{i}/", 2025, 1 + i * 14) for i in range(25)]  # every other week of 2025
    split = shard_names(urls, size=10)
    assert set(split.values()) == {"2025-1", "2025-2", "2025-3"}
    # Each part a span of days: the later a story, the later its part (the page's order across shards).
    parts = [int(split[url].split("-")[1]) for url, _, _ in urls]
    assert parts == sorted(parts) and parts[0] == 1 and parts[-1] == 3
    grown = shard_names([*urls, ("news/2025/12/new/", 2025, 360)], size=10)
    assert all(grown[url] == split[url] for url, _, _ in urls)  # same number of parts: nobody moves
    assert order(["2023", "2025-1", "2024", "2025-2"]) == ["2025-2", "2025-1", "2024", "2023"]


def test_the_search_page_starts_with_the_newest_whole_years_that_hold_enough_stories():
    stories = [(f"news/{year}/s{i}/", year, 1 + i * 9) for year, count in ((2025, 30), (2024, 25), (2023, 40), (2022, 5))
               for i in range(count)]
    shard_of = shard_names(stories, size=20)  # 2025, 2024 and 2023 in two shards each
    scope = search_scope(shard_of, first_stories=50)
    assert scope.shards == ("2025-2", "2025-1", "2024-2", "2024-1", "2023-2", "2023-1", "2022")
    # 2025 alone holds 30: 2024 joins, with both its shards; a year is never searched in part.
    assert (scope.first, scope.stories, scope.total) == (4, 55, 100)
    assert scope.years == ((2025, 2024), (2025, 2022))
    # A site smaller than the first part searches everything at once.
    assert search_scope(shard_of, first_stories=1000).first == len(scope.shards)
    # The newest year alone when it holds enough.
    assert search_scope(shard_of, first_stories=30).first == 2
    assert search_scope({}) == SearchScope((), 0, 0, 0, None)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is for POSIX systems")
def test_forked_rendering_renders_every_page_once_and_reports_a_failure(tmp_path):
    class FakePage:
        def __init__(self, name: str) -> None:
            self.name = name

    def render(page: FakePage) -> None:
        if page.name == "bad":
            raise RuntimeError("模板错误")
        with open(tmp_path / f"{page.name}.{os.getpid()}", "w", encoding="utf-8") as stream:
            stream.write(page.name)

    pages = [FakePage(str(i)) for i in range(9)]
    render_forked(pages, render, 3, Progress("测试"))
    done = sorted(Path(p).name.split(".")[0] for p in tmp_path.iterdir())
    assert done == sorted(str(i) for i in range(9))
    assert len({Path(p).name.split(".")[1] for p in tmp_path.iterdir()}) == 3  # three processes did the work
    with pytest.raises(PluginError, match="生成页面时出错"):
        render_forked([FakePage("1"), FakePage("bad"), FakePage("2")], render, 2, Progress("测试"))


def test_link_or_copy_replaces_a_file_in_one_step_and_leaves_nothing_behind(tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text("一", encoding="utf-8")
    second.write_text("二", encoding="utf-8")
    target = tmp_path / "site" / "news" / "index.html"
    link_or_copy(first, target)
    link_or_copy(first, target)  # already there: nothing to do
    assert target.read_text(encoding="utf-8") == "一"
    link_or_copy(second, target)
    assert target.read_text(encoding="utf-8") == "二"
    assert first.read_text(encoding="utf-8") == "一"  # the old link's file is untouched
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]


def test_sync_keeps_only_the_files_that_are_still_the_right_ones(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "page.html").write_text("页面", encoding="utf-8")
    (cache / "photo.jpg").write_bytes(b"jpeg")
    live = tmp_path / "project" / "site"
    output = Output.open(str(live), tmp_path / "project" / ".cache", "build")
    assert output is not None
    folder = output.folder
    for name in ("news/a/index.html", "news/b/index.html", "images/x.jpg", "feed.xml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
    os.link(cache / "page.html", folder / "news/a/index.html")
    (folder / "news/b/index.html").write_text("旧页面", encoding="utf-8")  # removed from the site
    os.link(cache / "photo.jpg", folder / "images/x.jpg")
    (folder / "feed.xml").write_text("旧订阅源", encoding="utf-8")
    (folder / ".well-known").mkdir()
    output.sync({"news/a/index.html": str(cache / "page.html"), "images/x.jpg": str(cache / "other.jpg")})
    assert output.kept == {"news/a/index.html"}
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        ".well-known", "news", "news/a", "news/a/index.html"]
    output.commit()
    assert (live / "news/a/index.html").read_text(encoding="utf-8") == "页面"
    output.close()


def test_a_page_whose_data_is_unchanged_keeps_its_digest_and_a_changed_one_gets_a_new_one():
    def page(src: str, data: object) -> GeneratedPage:
        return GeneratedPage(src, "页面", "gwsite/listing.html", data)

    before = [page("news/index.md", ("稿件一", 2)), page("tags/index.md", ("五老宣讲", 3))]
    known = {"news/index.md": "kept", "tags/index.md": "kept too"}
    after = [page("news/index.md", ("稿件一", 2)), page("tags/index.md", ("五老宣讲", 4)), page("units/index.md", ())]
    assert carry_digests(after, before, known) == {
        "news/index.md": "kept",  # equal data: the digest is not printed again
        "tags/index.md": data_digest(after[1]),
        "units/index.md": data_digest(after[2]),
    }
    assert carry_digests(after, [], {}) == {p.src: data_digest(p) for p in after}  # a first build


def test_a_search_index_waiting_under_serve_gives_way_to_a_newer_one():
    # Saves a second apart: the index of the second save is dropped once a third is queued, the
    # one running finishes, and the next build waits for what is left.
    plugin, ran = BackgroundQueue(), []
    running, release = threading.Event(), threading.Event()

    def first() -> None:
        running.set()
        release.wait(5)
        ran.append("first")

    plugin.in_background(first)
    assert running.wait(5)
    plugin.in_background(lambda: ran.append("second"))
    plugin.in_background(lambda: ran.append("third"))
    release.set()
    plugin.wait_for_background()
    assert ran == ["first", "third"]
    plugin.in_background(lambda: ran.append("fourth"))  # the thread ended: a new one takes it
    plugin.wait_for_background()
    assert ran == ["first", "third", "fourth"] and plugin.background is None


def test_a_search_index_that_fails_under_serve_is_reported_and_the_queue_goes_on():
    plugin, ran, logged = BackgroundQueue(), [], []
    started, release = threading.Event(), threading.Event()

    def failing() -> None:
        started.set()
        release.wait(5)
        raise PluginError("无法准备站内搜索索引的页面（No such file or directory：a.html）")

    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        plugin.in_background(failing)
        assert started.wait(5)
        plugin.in_background(lambda: ran.append("next"))
        release.set()
        plugin.wait_for_background()
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert ran == ["next"] and plugin.background is None
    assert any("无法准备站内搜索索引的页面" in message for message in logged), logged


def test_the_verifier_hashes_a_file_again_after_any_write_and_forgets_one_written_during_the_build(tmp_path):
    from gwsite.integrity import Verifier, digest_bytes

    entry = tmp_path / "entry.html"
    entry.write_bytes(b"<p>page</p>")
    digest = digest_bytes(b"<p>page</p>")
    memo = tmp_path / "verified.json"
    first = Verifier(memo)
    assert first.check(entry, digest) and first.hashed == 1
    os.link(entry, tmp_path / "site.html")  # linked into the site after the check: only its ctime changes
    first.save()
    second = Verifier(memo)
    assert second.check(entry, digest) and second.hashed == 0  # not read again
    with open(tmp_path / "site.html", "r+b") as stream:  # an edit through the site's hard link
        stream.write(b"<p>PAGE</p>")
    os.utime(entry, ns=(entry.stat().st_atime_ns, second.known[str(entry)][2]))  # even with its time set back
    assert not Verifier(memo).check(entry, digest)
    entry.write_bytes(b"<p>page</p>")
    third = Verifier(memo)
    assert third.check(entry, digest) and third.hashed == 1
    entry.write_bytes(b"<p>edited while the build ran</p>")
    third.save()
    assert str(entry) not in json.loads(memo.read_text(encoding="utf-8"))
