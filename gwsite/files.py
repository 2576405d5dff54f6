"""Writing files so that a reader, a killed build or a full disk never sees half of one.

The one implementation of atomic writes, linked copies, leftover clean-up and file stamps,
used by every cache and by the staged `site/`.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
import time
import zipfile
from pathlib import Path

# Errors that say the disk, not the site, is the problem: the staging folder is removed to free space.
DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
STALE = 3600  # seconds after which a temporary file no write is using any more is removed


def _temporary(target: Path) -> Path:
    """A hidden name beside `target`, this process's own."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def write_atomically(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a reader (or a killed build) never sees half a file, and a
    full disk leaves no half-written temporary file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(target)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def link_or_copy(source: Path | str, target: Path) -> None:
    """Put `source` at `target`: a hard link where the file system allows (no bytes copied), else
    a copy. An existing `target` is replaced in one step, never changed in place: it may be a link
    to a cache entry, and a reader of the site never sees it missing."""
    try:
        os.link(source, target)  # the usual case, into a folder synced by `output`: one call
        return
    except FileExistsError:
        if os.path.samefile(source, target):
            return  # there already (renaming a link over another of the same file would do nothing)
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(target)
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def file_stamp(path: Path | str) -> tuple[int, int] | None:
    """A file's size and modification time, or None when it cannot be read: equal stamps are
    taken as an unchanged file by the caches that remember what a file held."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def remove_leftovers(folder: Path, prefixes: tuple[str, ...]) -> None:
    """Delete what writes cut short (a killed build, a full disk) left in a cache folder: temporary
    files and folders named with `prefixes`, untouched for an hour (a `gwsite check` running beside
    a build may be writing one now)."""
    cutoff = time.time() - STALE
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.name.startswith(prefixes) or entry.stat(follow_symlinks=False).st_mtime > cutoff:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            elif entry.name.endswith(".tmp") or entry.name.startswith("."):
                os.unlink(entry.path)
        except OSError:
            continue


def fixed_zip(data: bytes, when: dt.datetime, replaced: dict[str, bytes] | None = None) -> bytes:
    """The same zip archive (an .xlsx or .docx) with every entry dated `when` (zipfile dates each
    entry with the clock) and the entries named in `replaced` holding those bytes: the same content
    gives the same bytes."""
    # A zip entry's date is 1980 to 2107: a date outside (a cut-off typed as 9999-12-31) is clamped.
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    date_time = max((1980, 1, 1, 0, 0, 0), min(date_time, (2107, 12, 31, 23, 59, 58)))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, (replaced or {}).get(info.filename) or source.read(info.filename))
    return out.getvalue()
