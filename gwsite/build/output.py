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
import errno
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no locking; two simultaneous builds of one project are the user's to avoid
    fcntl = None  # type: ignore[assignment]

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


def _lock(path: Path) -> IO[bytes] | None:
    """An exclusive lock on `path` held while the returned file is open; None if another process holds it."""
    if fcntl is None:
        return open(os.devnull, "rb")  # noqa: SIM115 - closed by `Output.close`
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "ab")  # noqa: SIM115 - closed by `Output.close`
    except OSError:
        return None
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        stream.close()
        return None
    return stream


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


# What an `OSError` means to the person running the build, by its `errno`.
REASONS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "所在的文件系统是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有权限",
    errno.EIO: "读写磁盘时出错（输入/输出错误）",
    errno.ENAMETOOLONG: "路径太长",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "应是文件，却是文件夹",
    errno.ENOTDIR: "路径中应是文件夹的一项是文件",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨文件系统移动",
}
# What to do about each, after the reason.
ADVICE = {
    errno.ENOSPC: "请清理磁盘、腾出空间后重新生成",
    errno.EDQUOT: "请清理磁盘、腾出空间后重新生成",
    errno.EROFS: "请在可写的位置生成，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
    errno.EACCES: "请确认运行 mkdocs 的用户对该文件夹有写入权限，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
    errno.EPERM: "请确认运行 mkdocs 的用户对该文件夹有写入权限，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
}


def os_reason(error: OSError) -> str:
    """Why an `OSError` happened, in Chinese (the system's own words for an error not listed)."""
    return REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)


def describe_os_error(error: OSError, shown: Callable[[str], str] = lambda path: path, staged: bool = True) -> str:
    """One Chinese message for an `OSError` that stopped a build: the file, why, and what to do
    (and, for a `staged` build, that the published site is as it was)."""
    name = next((n for n in (error.filename2, error.filename) if isinstance(n, str)), None)  # a copy's target first
    verb = "写入" if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) else "读写"
    where = f"{verb} {shown(name)} 时失败：" if name else f"{verb}文件时失败："
    advice = ADVICE.get(error.errno or 0, "请排除上述问题后重新生成")
    kept = "网站文件夹保持上一次生成的样子，没有改动；" if staged else ""
    return f"{where}{os_reason(error)}。{kept}{advice}"


class StagingError(Exception):
    """The staging folder could not be made; `str()` is the Chinese message for the person building."""

    def __init__(self, folder: Path, error: OSError, live: Path) -> None:
        advice = ADVICE.get(error.errno or 0, "请排除上述问题后重新生成")
        super().__init__(
            f"无法创建临时生成文件夹 {folder}（{os_reason(error)}）：为了不在生成中途或失败时改动正在发布的网站，"
            f"gwsite 先在这个文件夹中生成，成功后再替换 {live}，因此没有生成网站；{advice}")
        self.folder = folder


class BuildLock:
    """One build at a time in a project: an exclusive `flock` on `.cache/gwsite/build.lock` (or, in a
    project whose `.cache` cannot be written, on the project folder itself), held for the whole
    build. The system drops it when the process ends, however it ends: a killed build never leaves
    a stale lock."""

    def __init__(self, stream: IO[bytes] | int | None) -> None:
        self.stream = stream

    @classmethod
    def acquire(cls, root: Path, cache: Path, command: str, timeout: float,
                waiting: Callable[[str], None]) -> BuildLock:
        """Wait for the lock at most `timeout` seconds, telling `waiting` once who holds it; raises
        `LockTimeout` when the other build does not end in time."""
        if fcntl is None:
            return cls(None)
        try:
            cache.mkdir(parents=True, exist_ok=True)
            stream: IO[bytes] | int = open(cache / "build.lock", "a+b")  # noqa: SIM115 - closed by `release`
        except OSError:
            try:
                stream = os.open(root, os.O_RDONLY)
            except OSError:
                return cls(None)  # nowhere to lock: nothing of this project can be written either
        lock = cls(stream)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            except OSError:  # a file system without locks (some network shares): build unlocked
                return lock
            holder = lock.holder()
            if not told:
                waiting(f"另一个 {holder}正在生成本网站，等待它结束……")
                told = True
            if time.monotonic() >= deadline:
                lock.release()
                raise LockTimeout(
                    f"等待了 {timeout:g} 秒，另一个 {holder}仍在生成本网站，本次没有生成：请等它结束后再运行；"
                    f"需要等得更久时，可在 mkdocs.yml 的 gwsite 插件下设置 lock_timeout（秒）")
            time.sleep(0.1)
        if not isinstance(stream, int):
            try:
                stream.seek(0)
                stream.truncate()
                stream.write(f"{command} {os.getpid()}\n".encode())
                stream.flush()
            except OSError:
                pass
        return lock

    def holder(self) -> str:
        """The command and process holding the lock, as the holder wrote them."""
        if isinstance(self.stream, int) or self.stream is None:
            return "mkdocs 命令"
        try:
            self.stream.seek(0)
            command, pid = self.stream.read(100).decode().split()
            return f"mkdocs {command}（进程 {int(pid)}）" if command in ("build", "serve", "gh-deploy") else "mkdocs 命令"
        except (OSError, ValueError):
            return "mkdocs 命令"

    def release(self) -> None:
        if isinstance(self.stream, int):
            os.close(self.stream)
        elif self.stream is not None:
            self.stream.close()
        self.stream = None


class LockTimeout(Exception):
    """Another build held the project's lock too long; `str()` is the Chinese message."""


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
        lock = _lock(cache / "site" / f"{mode}.lock") if cached else None
        if in_place:
            folder = live
        elif lock is None:  # another build of this project is running: a folder of our own, used once
            folder = live.parent / f".{live.name}.gwsite-{os.getpid()}-{time.monotonic_ns()}"
        elif _same_device(cache / "site", live.parent):
            folder = cache / "site" / mode
        else:
            folder = live.parent / f".{live.name}.gwsite-{mode}"
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

        def walk(folder: str, prefix: str) -> bool:
            empty = True
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if not prefix and (entry.name.startswith(".") or entry.name in managed):
                        empty = False
                    elif entry.is_dir(follow_symlinks=False):
                        if walk(entry.path, name + "/"):
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

        walk(str(self.folder), "")

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


def _missing(path: Path) -> Path:
    """The first folder of `path` that does not exist (the one that could not be made)."""
    while not path.parent.exists() and path.parent != path:
        path = path.parent
    return path
