"""Pages and files that exist only in memory, and the templates that show them."""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from typing import Any

LISTING_TEMPLATE = "gwsite/listing.html"
TAGS_TEMPLATE = "gwsite/tags.html"
PENDING_TEMPLATE = "gwsite/pending.html"
HOME_TEMPLATE = "gwsite/home.html"
RANKING_TEMPLATE = "gwsite/ranking.html"
UNIT_TEMPLATE = "gwsite/unit.html"
UNITS_TEMPLATE = "gwsite/units.html"
CORRESPONDENTS_TEMPLATE = "gwsite/correspondents.html"
CORRESPONDENT_TEMPLATE = "gwsite/correspondent.html"
TOPIC_TEMPLATE = "gwsite/topic.html"
TOPICS_TEMPLATE = "gwsite/topics.html"


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: its source path, title, template and template data."""

    src: str
    title: str
    template: str
    data: Any
    in_nav: bool = False
    updated: dt.date | None = None  # the newest date of what it shows (the sitemap's lastmod); None: unknown

    def markdown(self) -> str:
        # MkDocs treats titles as HTML: escape once; JSON strings are valid YAML.
        title = json.dumps(html.escape(self.title), ensure_ascii=False)
        # Wide tables: the page takes the whole width (Material's `hide`); search skips generated pages.
        return (
            f"---\ntitle: {title}\ntemplate: {self.template}\nhide: [navigation, toc]\n"
            "search:\n  exclude: true\n---\n"
        )

    @property
    def url(self) -> str:
        return self.src.removesuffix("index.md")


@dataclass(frozen=True)
class DataFile:
    """A file published beside the pages, such as a ranking's JSON or CSV."""

    dest: str
    content: str
