"""Rendered pages kept between builds, keyed by everything they are made from.

A story's page is the same HTML as long as its source, what the page shows of other stories
(neighbours' titles, unit names), its images and the whole site's setting (config, templates,
navigation, code versions) are the same. Each page's key is a SHA-256 over exactly those;
an unchanged key means the page is copied from the cache instead of being converted from
Markdown and rendered through the theme, which is most of a build's time.

Keys are made in two parts: `site_signature` (what every page depends on) once per build,
and one digest per page on top of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import ItemsView, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..integrity import Verifier, digest_bytes
from ..files import link_or_copy, write_atomically
from ..source import code_digest



def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _plain(value: Any, depth: int = 0) -> Any:
    """A JSON-able, deterministic stand-in for a config value (objects by their type and config)."""
    if depth > 12:
        return "…"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        # ItemsView, not `.items()`: a MkDocs Config answers attribute access with its options.
        return {str(key): _plain(item, depth + 1) for key, item in ItemsView(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(str(item) for item in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    config = getattr(value, "config", None)
    if isinstance(config, Mapping):  # a plugin
        return {"type": type(value).__qualname__, "config": _plain(config, depth + 1)}
    items = getattr(value, "items", None)
    if callable(items):  # the Theme, a plugin collection
        try:
            return {"type": type(value).__qualname__, "items": _plain(dict(items()), depth + 1)}
        except Exception:  # noqa: BLE001 - anything odd is named by its type only
            pass
    return type(value).__qualname__


# Settings that change where or how a build runs, never a page's HTML.
NOT_SHOWN = frozenset({"site_dir", "dev_addr", "strict", "watch", "validation", "config_file_path"})


def config_signature(config: Mapping[str, Any]) -> str:
    """Every setting in `mkdocs.yml` (after plugins' `on_config`) that can show in a page, serialised
    deterministically."""
    plain = {key: _plain(value) for key, value in ItemsView(config)
             if not key.startswith("_") and key not in NOT_SHOWN}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, default=str)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def _tree(folder: Path) -> Iterable[str | bytes]:
    """A folder's files, by path and content, in a stable order."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        yield path.relative_to(folder).as_posix()
        yield path.read_bytes()


def templates_signature(theme_dirs: Iterable[str]) -> str:
    """The theme's templates: an installed theme package by its version, any other folder
    (a site's `custom_dir`) by the content of every file in it; gwsite's own code and templates."""
    parts: list[str | bytes] = [__version__, _version("mkdocs"), _version("mkdocs-material"),
                                _version("Jinja2"), _version("Markdown")]
    parts += [_version("nh3"), _version("ada-url")]  # what the sanitiser keeps, how it reads addresses
    parts.append(code_digest())
    for folder in theme_dirs:
        path = Path(folder)
        if "site-packages" in path.parts or "dist-packages" in path.parts:
            parts.append(f"package:{path.name}")
        elif path.is_dir():
            parts += [f"dir:{path.name}", *_tree(path)]
    return _digest(*parts)


_LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*["']([^"']+)["']|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s""",
                   re.MULTILINE)


def local_links(markdown: str) -> list[str]:
    """Targets of the relative links in a page's Markdown (web addresses and anchors left out)."""
    if "](" not in markdown and "=" not in markdown and "]:" not in markdown:
        return []  # most stories link nowhere: skip the expression
    found = set()
    for match in _LINK.finditer(markdown):
        target = next(group for group in match.groups() if group)
        if "://" in target or target.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            continue
        found.add(target.split("#", 1)[0].split("?", 1)[0])
    return sorted(found - {""})


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class PageCache:
    """Rendered pages in `folder`, one file per key; a key no build used lately is pruned.

    Each file is named `<key>.<SHA-256 of its content>.html`, and is used only while its content
    matches (see `integrity`): a missing, truncated or garbled page, feed body or feed is made
    again. A folder that cannot be written (a read-only checkout) falls back to a temporary one:
    the build is then as slow as without a cache, never wrong.
    """

    def __init__(self, folder: Path, site: str, verifier: Verifier | None = None) -> None:
        self.folder = folder
        self.site = site
        self.verifier = verifier or Verifier()
        self.used: set[str] = set()
        self.rendered = 0
        self.names: dict[str, str] | None = None  # key → file name; see `has`
        self.valid: dict[str, bool] = {}  # key → whether its file matched its digest, this build
        self.damaged: set[str] = set()  # keys whose entries were found damaged, and removed, by this build
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = tempfile.NamedTemporaryFile(dir=folder, delete=True)
            probe.close()
        except OSError:
            self.folder = Path(tempfile.mkdtemp(prefix="gwsite-pages-"))

    def key(self, *parts: str | bytes) -> str:
        return _digest(self.site, *parts)

    def _listing(self) -> dict[str, str]:
        """The folder's entries by key, listed once (one listing instead of a file lookup per page,
        thousands in every build), then kept up to date with what this process writes. A name
        without a digest (from an older gwsite) counts as missing."""
        if self.names is None:
            names = {}
            for folder in os.scandir(self.folder):
                if not folder.is_dir():
                    continue
                for entry in os.scandir(folder.path):
                    key, _, digest = entry.name.removesuffix(".html").rpartition(".")
                    if key and _is_digest(digest) and not entry.name.startswith("."):
                        names[key] = entry.name
            self.names = names
        return self.names

    def path(self, key: str) -> Path:
        name = self._listing().get(key)
        return self.folder / key[:2] / (name or f"{key}.missing.html")

    def has(self, key: str) -> bool:
        """Whether the cache holds `key`, whole: as the folder was when first asked, with what this
        process wrote since. A damaged entry is removed (and counts as missing): the page is
        rendered again, never published damaged."""
        self.used.add(key.split(".")[0])
        known = self.valid.get(key)
        if known is not None:
            return known
        name = self._listing().get(key)
        if name is None:
            self.valid[key] = False
            return False
        path = self.folder / key[:2] / name
        digest = name.removesuffix(".html").rpartition(".")[2]
        ok = self.verifier.check(path, digest)
        if not ok:
            self.damaged.add(key)
            path.unlink(missing_ok=True)
            del self._listing()[key]
        self.valid[key] = ok
        return ok

    def read(self, key: str) -> str:
        return self.path(key).read_text(encoding="utf-8")

    def place(self, key: str, target: Path) -> None:
        """Put a cached page at `target` (see `link_or_copy`)."""
        link_or_copy(self.path(key), target)

    def write(self, key: str, content: str | bytes) -> None:
        """Store atomically: a killed build never leaves half a page to be served from the cache."""
        self.used.add(key.split(".")[0])
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        digest = digest_bytes(data)
        names = self._listing()
        old = names.get(key)
        name = f"{key}.{digest}.html"
        path = self.folder / key[:2] / name
        write_atomically(path, data)
        if old is not None and old != name:
            (self.folder / key[:2] / old).unlink(missing_ok=True)
        names[key] = name
        self.valid[key] = True
        self.verifier.written(path, digest)

    def refresh(self) -> None:
        """Forget the listing: other processes (forked renderers) wrote entries."""
        self.names = None
        self.valid = {key: True for key, ok in self.valid.items() if ok}

    def prune(self) -> int:
        """Remove every page this build did not use: the cache holds one site's worth of pages.
        Leftovers of writes cut short (a full disk, a killed build) go too."""
        removed = 0
        listing = self._listing()
        current = set(listing.values())
        for folder in self.folder.iterdir() if self.folder.is_dir() else ():
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith("."):
                    if path.name.endswith(".tmp"):  # no write is under way: the build holds the lock
                        path.unlink(missing_ok=True)
                    continue
                if path.name.split(".")[0] not in self.used or path.name not in current:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
