"""`mkdocs serve` finds a saved file through the system's file notifications (inotify), not MkDocs'
half-second polling, and falls back to polling when the native observer cannot start; the quick
update's parts that run beside the server (its catch-up, the reload, the check for copies)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import watchdog.observers.polling
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from conftest import FIXTURES
from gwsite.content.story import Placement, Story
from gwsite.plugin import adapter, preview
from gwsite.plugin.state import Session

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


OPEN: list[LiveReloadServer] = []


@pytest.fixture(autouse=True)
def close_servers():
    yield
    while OPEN:
        OPEN.pop().server_close()


def server_watching(*paths: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(paths[0]))
    OPEN.append(server)
    for path in paths:
        server.watch(str(path))
    return server


def told_within(server: LiveReloadServer, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                return True
        time.sleep(0.005)
    return False


@linux_only
def test_a_save_is_found_at_once_not_in_the_next_poll(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    story = docs / "story.md"
    story.write_text("旧", encoding="utf-8")
    server = server_watching(docs)
    watched = server._watched_paths
    assert adapter.watch_natively(server, preview.BUILD_DELAY)
    assert server._watched_paths is watched and watched == {str(docs): 1}  # the same dict, for `preview.watch`
    assert isinstance(server.observer, adapter.NativeObserver) and server.observer.native
    assert server.build_delay == preview.BUILD_DELAY
    server.observer.start()
    try:
        time.sleep(0.1)
        assert story.read_text(encoding="utf-8") == "旧"
        assert not told_within(server, 0.2)  # the build reads every story: no rebuild for that
        story.write_text("新", encoding="utf-8")
        assert told_within(server, 0.2)  # MkDocs' polling takes up to 0.5 s to look again
        (tmp_path / "mkdocs.yml").write_text("site_name: 示例", encoding="utf-8")
        server.watch(str(tmp_path / "mkdocs.yml"))  # a path watched after the server started
        assert server.observer.native
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_server_that_changed_is_left_as_it_is(tmp_path):
    server = server_watching(tmp_path)
    server.observer.start()
    try:
        assert not adapter.watch_natively(server, preview.BUILD_DELAY)  # already polling
        assert isinstance(server.observer, watchdog.observers.polling.PollingObserver)
    finally:
        server.observer.stop()
        server.observer.join()


class LimitReached(watchdog.observers.polling.PollingObserver):
    """A native observer whose watches pass the system's limit when it starts."""

    def start(self) -> None:
        raise OSError(28, "inotify watch limit reached")


def test_polling_when_the_native_observer_cannot_start(tmp_path, caplog):
    docs = tmp_path / "docs"
    docs.mkdir()
    observer = adapter.NativeObserver(0.05, native=LimitReached)
    observer.native = True
    server = server_watching(docs)
    server.observer.unschedule_all()
    server._watched_paths.clear()
    server._watch_refs.clear()
    server.observer = observer
    server.watch(str(docs))
    observer.start()
    try:
        assert not observer.native and type(observer.active) is watchdog.observers.polling.PollingObserver
        assert "fs.inotify.max_user_watches" in caplog.text
        time.sleep(0.1)
        (docs / "story.md").write_text("新", encoding="utf-8")
        assert told_within(server, 2)
        server.unwatch(str(docs))
    finally:
        observer.stop()
        observer.join()


@linux_only
def test_the_plugin_swaps_the_observer_under_serve(tmp_path):
    config = load_config(str(FIXTURES / "basic" / "mkdocs.yml"))
    server = server_watching(Path(config.docs_dir))
    plugin = config.plugins["gwsite"]
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert isinstance(server.observer, adapter.NativeObserver) and server.observer.native
    assert server.build_delay < 0.1
    server.observer.active.unschedule_all()


def test_the_next_rebuild_waits_for_the_last_edits_catch_up():
    session = Session()
    events = []

    def slow_catch_up() -> None:
        time.sleep(0.3)
        events.append("caught up")

    def current():
        events.append("rebuild")
        raise RuntimeError("no build: the whole one then")

    session.catch_up.in_background(slow_catch_up)
    preview.quick_builder(session, current, lambda: events.append("whole"))()
    assert events == ["caught up", "rebuild", "whole"]


def test_browsers_reload_after_a_catch_up_unless_a_build_is_under_way(tmp_path):
    server = server_watching(tmp_path)
    before = server._visible_epoch
    adapter.reload_browsers(server)
    assert server._visible_epoch == server._wanted_epoch > before
    server._wanted_epoch += 5  # a build started: its end reloads them
    shown = server._visible_epoch
    adapter.reload_browsers(server)
    assert server._visible_epoch == shown


def story(src: str, title: str, url: str | None = None, draft: bool = False) -> Story:
    when = dt.datetime(2024, 3, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    placements = (Placement("青州日报", True, "city", when.date(), url=url),) if url else ()
    return Story(src, title, when, "anping", placements=placements, draft=draft)


def built(*stories: Story) -> SimpleNamespace:
    return SimpleNamespace(site=SimpleNamespace(stories=list(stories)), session=Session())


def fresh(*stories: Story) -> dict:
    return {s.src: preview.Reread(s, []) for s in stories}


def test_an_edit_that_makes_a_copy_is_found_among_the_other_stories():
    a, b = story("a.md", "五老宣讲团走进城关小学", "https://x.example.cn/1"), story("b.md", "关爱留守儿童", "https://x.example.cn/2")
    site = built(a, b, story("c.md", "草稿", draft=True))
    assert not preview.copies(site, fresh(story("a.md", "五老宣讲团春季巡讲", "https://x.example.cn/1")))
    assert preview.copies(site, fresh(story("a.md", "关爱留守儿童")))  # b's title, day and unit
    assert preview.copies(site, fresh(story("a.md", "新标题", "https://x.example.cn/2/")))  # b's placement
    assert not preview.copies(site, fresh(story("a.md", "草稿")))  # a draft copies nothing
    assert preview.copies(site, fresh(story("a.md", "新", "https://x.example.cn/9"), story("b.md", "新", "https://x.example.cn/8")))
    assert preview.copies(site, fresh(story("a.md", "甲", "https://x.example.cn/9"), story("b.md", "乙", "https://x.example.cn/9")))
