"""Where a build writes: a staging folder that takes the place of `site_dir` only when the build succeeds.

A failed or killed build leaves the published site exactly as it was. The staging folder is the
site of the build before last, kept in `.cache/gwsite/site/` (or beside `site_dir` when that is on
another file system): files it already holds that are still right, such as the unchanged pages
and photos hard-linked from gwsite's caches, stay where they are, so a rebuild after one edit
creates and links only what changed instead of thousands of folders and files.

The swap is one `renameat2(RENAME_EXCHANGE)` call on Linux, so there is no moment without a
site; elsewhere it is three renames. Under `mkdocs serve` the preview folder itself is synced
(`in_place`): its server answers no request while a build runs, and each rebuild then starts
from the one before instead of the one before that.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import time
from pathlib import Path
from typing import IO

from .locks import try_lock
from .os_errors import ADVICE, os_reason

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, some musl)
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0


def _same_device(first: Path, second: Path) -> bool:
    """Whether a folder can be renamed from `first` to `second`: the same file system, and the same
    mount (a bind mount shares the device number, yet a rename across it fails), tried with a probe."""
    try:
        if os.stat(first).st_dev != os.stat(second).st_dev:
            return False
        probe = first / f".gwsite-probe-{os.getpid()}"
        moved = second / probe.name
        probe.mkdir(exist_ok=True)
    except OSError:
        return False
    try:
        os.rename(probe, moved)
    except OSError:
        _remove(probe)
        return False
    _remove(moved)
    return True


class StagingError(Exception):
    """The staging folder could not be made; `str()` is the Chinese message for the person building."""

    def __init__(self, folder: Path, error: OSError, live: Path) -> None:
        advice = ADVICE.get(error.errno or 0, "请排除上述问题后重新生成")
        super().__init__(
            f"无法创建临时生成文件夹 {folder}（{os_reason(error)}）：为了不在生成中途或失败时改动正在发布的网站，"
            f"gwsite 先在这个文件夹中生成，成功后再替换 {live}，因此没有生成网站；{advice}")
        self.folder = folder


def _remove(path: Path) -> None:
    """Delete a file or folder if there; never raises (a read-only disk cannot even say "not there")."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


