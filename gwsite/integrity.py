"""Cache entries are checked against the SHA-256 of their content, recorded when they were written,
before a build reuses them: a missing, truncated or garbled entry (a disk error, a build killed at
the wrong moment, a published file edited in `site/`, which is a hard link to its entry) is made
again, never published.

Hashing every entry of a 3,000-story site on every build would cost a tenth of a rebuild, so a
`Verifier` remembers, per entry, the file's size, modification time, change time and inode when its
content last matched. An entry still showing the same four is not read again: any write to a file
(through any of its links), a truncation, `touch` or `utime` changes its change time, which no
program can set back. Anything else is hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from .files import write_atomically

CHUNK = 1 << 20


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path | str) -> str | None:
    """The SHA-256 of a file's content; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class Verifier:
    """Checks cache files against their recorded digests; remembers the checks in `memo` (a JSON file,
    None to hash every file on every check)."""

    def __init__(self, memo: Path | None = None) -> None:
        self.memo = memo
        self.known: dict[str, list[Any]] = {}  # path → [digest, size, mtime, ctime, inode] when last whole
        self.used: dict[str, list[Any]] = {}  # the same for every file this build checked or wrote
        self.hashed = 0  # files read and hashed by this build
        if memo is not None:
            try:
                known = json.loads(memo.read_text(encoding="utf-8"))
                self.known = known if isinstance(known, dict) else {}
            except (OSError, ValueError):
                self.known = {}

    def check(self, path: Path | str, digest: str) -> bool:
        """Whether the file at `path` holds exactly the content whose SHA-256 is `digest`."""
        name = path if isinstance(path, str) else os.fspath(path)
        try:
            info = os.stat(name)
        except OSError:
            return False
        entry = [digest, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        if self.known.get(name) != entry:
            self.hashed += 1
            if digest_file(name) != digest:
                return False
            self.known[name] = entry
        self.used[name] = entry
        return True

    def written(self, path: Path | str, digest: str) -> None:
        """A file this build wrote with content of `digest`."""
        self.used[os.fspath(path)] = [digest]

    def save(self) -> None:
        """Remember every file this build checked or wrote, as it is now: after the build linked it
        into the site, which changes its change time (and nothing else). A file whose size, content
        time or inode changed since it was checked (written to while the build ran) is left out, to
        be hashed again. Files no build used lately are forgotten."""
        if self.memo is None:
            return
        known = {}
        for name, entry in self.used.items():
            try:
                info = os.stat(name)
            except OSError:
                continue
            now = [entry[0], info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            if len(entry) == 1 or (entry[1:3] == now[1:3] and entry[4] == now[4]):
                known[name] = now
        try:
            write_atomically(self.memo, json.dumps(known, separators=(",", ":")).encode("utf-8"))
        except OSError:  # a read-only or full disk: the next build hashes again
            pass


MAGIC = b"gwsite-sealed-1\n"


def seal(value: Any) -> bytes:
    """A pickle with its SHA-256 in front: see `unseal`."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def unseal(data: bytes) -> Any:
    """The value `seal` stored; ValueError for anything else (a truncated or garbled file is never
    unpickled: a flipped byte inside a title would otherwise be published as the title)."""
    head = len(MAGIC) + 65
    if not data.startswith(MAGIC) or len(data) < head or data[head - 1:head] != b"\n":
        raise ValueError("not a sealed pickle")
    if hashlib.sha256(data[head:]).hexdigest().encode() != data[len(MAGIC):head - 1]:
        raise ValueError("sealed pickle does not match its digest")
    return pickle.loads(data[head:])
