"""`mkdocs serve` as a correspondent uses it: an edit to a story's text shows at once (gwsite's quick
rebuild), and what it shows is exactly what a whole rebuild shows; anything else rebuilds everything."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_page_cache import ANPING, LINHE, STORY, edit

LINHE_SOURCE = "content/news/2024/2024-05-20-linhe-xuezi.md"

QUICK = "快速更新：1 篇稿件的正文有改动"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            text = response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""
    return re.sub(r"livereload\(\d+, *\d+\)", "livereload()", text)  # the preview's reload script


class Preview:
    def __init__(self, site: Path, log: Path) -> None:
        self.site, self.log = site, log
        self.origin = f"http://127.0.0.1:{free_port()}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        self.stream = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed in `stop`
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", self.origin[7:-1]],
            cwd=site, env=env, stdout=self.stream, stderr=subprocess.STDOUT)
        self.wait_for(lambda: fetch(self.origin), "the preview did not start")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, condition, message: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"{message}\n{self.output()}"
            time.sleep(0.1)

    def rebuilt(self, count: int) -> None:
        """Wait until the preview finished `count` builds, quick or whole, and its search index."""
        def done() -> bool:
            text = self.output()
            return (text.count("完成：稿件") + text.count("快速更新：") >= count
                    and text.count("站内搜索：已索引") >= count)
        self.wait_for(done, f"no build number {count}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.stream.close()


@pytest.fixture
def preview(tmp_path):
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    running = Preview(site, tmp_path / "serve.log")
    running.rebuilt(1)
    yield running
    running.stop()


def test_an_edit_to_a_story_text_shows_at_once_and_as_a_whole_rebuild_would_show_it(preview):
    story_url = preview.origin + ANPING.removesuffix("index.html")
    edit(preview.site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。预览里马上看到的一句。")
    preview.wait_for(lambda: "预览里马上看到的一句。" in fetch(story_url), "the edit did not show")
    preview.rebuilt(2)
    assert QUICK in preview.output()
    shown = {url: fetch(preview.origin + url) for url in (ANPING.removesuffix("index.html"), "feed.xml", "atom.xml", "")}
    assert "预览里马上看到的一句。" in shown["feed.xml"]  # the feeds carry the full text

    # A change to mkdocs.yml is never quick: MkDocs rebuilds everything, from scratch.
    config = preview.site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.rebuilt(3)
    assert preview.output().count("快速更新：") == 1
    for url, html in shown.items():
        assert fetch(preview.origin + url) == html, url


def test_a_quick_update_checks_the_links_to_anchors_of_the_story_and_to_it(tmp_path):
    """With `validation: anchors: warn`, a heading renamed in a linked story warns at the quick
    update, as a whole build would, and an edit to the linking story warns again of its link."""
    site = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n", "utf-8")
    linhe = site / LINHE_SOURCE
    linhe.write_text(linhe.read_text("utf-8") + "\n\n## Plan\n\n按计划开展。\n", "utf-8")
    edit(site / STORY, "老党员王建国", "见[安排](2024-05-20-linhe-xuezi.md#plan)。老党员王建国")
    running = Preview(site, tmp_path / "serve.log")
    try:
        running.rebuilt(1)
        missing = "contains a link '2024-05-20-linhe-xuezi.md#plan', but the doc"
        assert missing not in running.output()
        edit(linhe, "## Plan\n", "## List\n")
        running.rebuilt(2)
        assert QUICK in running.output() and running.output().count(missing) == 1, running.output()
        edit(site / STORY, "老党员王建国讲述", "老党员王建国生动讲述")
        running.rebuilt(3)
        assert running.output().count(QUICK) == 2 and running.output().count(missing) == 2, running.output()
    finally:
        running.stop()


def test_rapid_saves_leave_the_search_index_of_the_last_one(preview):
    # A correspondent saving again and again: each save shows at once, its search index follows
    # in the background, and the index the preview ends with is that of the text last saved.
    story_url = preview.origin + ANPING.removesuffix("index.html")
    sentence = "老党员王建国讲述了抗战时期的家乡往事。"
    for n in ("一", "二", "三"):
        edit(preview.site / STORY, sentence, f"{sentence}第{n}次保存。")
        sentence = f"{sentence}第{n}次保存。"
        preview.wait_for(lambda saved=sentence: saved in fetch(story_url), f"save {n} did not show")
    assert preview.output().count("快速更新：") == 3

    # A whole rebuild waits for the index still running, then finds every shard in the cache:
    # the last index the preview wrote was of the last save, not of an earlier one.
    config = preview.site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.wait_for(lambda: "站内搜索：已索引" in preview.output().rsplit("完成：稿件", 1)[-1]
                     and preview.output().count("完成：稿件") == 2, "the whole rebuild did not index")
    indexed = preview.output().rsplit("完成：稿件", 1)[-1].split("站内搜索：已索引", 1)[1].splitlines()[0]
    assert "重新索引" not in indexed, indexed
    assert sentence in fetch(story_url)


def published(origin: str) -> dict[str, str]:
    """Everything the preview serves: each page in its sitemap, and every feed, JSON and CSV file
    those pages link to."""
    sitemap = fetch(origin + "sitemap.xml")
    pages = [urllib.parse.urlsplit(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    shown = {"sitemap.xml": sitemap} | {url: fetch(origin + url) for url in pages}
    for url, html in list(shown.items()):
        for href in re.findall(r'href="([^"#?]+\.(?:xml|json|csv))"', html):
            target = urllib.parse.urljoin(origin + url, href).removeprefix(origin)
            shown.setdefault(target, fetch(origin + target))
    assert len(pages) > 10 and all(shown.values()), sorted(url for url, text in shown.items() if not text)
    return shown


def test_a_front_matter_edit_shows_at_once_on_every_page_that_shows_the_story(preview):
    story = preview.site / STORY
    text = story.read_text(encoding="utf-8")
    # A new title, a new outlet at another level, and another category: there the story becomes
    # the older neighbour of 临河区's story, whose page now shows its title.
    story.write_text(text.replace("title: 安平县五老宣讲团走进城关小学", "title: 安平县五老宣讲团春季巡讲启动")
                     .replace("outlet: 青州日报\n    level: 市级", "outlet: 江北日报\n    level: 省级")
                     .replace("category: 五老风采", "category: 工作动态"), encoding="utf-8")
    preview.wait_for(lambda: "春季巡讲启动" in fetch(preview.origin), "the new title is not on the home page")
    preview.rebuilt(2)
    assert "快速更新：1 篇稿件的内容有改动" in preview.output()
    shown = published(preview.origin)
    ranking = json.loads(shown["ranking/2024/ranking.json"])
    anping = next(unit for group in ranking["groups"] for unit in group["units"] if unit["name"] == "安平县关工委")
    assert anping["placements"]["provincial"] == 1, anping  # the new outlet is counted at its level
    assert "春季巡讲启动" in shown["feed.xml"] and "春季巡讲启动" in shown["news/"]
    assert "上一篇：<a" in shown[LINHE.removesuffix("index.html")].split("春季巡讲启动")[0][-300:]

    config = preview.site / "mkdocs.yml"  # a whole rebuild, from scratch, shows the same
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.rebuilt(3)
    assert preview.output().count("快速更新：") == 1
    again = published(preview.origin)
    assert again.keys() == shown.keys()
    assert [url for url in shown if again[url] != shown[url]] == []


def test_a_front_matter_edit_that_adds_a_page_rebuilds_everything(preview):
    edit(preview.site / STORY, "tags: [五老宣讲, 红色教育]", "tags: [五老宣讲, 红色教育, 春季巡讲]")
    preview.wait_for(lambda: "春季巡讲" in fetch(preview.origin + "tags/"), "the new tag is not in the tag cloud")
    preview.rebuilt(2)
    assert "快速更新：" not in preview.output()


def test_an_edit_that_records_a_placement_twice_is_never_quick(preview):
    # The placement is another story's: an error across two files, which only the whole build sees.
    edit(preview.site / LINHE_SOURCE, "    类型: 图片\n", "    类型: 图片\n    链接: https://www.qzrb.example.cn/2024/0318/1.html\n")
    copied = "与 content/news/2024/2024-03-15-anping-wulao.md 第 9 行的刊用记录重复"
    preview.wait_for(lambda: copied in preview.output(), "the copy was not reported")
    assert "快速更新：" not in preview.output()


def test_a_new_title_shows_first_on_its_listings_and_the_rankings_catch_up(preview):
    # The story's page, the home page and the listings show a new title at once, with the last
    # rankings; the rankings, unit pages and feeds follow in the background, and then the preview
    # is what a whole rebuild makes.
    edit(preview.site / STORY, "title: 安平县五老宣讲团走进城关小学", "title: 安平县五老宣讲团秋季巡讲启动")
    preview.wait_for(lambda: "秋季巡讲启动" in fetch(preview.origin), "the new title is not on the home page")
    preview.wait_for(lambda: "快速更新（后台）" in preview.output(), "the rankings did not catch up")
    preview.rebuilt(2)
    log = preview.output()
    assert log.index("快速更新：1 篇稿件的内容有改动") < log.index("快速更新（后台）")
    shown = published(preview.origin)
    assert "秋季巡讲启动" in shown["feed.xml"] and "秋季巡讲启动" in shown["news/"]

    config = preview.site / "mkdocs.yml"  # a whole rebuild, from scratch, shows the same
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.rebuilt(3)
    again = published(preview.origin)
    assert [url for url in shown if again.get(url) != shown[url]] == []


def test_an_edit_to_the_first_paragraph_shows_the_story_first_and_its_summary_follows(preview):
    # The first paragraph is the story's summary, which listings and the home page show: the
    # story's page alone is rendered before the preview reloads, the rest follows in the background.
    story_url = preview.origin + ANPING.removesuffix("index.html")
    edit(preview.site / STORY, "为四百余名师生讲述红色故事。", "为五百余名师生讲述红色故事。")
    preview.wait_for(lambda: "为五百余名师生" in fetch(story_url), "the edit did not show")
    preview.wait_for(lambda: "为五百余名师生" in fetch(preview.origin + "news/"), "the summary did not follow")
    preview.rebuilt(2)
    log = preview.output()
    assert log.index("快速更新：1 篇稿件的正文有改动，只重新生成了受影响的 1 个页面") < log.index("快速更新（后台）")
    shown = published(preview.origin)
    assert "为五百余名师生" in shown["feed.xml"]

    config = preview.site / "mkdocs.yml"  # a whole rebuild, from scratch, shows the same
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.rebuilt(3)
    again = published(preview.origin)
    assert [url for url in shown if again.get(url) != shown[url]] == []
