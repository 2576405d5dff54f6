"""Parts of the theme rendered once for many pages (`pagehtml.SharedParts`) publish exactly what
rendering them on every page would."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from conftest import build_in_process, sample_copy

from gwsite.plugin import pagehtml


def _pages(site: Path) -> dict[str, bytes]:
    built = site / "site"
    return {path.relative_to(built).as_posix(): path.read_bytes()
            for path in sorted(built.rglob("*.html")) if "pagefind" not in path.parts}


def test_the_shared_navigation_is_what_each_page_would_render(tmp_path, monkeypatch):
    site = sample_copy(tmp_path)
    rendered: list[tuple[str, ...]] = []
    key = pagehtml.SharedParts.key

    def counted(self, page):
        found = key(self, page)
        if found is not None:
            rendered.append(found)
        return found

    monkeypatch.setattr(pagehtml.SharedParts, "key", counted)
    build_in_process(site)
    shared = _pages(site)
    assert len(rendered) > 100 and len(set(rendered)) < len(rendered) / 2  # most pages share theirs
    shutil.rmtree(site / "site")
    shutil.rmtree(site / ".cache")
    monkeypatch.setattr(pagehtml.SharedParts, "key", lambda self, page: None)
    build_in_process(site)
    alone = _pages(site)
    assert shared.keys() == alone.keys()
    assert [name for name in shared if shared[name] != alone[name]] == []


def _nav(*urls: str) -> SimpleNamespace:
    return SimpleNamespace(items=[SimpleNamespace(url=url, children=None) for url in urls])


def test_pages_share_the_navigation_with_their_sibling_folders_only():
    parts = pagehtml.SharedParts(_nav("", "news/", "units/", "about/", "https://example.cn/"))
    key = parts.key
    page = lambda url: SimpleNamespace(url=url)  # noqa: E731
    assert key(page("news/2024/05/a/")) == key(page("news/2024/05/b/"))
    assert key(page("news/2024/05/a/")) != key(page("news/2024/06/a/"))  # links start one folder over
    assert key(page("news/2024/05/a/")) != key(page("news/2024/a/"))  # and one level up
    assert key(page("units/anping/")) == key(page("units/shimen/"))
    # A page of the nav, or a page whose folder holds one, renders its own: its links differ.
    assert key(page("news/")) is None and key(page("")) is None
    parts = pagehtml.SharedParts(_nav("", "news/2024/05/a/special/"))
    assert parts.key(page("news/2024/05/a/")) is None
    assert parts.key(page("news/2024/05/b/")) is not None
    # Pages as files (`use_directory_urls: false`): a folder's pages all link alike.
    parts = pagehtml.SharedParts(_nav("index.html", "news/index.html"))
    assert parts.key(page("units/a.html")) == parts.key(page("units/b.html"))
    assert parts.key(page("news/a.html")) is None
