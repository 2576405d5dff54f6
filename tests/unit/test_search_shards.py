"""Search shards without a build: real Pagefind on two pages, and a Pagefind that fails."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from gwsite.build import search
from gwsite.build.search import SearchIndexError, Shard, ShardedIndex

PAGE = ('<!doctype html><html lang="zh"><head><title>{title}</title></head>'
        '<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>')


def shard(tmp_path: Path) -> Shard:
    pages = []
    for n, (title, text) in enumerate([("五老宣讲团走进城关小学", "老党员讲述抗战时期的家乡往事。"),
                                       ("关爱留守儿童暑期课堂开班", "志愿者为孩子们辅导功课。")]):
        html = tmp_path / "pages" / f"{n}.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(PAGE.format(title=title, text=text), encoding="utf-8")
        pages.append((f"news/2024/0{n + 1}/story-{n}/", f"key{n}", html))
    return Shard("2024", tuple(pages))


def test_a_shard_is_indexed_once_then_taken_from_the_cache(tmp_path):
    index = ShardedIndex(tmp_path / "cache")
    index.start([shard(tmp_path)])
    summary = index.finish(tmp_path / "site")
    assert (summary.pages, index.indexed) == (2, 1)
    assert (tmp_path / "site/pagefind/2024/pagefind-entry.json").is_file()
    assert not list((tmp_path / "cache").glob(".input-*"))  # the linked pages are gone

    again = ShardedIndex(tmp_path / "cache")
    again.start([shard(tmp_path)])
    assert again.finish(tmp_path / "site").pages == 2 and again.indexed == 0


def test_a_failing_pagefind_is_reported_in_chinese_and_leaves_nothing_behind(tmp_path, monkeypatch):
    program = tmp_path / "pagefind"
    program.write_text("#!/bin/sh\necho 'Error: No space left on device' >&2\nexit 2\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(search, "executable", lambda: program)  # a Pagefind that fails as a full disk makes it
    index = ShardedIndex(tmp_path / "cache")
    index.start([shard(tmp_path)])
    with pytest.raises(SearchIndexError, match="站内搜索索引生成失败：Error: No space left on device"):
        index.finish(tmp_path / "site")
    assert [path.name for path in (tmp_path / "cache").iterdir()] == []


def test_a_page_missing_from_the_cache_is_reported_in_chinese_and_leaves_nothing_behind(tmp_path):
    pages = shard(tmp_path)
    pages.pages[1][2].unlink()  # the cache lost a page between rendering and indexing
    with pytest.raises(SearchIndexError, match="无法准备站内搜索索引的页面"):
        ShardedIndex(tmp_path / "cache").start([pages])
    assert [path.name for path in (tmp_path / "cache").iterdir()] == []


def test_the_biggest_shards_are_indexed_first(tmp_path, monkeypatch):
    """Pagefind's time grows with a shard's pages: a big shard started last would run alone at the end."""
    def made(name: str, count: int) -> Shard:
        pages = []
        for n in range(count):
            html = tmp_path / "pages" / name / f"{n}.html"
            html.parent.mkdir(parents=True, exist_ok=True)
            html.write_text(PAGE.format(title=f"稿件{n}", text="正文。"), encoding="utf-8")
            pages.append((f"news/{name}/{n}/", f"key-{name}-{n}", html))
        return Shard(name, tuple(pages))

    started = []
    monkeypatch.setattr(ShardedIndex, "_index", lambda index, work, bundle, *rest: started.append(bundle.name[:4]))
    index = ShardedIndex(tmp_path / "cache", jobs=1)  # one at a time: run in the order submitted
    index.start([made("2022", 1), made("2023", 3), made("2024", 2)])
    index.pool.shutdown(wait=True)
    assert started == ["2023", "2024", "2022"]
