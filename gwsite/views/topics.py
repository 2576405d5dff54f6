"""专题专栏: topics set in the plugin's options, each a banner, a title and the stories of a tag or
of a list of files; each topic has its own paginated page, and the topics an index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.registry import Registry
from ..content.story import SiteOptions, Story
from .generated import TOPIC_TEMPLATE, TOPICS_TEMPLATE, GeneratedPage
from .pagination import PER_PAGE, PageLink, chunks, paged
from .story import StoryCard, newest_date, story_card
from .urls import HOME, TOPICS, Link, topic_url


@dataclass(frozen=True)
class Topic:
    """One topic as `topics:` in mkdocs.yml sets it: a tag, or the story files it gathers."""

    id: str
    title: str
    banner: str  # docs-relative path of the banner photo
    description: str = ""
    tag: str | None = None
    stories: tuple[str, ...] = ()  # docs-relative paths of story files

    @property
    def url(self) -> str:
        return topic_url(self.id)

    def holds(self, story: Story) -> bool:
        return story.src in self.stories if self.tag is None else self.tag in story.tags


@dataclass(frozen=True)
class TopicBanner:
    """A topic as the home page and the topic index show it."""

    title: str
    url: str
    banner: str
    description: str
    count: int


@dataclass(frozen=True)
class TopicView:
    """A page of one topic's stories, newest first."""

    heading: str
    banner: str
    description: str
    crumbs: tuple[Link, ...]
    cards: tuple[StoryCard, ...]
    page: int
    pages: int
    total: int
    page_links: tuple[PageLink, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class TopicIndexView:
    topics: tuple[TopicBanner, ...]


def topic_members(topic: Topic, stories: list[Story]) -> list[Story]:
    """The published stories a topic gathers, in the order of `stories` (newest first)."""
    return [story for story in stories if topic.holds(story)]


def topic_banners(topics: tuple[Topic, ...], stories: list[Story]) -> tuple[TopicBanner, ...]:
    return tuple(TopicBanner(t.title, t.url, t.banner, t.description, len(topic_members(t, stories))) for t in topics)


def topic_pages(stories: list[Story], registry: Registry, options: SiteOptions, topics: tuple[Topic, ...],
                per_page: int = PER_PAGE) -> list[GeneratedPage]:
    """The topic index (when there are topics), then each topic's pages `topics/<id>/`, `…/page/2/`."""
    if not topics:
        return []
    categories = options.category_names
    updated = newest_date([s for s in stories if any(t.holds(s) for t in topics)])
    pages = [GeneratedPage(f"{TOPICS.url}index.md", TOPICS.title, TOPICS_TEMPLATE,
                           TopicIndexView(topic_banners(topics, stories)), updated=updated)]
    for topic in topics:
        members = topic_members(topic, stories)
        cards = [story_card(story, registry, categories) for story in members]

        def view(part: list[StoryCard], pager: dict[str, Any], topic: Topic = topic,
                 total: int = len(cards)) -> TopicView:
            return TopicView(heading=topic.title, banner=topic.banner, description=topic.description,
                             crumbs=(HOME, TOPICS), cards=tuple(part), total=total, **pager)

        pages += paged(topic.url, topic.title, chunks(cards, per_page), TOPIC_TEMPLATE, view, newest_date(members))
    return pages