class Output:
    """The folder one build writes into (`folder`), and how it becomes the live site (`live`).

    `open` before MkDocs cleans `site_dir` (it then cleans an empty folder), `restore` right after,
    `sync` once the build knows which files it can keep, `commit` when the build succeeded, and
    `close` in any case.
    """

    def __init__(self, live: Path, folder: Path, lock: IO[bytes] | None, reused: bool) -> None:
        self.live = live
        self.folder = folder
        self.lock = lock
        self.reused = reused  # a persistent folder, synced and kept for the next build
        self.hold = folder.with_name(folder.name + ".hold")
        self.kept: set[str] = set()  # paths (relative, with '/') that `sync` found right and left in place

    @classmethod
    def open(cls, site_dir: str, cache: Path, mode: str, in_place: bool = False) -> Output:
        """Stage a build of `site_dir`. Raises `StagingError` where no staging folder can be made:
        a build never writes the published `site_dir` in place (a failed or killed build would
        leave it half-written).

        `in_place` syncs `site_dir` itself, with no swap: for `mkdocs serve`, whose server answers
        no request while a build runs, so that every rebuild starts from the last one."""
        live = Path(os.path.realpath(site_dir))  # a symbolic link keeps pointing where it did
        try:
            live.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StagingError(_missing(live.parent), error, live) from None
        try:
            cache.mkdir(parents=True, exist_ok=True)
            (cache / "site").mkdir(exist_ok=True)
            cached = True
        except OSError:  # a read-only checkout: stage beside `site_dir`
            cached = False
        lock = try_lock(cache / "site" / f"{mode}.lock") if cached else None
        folder = live if in_place else _staging_folder(live, cache, mode, locked=lock is not None)
        output = cls(live, folder, lock, reused=lock is not None or in_place)
        try:
            output._prepare()
        except OSError as error:
            output.close(discard=not in_place)
            raise StagingError(folder, error, live) from None
        return output

    def _prepare(self) -> None:
        if self.hold.exists():  # a build killed between `open` and `restore`
            self.restore()
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            self.folder.unlink()
        if self.folder.is_dir():
            os.rename(self.folder, self.hold)  # MkDocs cleans the empty folder; `restore` puts it back
        self.folder.mkdir(parents=True)

    def restore(self) -> None:
        """After MkDocs' cleaning: the last staged site back in the folder, to be synced."""
        if not self.hold.exists():
            return
        try:
            if self.folder.exists():
                self.folder.rmdir()
            os.rename(self.hold, self.folder)
        except OSError:  # something was written already: start from the empty folder
            _remove(self.hold)

    def sync(self, keep: dict[str, str], managed: frozenset[str] = frozenset()) -> None:
        """Delete every file in the folder except those in `keep` (relative path → the file it must be,
        such as a cache entry it is a hard link to). Folders left empty go too; top-level names in
        `managed` (kept up to date by their own code) and dot-files are left alone."""
        self.kept = set()
        if not self.folder.is_dir():
            return
        wanted: dict[str, tuple[int, int]] = {}
        for name, source in keep.items():
            try:
                info = os.stat(source)
            except OSError:
                continue
            wanted[name] = (info.st_dev, info.st_ino)

        self._prune(str(self.folder), "", wanted, managed)

    def _prune(self, folder: str, prefix: str, wanted: dict[str, tuple[int, int]], managed: frozenset[str]) -> bool:
        """`sync` in `folder` (`prefix` its relative path): whether nothing is left in it."""
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if not prefix and (entry.name.startswith(".") or entry.name in managed):
                    empty = False
                elif entry.is_dir(follow_symlinks=False):
                    if self._prune(entry.path, name + "/", wanted, managed):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                else:
                    info = entry.stat(follow_symlinks=False)
                    if wanted.get(name) == (info.st_dev, info.st_ino):
                        self.kept.add(name)
                        empty = False
                    else:
                        os.unlink(entry.path)
        return empty

    def commit(self) -> None:
        """Make the folder the live site; the live site's dot-files (which MkDocs never deletes, such
        as `.git`) move along, and the old site becomes the next build's folder."""
        if self.folder == self.live:
            return  # synced in place
        if self.live.is_dir() and not self.live.is_symlink():
            for entry in self._dot_entries(self.live):
                if not (self.folder / entry.name).exists():
                    os.rename(entry.path, self.folder / entry.name)
            if not _exchange(self.folder, self.live):
                self._swap_by_renames()
        else:
            if self.live.is_symlink() or self.live.exists():
                self.live.unlink()
            os.rename(self.folder, self.live)
            self.folder.mkdir()
        if not self.reused:
            _remove(self.folder)

    def _swap_by_renames(self) -> None:
        aside = self.live.with_name(f".{self.live.name}.gwsite-old-{os.getpid()}-{time.monotonic_ns()}")
        try:
            os.rename(self.live, aside)
        except OSError:  # `site_dir` cannot be renamed (a mount point, a folder we may not rename)
            self._replace_contents()
            return
        try:
            os.rename(self.folder, self.live)
        except OSError:
            os.rename(aside, self.live)  # the old site back where it was
            raise
        try:
            os.rename(aside, self.folder)
        except OSError:
            _remove(aside)

    def _replace_contents(self) -> None:
        """The slow way, not atomic: empty `live` (dot-files aside) and move the folder's files in."""
        for entry in os.scandir(self.live):
            if not entry.name.startswith("."):
                _remove(Path(entry.path))
        for entry in os.scandir(self.folder):
            shutil.move(entry.path, self.live / entry.name)

    @staticmethod
    def _dot_entries(folder: Path) -> list[os.DirEntry[str]]:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if entry.name.startswith(".")]

    def close(self, discard: bool = False) -> None:
        """Release the folder (one used once is deleted, and any with `discard`: a build that ran out
        of disk leaves nothing behind). Never raises: it runs while another error is reported."""
        try:
            self.restore()  # a build that failed before MkDocs cleaned the folder
        except OSError:
            pass
        if not self.reused or (discard and self.folder != self.live):
            _remove(self.hold)
            _remove(self.folder)
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _staging_folder(live: Path, cache: Path, mode: str, locked: bool) -> Path:
    """Where a build of `live` stages: the cache's folder for `mode` when a rename can move it onto
    `live`, else a hidden folder beside `live`."""
    if not locked:  # another build of this project is running: a folder of our own, used once
        return live.parent / f".{live.name}.gwsite-{os.getpid()}-{time.monotonic_ns()}"
    if _same_device(cache / "site", live.parent):
        return cache / "site" / mode
    return live.parent / f".{live.name}.gwsite-{mode}"


def _missing(path: Path) -> Path:
    """The first folder of `path` that does not exist (the one that could not be made)."""
    while not path.parent.exists() and path.parent != path:
        path = path.parent
    return path
