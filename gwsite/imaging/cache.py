"""Processed photos kept between builds, under `.cache/gwsite/images/` (or the folder `images:
cache_dir` names): one entry per source's bytes and settings, holding the renditions, their digests
and the outcome (a refusal is kept too). Nothing in it depends on where the site's files are, so a
deploy pipeline may keep the folder between runs and share it between builds."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..files import remove_leftovers, write_atomically
from ..integrity import Verifier, digest_file
from .records import ImageSettings, Outcome, Processed


@dataclass
class ImageCache:
    """Processed images under `.cache/gwsite/images/`, keyed by the bytes and the settings.

    A source file's content hash is remembered by path, size and modification time, so an
    unchanged tree is recognised from `stat` alone. Refusals are cached too: a broken
    photo is not decoded again on every rebuild of `mkdocs serve`.
    """

    folder: Path
    settings: ImageSettings = field(default_factory=ImageSettings)
    verifier: Verifier = field(default_factory=Verifier)  # checks each rendition before reuse

    def __post_init__(self) -> None:
        self.rendered = 0  # images processed (not taken from the cache) by this object's runs
        self.broken = 0  # entries found damaged (and processed again) by this object's runs
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = tempfile.mkdtemp(prefix=".tmp-", dir=self.folder)
            os.rmdir(probe)
        except OSError:  # a read-only checkout: process into a folder of this run only
            self.folder = Path(tempfile.mkdtemp(prefix="gwsite-images-"))
            atexit.register(shutil.rmtree, self.folder, True)
        self.hashes: dict[str, list] = {}
        self.hashes_changed = False
        try:
            stored = json.loads((self.folder / "sources.json").read_text(encoding="utf-8"))
            if stored["sha256"] == _hashes_digest(stored["hashes"]):  # a garbled digest would name another photo
                self.hashes = stored["hashes"]
        except (OSError, ValueError, KeyError, TypeError):
            self.hashes = {}

    def content_hash(self, path: Path) -> str:
        stamp = _stamp(path)
        known = self.hashes.get(str(path))
        if stamp is not None and known is not None and known[:-1] == list(stamp):
            return known[-1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # OSError for a photo gone since
        if stamp is not None:
            self.hashes[str(path)] = [*stamp, digest]
        self.hashes_changed = True
        return digest

    def key(self, path: Path) -> str:
        return hashlib.sha256(f"{self.content_hash(path)}|{self.settings.digest}".encode()).hexdigest()

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, key: str, want_copy: bool, verify: bool = True) -> Outcome | None:
        """The cached outcome under `key`; None when there is none, or (with `verify`, for a build that
        publishes the renditions) when a rendition is not exactly as it was written."""
        meta_file = self.entry(key) / "meta.json"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        _mark_used(meta_file)
        if meta.get("key", key) != key:  # an entry copied under another photo's name
            self.broken += 1
            return None
        if meta.get("error"):
            return Outcome(error=meta["error"])
        if want_copy and not meta.get("copy"):
            return None
        try:
            processed = Processed(key, tuple(tuple(size) for size in meta["sizes"]), meta["alpha"],
                                  tuple(meta["notes"]), meta.get("copy"))
            digests = meta["digests"]
            names = [name for name, _ in processed.files()] + ([processed.copy] if processed.copy else [])
            whole = not verify or all(self.verifier.check(self.entry(key) / name, digests[name]) for name in names)
        except (KeyError, TypeError, ValueError):
            whole = False
        if not whole:  # a rendition missing, truncated or garbled: process the photo again
            self.broken += 1
            return None
        return Outcome(processed, notes=processed.notes)

    def save(self, key: str, outcome: Outcome, staging: Path | None) -> None:
        """Move a finished entry into place at once, so a killed build never leaves half an entry."""
        meta: dict = {"key": key, "error": outcome.error}
        if outcome.processed is not None:
            p = outcome.processed
            meta.update(sizes=[list(size) for size in p.sizes], alpha=p.alpha, notes=list(p.notes), copy=p.copy)
        target = self.entry(key)
        staging = staging or Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
        digests = {path.name: digest_file(path) for path in sorted(staging.iterdir())}
        meta["digests"] = digests
        for name, digest in digests.items():
            if digest is not None:
                self.verifier.written(target / name, digest)
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if self._whole(target, outcome):
                # Another build sharing the folder finished the same photo first (the same bytes and
                # settings give the same files): its entry stays, for it may be linking from it now.
                shutil.rmtree(staging, ignore_errors=True)
                return
            # A damaged entry is moved aside in one step, never emptied in place under a reader.
            aside = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder)) / "old"
            try:
                os.replace(target, aside)
            except OSError:
                pass
            shutil.rmtree(aside.parent, ignore_errors=True)
        try:
            os.replace(staging, target)
        except OSError:  # another build finished the same entry first
            shutil.rmtree(staging, ignore_errors=True)

    def _whole(self, target: Path, outcome: Outcome) -> bool:
        """Whether the entry at `target` holds this outcome, every file as its digest says."""
        try:
            meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
            if meta.get("key", target.name) != target.name:
                return False
            if meta.get("error") or outcome.error:
                return meta.get("error") == outcome.error
            if outcome.processed is not None and outcome.processed.copy and not meta.get("copy"):
                return False
            return all(self.verifier.check(target / name, digest) for name, digest in meta["digests"].items()
                       if digest is not None)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False

    def prune(self, keep: set[str], days: float = 30) -> int:
        """Remove entries no build used for more than `days` (each use refreshes an entry's
        `meta.json`): photos since replaced or deleted. Recent ones stay, for another branch, an
        undo, or another site sharing the folder."""
        cutoff = time.time() - days * 86400
        removed = 0
        for meta in self.folder.glob("??/*/meta.json"):
            entry = meta.parent
            try:
                if entry.name not in keep and meta.stat().st_mtime < cutoff:
                    shutil.rmtree(entry)
                    removed += 1
            except OSError:
                continue
        remove_leftovers(self.folder, (".tmp-", ".sources.", "sources."))  # "sources.": older versions' name
        return removed

    def flush(self) -> None:
        if not self.hashes_changed:
            return
        stored = {"sha256": _hashes_digest(self.hashes), "hashes": self.hashes}
        write_atomically(self.folder / "sources.json",
                         json.dumps(stored, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self.hashes_changed = False


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What `content_hash` trusts a remembered digest by: size and modification time, and the change
    time and inode, which no checkout can give again. A kept cache may come from another checkout at
    the same path (a deploy pipeline's), whose tools may set every file's modification time alike."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _mark_used(meta_file: Path) -> None:
    """Date an entry's `meta.json` to now when a build takes the entry, at most once a day: `prune`
    then removes only entries unused for its `days`, never one another build is using."""
    try:
        if time.time() - meta_file.stat().st_mtime > 86400:
            os.utime(meta_file)
    except OSError:  # a read-only cache: nothing is pruned from it either
        pass


def _hashes_digest(hashes: dict) -> str:
    return hashlib.sha256(json.dumps(hashes, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
