"""A first build of a large site renders on every core: the stories are read and converted by the
processes that render them. What they publish, warn about and give the feeds is what one process
would."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_in_process, run_mkdocs_build
from mkdocs.exceptions import Abort

import hostile

from gwsite.plugin import rendering

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # noqa: E402

STORIES = 440  # more than `rendering.FORK_AT_LEAST` story pages
UNSAFE = "\n\n<p onclick=\"alert(1)\">点这里看视频</p>\n\n详见[活动方案](fang-an.md)。\n"


def _large_site(root: Path) -> tuple[Path, list[Path]]:
    site = generate(root / "large", STORIES)
    stories = sorted((site / "content/news").rglob("*.md"))
    # Consecutive stories go to different processes: some of these are converted by another one.
    unsafe = stories[-6:]  # the newest: in the site's feed
    for story in unsafe:
        story.write_text(story.read_text("utf-8") + UNSAFE, "utf-8")
    return site, unsafe


def _published(site: Path) -> dict[str, bytes]:
    built = site / "site"
    return {path.relative_to(built).as_posix(): path.read_bytes() for path in sorted(built.rglob("*"))
            if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv") and "pagefind" not in path.parts}


def test_a_forked_first_build_publishes_what_one_process_would(tmp_path, monkeypatch):
    site, unsafe = _large_site(tmp_path)
    assert sum(1 for _ in (site / "content/news").rglob("*.md")) >= rendering.FORK_AT_LEAST
    monkeypatch.setattr(rendering.os, "cpu_count", lambda: 2)
    build_in_process(site)
    forked = _published(site)
    shutil.rmtree(site / "site")
    shutil.rmtree(site / ".cache")
    monkeypatch.setattr(rendering, "FORK_AT_LEAST", 10**9)
    build_in_process(site)
    alone = _published(site)
    assert forked.keys() == alone.keys()
    assert [name for name in forked if forked[name] != alone[name]] == []
    for story in unsafe:
        page = next(name for name in forked if name.endswith(f"/{story.stem}/index.html"))
        assert "点这里看视频" in forked[page].decode() and "onclick" not in forked[page].decode()
    # Every story's text reaches the feed, the ones converted by the other process too.
    feed = forked["feed.xml"].decode()
    in_feed = [story for story in unsafe if _title(story) in feed]
    assert in_feed and feed.count("点这里看视频") == len(in_feed)


def _title(story: Path) -> str:
    for line in story.read_text("utf-8").splitlines():
        if line.startswith(("title:", "标题:")):
            return json.loads(line.split(":", 1)[1])
    raise AssertionError(story)


def test_warnings_of_stories_converted_by_another_process_are_reported_once_and_count(tmp_path):
    site, unsafe = _large_site(tmp_path)
    result = run_mkdocs_build(site, strict=False)
    assert result.returncode == 0, result.stderr[-2000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    for story in unsafe:
        shown = story.relative_to(site).as_posix()
        assert sum(1 for line in warnings if shown in line and "不安全" in line) == 1, shown
        # MkDocs' own warning, logged while converting the story: a link to a file that is not there.
        assert sum(1 for line in warnings if story.relative_to(site / "content").as_posix() in line
                   and "fang-an.md" in line) == 1, shown
    shutil.rmtree(site / "site")
    shutil.rmtree(site / ".cache")
    strict = run_mkdocs_build(site)
    assert strict.returncode != 0
    assert f"Aborted with {2 * len(unsafe)} warnings in strict mode" in strict.stdout + strict.stderr


@pytest.mark.parametrize("share", [0, 1], ids=["this process", "another process"])
def test_a_story_changed_after_its_check_stops_a_forked_build_with_its_own_message(tmp_path, monkeypatch, caplog,
                                                                                   capfd, share):
    """Converted by whichever process renders it, a story whose fence changed since its check stops
    the build as in one process: its message, no traceback, no renderer left running."""
    site = generate(tmp_path / "large", STORIES)
    monkeypatch.setattr(rendering.os, "cpu_count", lambda: 2)
    forked, fork = rendering.render_forked, os.fork
    changed, pids = [], []

    def then_edited(pages, render, jobs, progress, *files):
        page = next(page for page in pages[share::jobs] if page.file.src_uri.startswith("news/"))
        Path(page.file.abs_src_path).write_text(hostile.fenced("----", hostile.BOMB), encoding="utf-8")
        changed.append(page.file.src_uri)
        forked(pages, render, jobs, progress, *files)

    def recorded_fork():
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(rendering, "render_forked", then_edited)
    monkeypatch.setattr(rendering.os, "fork", recorded_fork)
    with pytest.raises(Abort):
        build_in_process(site)
    assert (f"content/{changed[0]}:1: front-matter: 稿件在检查后被改动，无法确定稿件信息在哪里结束；"
            f"{hostile.FENCE}，然后重新生成") in caplog.messages
    assert "生成页面时出错，详见上面的信息" not in caplog.messages
    assert "Traceback" not in capfd.readouterr().err
    assert pids
    for pid in pids:  # waited for, or stopped and waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_links_to_anchors_of_stories_converted_by_another_process_are_checked_as_in_one_process(tmp_path):
    """With MkDocs' `validation: anchors: warn`, a link to a heading a story lacks fails `--strict`
    whichever process converted either story, and a link to one it has passes."""
    site = generate(tmp_path / "large", STORIES)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  anchors: warn\n", "utf-8")
    stories = sorted((site / "content/news").rglob("*.md"))[-6:]  # consecutive: converted by both processes
    for number, story in enumerate(stories):
        other = stories[(number + 1) % len(stories)]
        link = Path("..", other.parent.name, other.name).as_posix()
        links = f"见[方案]({link}#plan)，[附件]({link}#missing-{number})。"
        story.write_text(story.read_text("utf-8") + f"\n\n## Plan\n\n{links}\n", "utf-8")
    result = run_mkdocs_build(site)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert not [line for line in warnings if "#plan" in line]
    for number, story in enumerate(stories):
        shown = f"Doc file '{story.relative_to(site / 'content').as_posix()}' contains a link"
        assert sum(1 for line in warnings if shown in line and f"#missing-{number}'" in line) == 1, story.name
    assert f"Aborted with {len(stories)} warnings in strict mode" in result.stdout + result.stderr
