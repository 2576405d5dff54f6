"""Processing a site's photos: each from the cache, or decoded and encoded on a pool of threads,
as many at once as the memory budget lets decode side by side."""

from __future__ import annotations

import ctypes
import functools
import os
import platform
import shutil
import tempfile
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..files import DISK_ERRORS
from .cache import ImageCache
from .decode import cost_of
from .records import ImageError, Outcome, Processed
from .renditions import render, verify

# What decoding may hold at once, over all the images decoded side by side: with the build's own
# 200–300 MB a build stays under 1.5 GB whatever its photos are. One image that needs more (up to
# the megapixel limit) is decoded alone.
DECODE_BUDGET = 1_000_000_000
# What a browser shows: an image only referenced from outside any page (a logo in mkdocs.yml)
# keeps its own path and format; others (HEIC, TIFF, BMP) only exist as processed renditions.
_COPY_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".jfif": "JPEG", ".png": "PNG", ".gif": "GIF",
                 ".webp": "WEBP"}


class Budget:
    """A weighted semaphore: jobs reserve what they will hold and wait, first come first served,
    until it fits beside the others' reservations; a job larger than the whole budget runs alone."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self.peak = 0  # the most reserved at once, for tests
        self.queue: deque[object] = deque()
        self.changed = threading.Condition()

    @contextmanager
    def reserve(self, cost: int) -> Iterator[None]:
        ticket = object()
        with self.changed:
            self.queue.append(ticket)
            self.changed.wait_for(lambda: self.queue[0] is ticket
                                  and (self.used == 0 or self.used + cost <= self.total))
            self.queue.popleft()
            self.used += cost
            self.peak = max(self.peak, self.used)
            self.changed.notify_all()
        try:
            yield
        finally:
            with self.changed:
                self.used -= cost
                self.changed.notify_all()


@functools.cache
def _free_large_blocks_at_once() -> None:
    """Make glibc hand freed blocks of a megabyte or more straight back to the system.

    glibc gives each thread a heap of its own that keeps what it freed, and raises its threshold
    for mapping large blocks separately as they are freed: each worker thread would keep the
    largest image it ever decoded, and a budget that lets one image at a time be decoded would
    still end with one image's memory per thread (measured: 495 MB instead of 186 for four
    16-megapixel PNGs on four threads). Fixing the threshold maps every large block on its own.
    """
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    try:
        ctypes.CDLL(None).mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD, 1 MB
    except (OSError, AttributeError):
        pass


def process_all(paths: Iterable[Path], cache: ImageCache, copies: frozenset[Path] = frozenset(),
                progress: Callable[[int, int], None] | None = None, workers: int | None = None,
                encode: bool = True, budget: int | None = None) -> dict[Path, Outcome]:
    """Every image in `paths`, from the cache or processed on all cores.

    `copies` are the images that also need a same-format copy at their own path. With
    `encode=False` images missing from the cache are only checked (`gwsite check`).
    Pillow releases the GIL while it decodes, resizes and encodes, so threads suffice; how many
    images are decoded at once is bounded by the memory they need (`budget`, `DECODE_BUDGET`).
    """
    memory = Budget(budget or DECODE_BUDGET)
    _free_large_blocks_at_once()
    outcomes, todo = _from_cache(paths, cache, copies, encode)
    batch = _Batch(cache, todo, copies, encode, memory)
    _run(batch, outcomes, workers, progress)
    if encode:
        cache.rendered += len(todo)
    try:
        cache.flush()
    except OSError:
        pass
    return outcomes


def _from_cache(paths: Iterable[Path], cache: ImageCache, copies: frozenset[Path],
                encode: bool) -> tuple[dict[Path, Outcome], dict[str, list[Path]]]:
    """The outcomes the cache already holds (or a file that cannot be read), and the paths still to
    process by cache key: files with the same bytes are processed once."""
    outcomes: dict[Path, Outcome] = {}
    todo: dict[str, list[Path]] = {}
    for path in sorted(set(paths)):
        try:
            key = cache.key(path)
        except OSError as exc:
            outcomes[path] = Outcome(error=f"无法读取图片文件（{exc.strerror}）")
            continue
        found = cache.load(key, want_copy=encode and path in copies, verify=encode)
        if found is not None:
            outcomes[path] = found
        else:
            todo.setdefault(key, []).append(path)
    return outcomes, todo


def _run(batch: _Batch, outcomes: dict[Path, Outcome], workers: int | None,
         progress: Callable[[int, int], None] | None) -> None:
    """Process every entry of `batch.todo` on a pool of threads, each outcome for all its paths."""
    todo = batch.todo
    workers = workers or min(os.cpu_count() or 1, 8)
    done = 0
    if progress and todo:
        progress(0, len(todo))
    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        futures = {pool.submit(batch.work, key, paths_[0]): key for key, paths_ in todo.items()}
        for future in as_completed(futures):
            outcome = future.result()
            for path in todo[futures[future]]:
                outcomes[path] = outcome
            done += 1
            if progress:
                progress(done, len(todo))


@dataclass
class _Batch:
    """The images one `process_all` call processes, and what they share: the cache and the memory."""

    cache: ImageCache
    todo: dict[str, list[Path]]  # the paths of each cache key still to process
    copies: frozenset[Path]
    encode: bool
    memory: Budget

    def work(self, key: str, path: Path) -> Outcome:
        """One image processed (or with `encode=False` checked), its outcome saved in the cache."""
        try:
            data, cost = self._read(path)
            with self.memory.reserve(cost):
                if not self.encode:
                    return Outcome(notes=tuple(verify(data, path.name, self.cache.settings)))
                staging, result = self._render(key, path, data)
            processed = Processed(key, result.sizes, result.alpha, result.notes, result.copy)
            outcome = Outcome(processed, notes=processed.notes)
        except ImageError as error:
            outcome, staging = Outcome(error=str(error)), None
        except OSError as exc:
            if exc.errno in DISK_ERRORS or (exc.errno is not None and exc.filename != str(path)):
                raise  # writing the cache failed (a full disk): the build stops and says why
            return Outcome(error=f"无法读取图片文件（{exc.strerror}）")
        except MemoryError:
            return Outcome(error="图片太大，处理时内存不足；请缩小后再放入")
        if self.encode or outcome.error:
            self.cache.save(key, outcome, staging)
        return outcome

    def _read(self, path: Path) -> tuple[bytes, int]:
        """The file's bytes, and what decoding them will hold in memory."""
        size = path.stat().st_size
        with self.memory.reserve(size):  # the file's bytes, until its header tells what decoding needs
            data = path.read_bytes()
            settings = self.cache.settings
            max_width = max(settings.widths) if self.encode else min(settings.widths)
            return data, cost_of(data, path.name, settings, max_width)

    def _render(self, key: str, path: Path, data: bytes) -> tuple[Path, Processed]:
        """Every rendition written into a new staging folder of the cache (removed if this fails)."""
        wanted = any(p in self.copies for p in self.todo[key])
        copy_format = _COPY_FORMATS.get(path.suffix.lower()) if wanted else None
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.cache.folder))
        try:
            return staging, render(data, path.name, self.cache.settings, staging, copy_format)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
