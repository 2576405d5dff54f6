"""The site is built into a staging folder and replaces `site_dir` only when the build succeeds;
one build of a project at a time (the build lock); a failed build leaves the live site as it was."""

from __future__ import annotations

import traceback
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..build.locks import BuildLock, LockTimeout
from ..build.os_errors import describe_os_error
from ..build.output import Output, StagingError
from ..build.search import BUNDLE_DIR
from ..content.loading import shown_path
from ..files import DISK_ERRORS
from ..project import cache_folder, project_root
from . import adapter
from .rendering import reusable
from .state import BuildState, Session

log = get_plugin_logger(__name__)


def take_lock(session: Session, config: MkDocsConfig, timeout: float) -> None:
    """Wait until no other build of this project runs (see `build.locks.BuildLock`), for the whole build:
    two builds at once would read each other's half-written caches."""
    if session.lock is not None:
        return
    try:
        session.lock = BuildLock.acquire(project_root(config), cache_folder(config), session.command, timeout, log.info)
    except LockTimeout as error:
        raise PluginError(str(error)) from None


def release_lock(session: Session) -> None:
    if session.lock is not None:
        session.lock.release()
        session.lock = None


def stage(build: BuildState, config: MkDocsConfig, cache: Path) -> None:
    """Build into a staging folder (see `build.output`): `site_dir` changes only when the build succeeds."""
    serving = build.session.serving
    try:
        build.output = Output.open(config.site_dir, cache, build.session.mode, in_place=serving)
    except StagingError as error:
        raise PluginError(str(error)) from None
    build.site_dir = config.site_dir
    build.staged_config = config
    config["site_dir"] = str(build.output.folder)
    adapter.STAGED.paths = (str(build.output.folder), str(build.output.live))


def unstage(build: BuildState, discard: bool = False) -> None:
    """The build is over: `site_dir` names the site again (for `gh-deploy`, and for a hook that reads it)."""
    if build.output is not None:
        assert build.staged_config is not None
        build.staged_config["site_dir"] = build.site_dir
        adapter.STAGED.paths = None
        build.output.close(discard=discard)
        build.output = None


def sync_output(build: BuildState, files: Files) -> None:
    """Leave in the staged site the pages and photos that are still right; delete the rest."""
    assert build.output is not None
    keep: dict[str, str] = {}
    if build.page_cache is not None:
        for src, key in build.page_keys.items():
            file = files.get_file_from_path(src)
            if file is not None and reusable(build, src, key):
                keep[file.dest_uri] = str(build.page_cache.path(key))
    linked = [file for file in files if isinstance(file, adapter.LinkedFile) and file.abs_src_path]
    keep.update((file.dest_uri, file.abs_src_path) for file in linked)
    build.output.sync(keep, managed=frozenset({BUNDLE_DIR}) if build.settings.search else frozenset())
    for file in linked:
        file.kept = file.dest_uri in build.output.kept


def commit(build: BuildState, config: MkDocsConfig) -> Path | None:
    """The staged site becomes the live one unless `--strict` is about to fail the build: the live
    site's folder, or None when nothing was committed."""
    if build.output is None or adapter.strict_failure(config):
        return None
    build.output.commit()
    return build.output.live


def fail(session: Session, build: BuildState | None, error: Exception) -> None:
    """A failed build: the live site stays as it was. A disk that is full or read-only is one
    Chinese message (no traceback), and the staging folder goes, to leave the disk as it was."""
    disk = isinstance(error, OSError) and error.errno is not None
    staged = build is not None and build.output is not None and not session.serving
    if build is not None:
        unstage(build, discard=disk and error.errno in DISK_ERRORS)
    release_lock(session)
    if disk:
        root = (build.project_root if build is not None else None) or Path.cwd()
        log.debug("".join(traceback.format_exception(error)))  # with `mkdocs build -v`
        log.error(describe_os_error(error, lambda path: shown_path(Path(path), root), staged))
        raise Abort("Aborted with a BuildError!") from None
