"""Everything one build needs from `content/`: the registry and the validated stories."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .model import SiteOptions, Story, StoryContext, read_story, story_files
from .problems import Problem, Severity
from .registry import Registry, load_registry


@dataclass
class Site:
    registry: Registry
    stories: list[Story]  # valid stories, drafts included, in a stable order
    problems: list[Problem] = field(default_factory=list)

    @property
    def published(self) -> list[Story]:
        """Published stories, newest first (ties by path, so the order never depends on the disk)."""
        stories = [story for story in self.stories if not story.draft]
        return sorted(stories, key=lambda s: (-s.date.timestamp(), s.src))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def shown_path(path: Path, root: Path) -> str:
    """A path as users see it: relative to the project folder where possible, '/'-separated."""
    try:
        return Path(os.path.relpath(path, root)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def load_site(docs_dir: Path, options: SiteOptions, now: dt.datetime, root: Path | None = None) -> Site:
    """Read the registry and every story under `docs_dir`, collecting every problem."""
    docs_dir = docs_dir.resolve()
    root = (root or docs_dir.parent).resolve()

    def shown(path: Path) -> str:
        return shown_path(path, root)

    registry, problems = load_registry(docs_dir / options.data_dir, shown(docs_dir / options.data_dir))
    ctx = StoryContext(docs_dir, registry, options, now, shown)
    stories: list[Story] = []
    for path in story_files(docs_dir, options.news_dir):
        story, story_problems = read_story(path, ctx)
        problems.extend(story_problems.items)
        if story is not None:
            stories.append(story)
    problems.extend(url_collisions(stories, docs_dir, shown))
    return Site(registry, stories, problems)


def url_collisions(stories: list[Story], docs_dir: Path, shown) -> list[Problem]:
    """Two published stories never share a URL: each extra one is an error naming both files."""
    first: dict[str, Story] = {}
    problems = []
    for story in stories:
        if story.draft:
            continue
        other = first.setdefault(story.url, story)
        if other is not story:
            problems.append(
                Problem(
                    shown(docs_dir / story.src),
                    story.slug_line,
                    "slug",
                    f"网址 /{story.url} 与 {shown(docs_dir / other.src)} 重复，请修改文件名或用 slug 另取网址名",
                )
            )
    return problems
