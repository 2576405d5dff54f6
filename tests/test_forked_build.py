"""A first build of a large site renders on every core: the stories are read and converted by the
processes that render them. What they publish, warn about and give the feeds is what one process
would."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import REPO, build_in_process, run_mkdocs_build

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
