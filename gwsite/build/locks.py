"""The locks a project's builds take: one build at a time, and one staging folder per build.

Both are `flock`s, which the system drops when the process ends, however it ends.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no locking; two simultaneous builds of one project are the user's to avoid
    fcntl = None  # type: ignore[assignment]


def try_lock(path: Path) -> IO[bytes] | None:
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
        stream = _lock_file(root, cache)
        if stream is None:
            return cls(None)  # nowhere to lock: nothing of this project can be written either
        lock = cls(stream)
        if lock._wait(timeout, waiting):
            lock._sign(command)
        return lock

    def _wait(self, timeout: float, waiting: Callable[[str], None]) -> bool:
        """Take the lock once the other build ends; False where the file system has no locks."""
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(self.stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            except OSError:  # a file system without locks (some network shares): build unlocked
                return False
            holder = self.holder()
            if not told:
                waiting(f"另一个 {holder}正在生成本网站，等待它结束……")
                told = True
            if time.monotonic() >= deadline:
                self.release()
                raise LockTimeout(
                    f"等待了 {timeout:g} 秒，另一个 {holder}仍在生成本网站，本次没有生成：请等它结束后再运行；"
                    f"需要等得更久时，可在 mkdocs.yml 的 gwsite 插件下设置 lock_timeout（秒）")
            time.sleep(0.1)

    def _sign(self, command: str) -> None:
        """Write who holds the lock into the lock file, for `holder` in the next build that waits."""
        if not isinstance(self.stream, int):
            try:
                self.stream.seek(0)
                self.stream.truncate()
                self.stream.write(f"{command} {os.getpid()}\n".encode())
                self.stream.flush()
            except OSError:
                pass

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


def _lock_file(root: Path, cache: Path) -> IO[bytes] | int | None:
    """The file the build lock is taken on: `build.lock` in the cache, else the project folder."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        return open(cache / "build.lock", "a+b")  # noqa: SIM115 - closed by `release`
    except OSError:
        try:
            return os.open(root, os.O_RDONLY)
        except OSError:
            return None
