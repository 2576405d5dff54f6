"""Where processed photos are kept (`images: cache_dir`, `GWSITE_IMAGES_CACHE_DIR`), and a kept
folder shared between builds: an entry another build finished stays, a foreign one is made again."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import ConfigurationError

import imaging
from gwsite.config import CacheFolder
from gwsite.imaging.cache import ImageCache
from gwsite.imaging.process import process_all
from gwsite.imaging.records import ImageSettings
from gwsite.project import IMAGE_CACHE_VARIABLE, image_cache_folder

SMALL = ImageSettings(widths=(100, 200, 400))


def project(tmp_path: Path, cache_dir: str | None = None):
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "content"),
                             site_dir=str(tmp_path / "site"))
    return config, SimpleNamespace(cache_dir=cache_dir)


def test_the_default_is_beside_mkdocs_yml(tmp_path):
    assert image_cache_folder(*project(tmp_path), environ={}) == tmp_path / ".cache/gwsite/images"


def test_the_option_is_relative_to_mkdocs_yml_or_absolute_and_the_variable_wins(tmp_path, monkeypatch):
    config, images = project(tmp_path, "../kept/photos")
    assert image_cache_folder(config, images, environ={}) == tmp_path.parent / "kept/photos"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert image_cache_folder(*project(tmp_path, "~/cache"), environ={}) == tmp_path / "home/cache"
    kept = tmp_path.parent / "ci-cache"
    assert image_cache_folder(config, images, environ={IMAGE_CACHE_VARIABLE: str(kept)}) == kept
    assert image_cache_folder(config, images, environ={IMAGE_CACHE_VARIABLE: " "}) == tmp_path.parent / "kept/photos"


@pytest.mark.parametrize("value, words", [
    ("content/.cache", "在 docs_dir"),
    ("site", "在 site_dir"),
    ("site/images", "在 site_dir"),
    ("..", "包含了 docs_dir"),
    (".", "包含了 docs_dir"),
])
def test_a_folder_the_site_is_read_from_or_written_to_is_refused(tmp_path, value, words):
    with pytest.raises(ConfigurationError, match="gwsite 的 images: cache_dir 指向的 .*" + words):
        image_cache_folder(*project(tmp_path, value), environ={})
    with pytest.raises(ConfigurationError, match=f"环境变量 {IMAGE_CACHE_VARIABLE} 指向的 .*" + words):
        image_cache_folder(*project(tmp_path), environ={IMAGE_CACHE_VARIABLE: str(tmp_path / value)})


def test_a_file_is_no_cache_folder(tmp_path):
    (tmp_path / "photos").write_text("x")
    with pytest.raises(ConfigurationError, match="不是文件夹"):
        image_cache_folder(*project(tmp_path, "photos"), environ={})


@pytest.mark.parametrize("value", [5, "", "  ", ["a"], "a\nb"])
def test_the_option_is_one_line_of_text(value):
    from mkdocs.config.base import ValidationError

    with pytest.raises(ValidationError, match="images 的 cache_dir 应为"):
        CacheFolder().validate(value)


def test_a_fresh_checkout_reuses_a_kept_folder(tmp_path):
    """New paths and modification times, the same bytes: no photo is processed again."""
    first_tree, second_tree = tmp_path / "one", tmp_path / "two"
    first_tree.mkdir()
    sources = [imaging.phone_photo(first_tree / f"p{i}.jpg", (500, 300 + i)) for i in range(3)]
    kept = tmp_path / "kept"
    first = process_all(sources, ImageCache(kept, SMALL))
    shutil.copytree(first_tree, second_tree, copy_function=shutil.copyfile)
    cache = ImageCache(kept, SMALL)
    again = process_all([second_tree / p.name for p in sources], cache)
    assert cache.rendered == 0 and cache.broken == 0
    assert [again[second_tree / p.name] for p in sources] == [first[p] for p in sources]


def test_a_remembered_digest_is_not_trusted_for_another_file_with_the_same_size_and_time(tmp_path):
    """A checkout whose tools give every file one modification time, at the path of an earlier one."""
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    stat = source.stat()
    other = imaging.phone_photo(tmp_path / "other.jpg", (400, 500))
    data = other.read_bytes()[:stat.st_size].ljust(stat.st_size, b"\0")
    source.unlink()
    source.write_bytes(data)  # another file now, of the same size
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cache = ImageCache(tmp_path / "cache", SMALL)
    assert cache.key(source) != first.key


def test_an_entry_under_another_photos_name_is_processed_again(tmp_path):
    one = imaging.phone_photo(tmp_path / "one.jpg", (500, 400))
    two = imaging.phone_photo(tmp_path / "two.jpg", (400, 500))
    cache = ImageCache(tmp_path / "cache", SMALL)
    first = process_all([one, two], cache)
    entry_one, entry_two = cache.entry(first[one].processed.key), cache.entry(first[two].processed.key)
    shutil.rmtree(entry_two)
    shutil.copytree(entry_one, entry_two)  # whole and self-consistent, but another photo's
    cache = ImageCache(tmp_path / "cache", SMALL)
    again = process_all([one, two], cache)
    assert cache.rendered == 1 and cache.broken == 1
    assert again[two] == first[two]
    assert json.loads((entry_two / "meta.json").read_text())["key"] == entry_two.name
    assert (entry_two / "400.jpg").read_bytes() != (entry_one / "400.jpg").read_bytes()


def test_an_entry_another_build_finished_first_stays(tmp_path):
    """Two builds sharing the folder process the same photo: the second keeps the first's files,
    which the first may be linking into its site at that moment."""
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    entry = ImageCache(tmp_path / "cache", SMALL).entry(first.key)
    inodes = {p.name: p.stat().st_ino for p in entry.iterdir()}
    late = ImageCache(tmp_path / "cache", SMALL)
    late.load = lambda *args, **kwargs: None  # it looked before the first build finished
    assert process_all([source], late)[source].processed == first and late.rendered == 1
    assert {p.name: p.stat().st_ino for p in entry.iterdir()} == inodes
    assert not list((tmp_path / "cache").glob(".tmp-*"))


def test_a_damaged_entry_is_replaced_whole(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    entry = ImageCache(tmp_path / "cache", SMALL).entry(first.key)
    good = (entry / "200.webp").read_bytes()
    (entry / "200.webp").write_bytes(b"garbled")
    late = ImageCache(tmp_path / "cache", SMALL)
    late.load = lambda *args, **kwargs: None
    process_all([source], late)
    assert (entry / "200.webp").read_bytes() == good
    assert not list((tmp_path / "cache").glob(".tmp-*"))


def test_using_an_entry_keeps_it_from_being_pruned(tmp_path):
    """Another site sharing the folder prunes what no build used for 30 days, not what this one uses."""
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    meta = ImageCache(tmp_path / "cache", SMALL).entry(first.key) / "meta.json"
    old = time.time() - 40 * 86400
    os.utime(meta, (old, old))
    assert process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed == first
    assert ImageCache(tmp_path / "cache", SMALL).prune(keep=set()) == 0
    os.utime(meta, (old, old))
    assert ImageCache(tmp_path / "cache", SMALL).prune(keep=set()) == 1
