"""gwsite's own code as one digest, for the caches that must not outlive a change to it.

Every file of the package counts, in every subpackage, with its path: a rule changed in
`content/`, a view in `views/` or a template must drop what was cached under the old code,
or stale pages would ship silently. Reading the package takes a few milliseconds, once.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).parent


@functools.cache
def code_digest() -> str:
    """A digest of gwsite's version and of every file of the package (code, templates, assets)."""
    return tree_digest(PACKAGE, __version__)


def tree_digest(folder: Path, version: str) -> str:
    """Every file under `folder` by its path and content (caches aside), with `version`."""
    digest = hashlib.sha256(version.encode())
    files = sorted(path for path in folder.rglob("*")
                   if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")
    for path in files:
        data = path.read_bytes()
        name = path.relative_to(folder).as_posix().encode()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()
