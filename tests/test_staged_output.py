"""Builds write a staging folder that replaces `site/` only on success (see `gwsite.build.output`): a failed
or killed build leaves the published site byte for byte as it was, and the next build recovers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, build_in_process, run_mkdocs_build
from test_page_cache import ANPING, STORY, assert_same_as_cold, edit, tree


@pytest.fixture
def site(tmp_path):
    target = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", target)
    result = run_mkdocs_build(target)
    assert result.returncode == 0, result.stderr
    return target


def test_a_build_that_fails_under_strict_leaves_the_site_as_it_was(site, tmp_path):
    before = tree(site / "site")
    # A link to a page that does not exist: a warning, so `--strict` aborts after every page is written.
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。[详见](../no-such-story.md)")
    result = run_mkdocs_build(site)
    assert result.returncode != 0
    assert "no-such-story.md" in result.stderr
    assert tree(site / "site") == before
    edit(site / STORY, "[详见](../no-such-story.md)", "详见附件。")
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert "详见附件。" in (site / "site" / ANPING).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_killed_build_leaves_the_site_as_it_was_and_the_next_build_recovers(site, tmp_path):
    before = tree(site / "site")
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。被中断的改动。")
    started = tmp_path / "started"
    (site / "slow.py").write_text(
        "import pathlib, time\n\n\n"
        "def on_post_build(config):\n"  # runs before gwsite's own, which makes the build live
        f"    pathlib.Path({str(started)!r}).touch()\n"
        "    time.sleep(120)\n",
        encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config + "hooks:\n  - slow.py\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not started.exists():
            assert process.poll() is None, "the build ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert tree(site / "site") == before  # every page written, none of it live
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert "被中断的改动。" in (site / "site" / ANPING).read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_dot_files_in_the_site_folder_are_kept_as_mkdocs_keeps_them(site):
    (site / "site" / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    (site / "site" / ".git").mkdir()
    (site / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert (site / "site" / ".htaccess").read_text(encoding="utf-8") == "Options -Indexes\n"
    assert (site / "site" / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"


def test_the_log_and_the_config_name_the_site_folder_not_the_staging_folder(site, monkeypatch):
    result = run_mkdocs_build(site)
    assert f"Building documentation to directory: {site / 'site'}" in result.stderr
    # `mkdocs gh-deploy` publishes `config.site_dir` after the build: it must be the site again.
    monkeypatch.chdir(site)
    config = build_in_process(site)
    assert Path(config.site_dir) == site / "site"
    assert (site / "site" / ANPING).is_file()


def test_a_second_build_reuses_the_unchanged_files_of_the_one_before_last(site):
    run_mkdocs_build(site)  # the staging folder now holds the first build's site
    page = site / "site" / ANPING
    inode = page.stat().st_ino
    edit(site / STORY, "老党员王建国讲述了抗战时期的家乡往事。", "老党员王建国讲述了抗战时期的家乡往事。又一段。")
    other = next(p for p in (site / "site" / "news").rglob("index.html") if p != page)
    other_inode = other.stat().st_ino
    result = run_mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert page.stat().st_ino != inode  # the edited story: a new file
    assert "又一段。" in page.read_text(encoding="utf-8")
    assert other.stat().st_ino == other_inode  # an unchanged story: the same cached file, not rewritten
