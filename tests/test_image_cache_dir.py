"""A deploy build on a fresh checkout with the kept photo cache processes no photo: real Pillow,
real `mkdocs build`, the cache folder named by `images: cache_dir` or `GWSITE_IMAGES_CACHE_DIR`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import imaging
from conftest import built_copy
from test_images import add_photos, site_images

PROCESSED = re.compile(r"图片：(\d+) 张，新处理 (\d+) 张")


def processed(stderr: str) -> tuple[int, int]:
    """The build's own count: photos used, and photos processed (not taken from the cache)."""
    match = PROCESSED.search(stderr)
    assert match, stderr
    return int(match[1]), int(match[2])


def checkout(source: Path, dest: Path) -> Path:
    """The site's sources in a new folder, as a deploy pipeline's fresh clone: new modification
    times, no `.cache/`, no `site/`."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", ".cache"), copy_function=shutil.copyfile)
    return dest


def photos(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_images(site)}


def build_with(site: Path, cache: Path | None, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    env.pop("GWSITE_IMAGES_CACHE_DIR", None)
    if cache is not None:
        env["GWSITE_IMAGES_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=site, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    return built_copy(tmp_path_factory.mktemp("deploy"), "basic", add_photos)


def test_a_fresh_checkout_with_the_kept_cache_processes_no_photo(first, tmp_path):
    kept = first / ".cache/gwsite/images"
    entries = sorted(p.relative_to(kept) for p in kept.glob("??/*/*"))
    fresh = checkout(first, tmp_path / "fresh")

    result = build_with(fresh, kept)

    assert result.returncode == 0, result.stderr
    used, new = processed(result.stderr)
    assert used == 7 and new == 0
    assert not (fresh / ".cache/gwsite/images").exists()
    assert sorted(p.relative_to(kept) for p in kept.glob("??/*/*")) == entries
    assert photos(fresh) == photos(first) and len(photos(first)) > 20

    cold = checkout(first, tmp_path / "cold")  # the same checkout without the kept cache
    result = build_with(cold, None)
    assert result.returncode == 0 and processed(result.stderr) == (7, 7)


def test_the_option_names_the_folder_for_builds_and_gwsite_check(make_site, tmp_path, gwsite, monkeypatch):
    monkeypatch.delenv("GWSITE_IMAGES_CACHE_DIR", raising=False)
    site = make_site()
    add_photos(site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gwsite", "  - gwsite:\n      images: {cache_dir: ../kept-photos}", 1), encoding="utf-8")
    result = build_with(site, None)
    assert result.returncode == 0, result.stderr
    kept = tmp_path / "kept-photos"
    assert processed(result.stderr) == (7, 7) and len(list(kept.glob("??/*/meta.json"))) == 7
    assert not (site / ".cache/gwsite/images").exists()

    broken = imaging.truncated_jpeg(site / "content/news/2024/images/wulao.jpg")  # the story's cover
    assert gwsite(site, "check").exit_code == 1
    refusals = [m for m in kept.glob("??/*/meta.json") if '"error": "' in m.read_text(encoding="utf-8")]
    assert len(refusals) == 1  # `gwsite check` keeps its refusal in the same folder
    assert not (site / ".cache/gwsite/images").exists()
    assert broken.is_file()


@pytest.mark.parametrize("where, words", [
    ("option", "gwsite 的 images: cache_dir 指向的"),
    ("variable", "环境变量 GWSITE_IMAGES_CACHE_DIR 指向的"),
])
def test_a_cache_folder_inside_the_docs_is_refused(make_site, where, words):
    site = make_site()
    if where == "option":
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - gwsite", "  - gwsite:\n      images: {cache_dir: content/cache}", 1), encoding="utf-8")
    result = build_with(site, site / "content/cache" if where == "variable" else None)
    assert result.returncode == 1
    assert words in result.stderr and "在 docs_dir" in result.stderr
    assert not (site / "content/cache").exists()


def test_two_builds_sharing_one_cache_folder_leave_it_whole(first, tmp_path):
    """Two checkouts built at once against one new cache folder: both processing the same photos."""
    shared = tmp_path / "shared"
    sites = [checkout(first, tmp_path / name) for name in ("a", "b")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", "GWSITE_IMAGES_CACHE_DIR": str(shared)}
    runs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for site in sites]
    results = [(run.returncode, stderr) for run in runs for _, stderr in [run.communicate(timeout=600)]]
    for code, stderr in results:
        assert code == 0, stderr
    assert photos(sites[0]) == photos(sites[1]) == photos(first)
    assert not list(shared.glob(".tmp-*"))

    third = checkout(first, tmp_path / "c")  # the shared folder is whole: nothing processed again
    result = build_with(third, shared)
    assert result.returncode == 0 and processed(result.stderr) == (7, 0)
    assert "已损坏" not in result.stderr and photos(third) == photos(first)
