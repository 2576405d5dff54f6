"""The MkDocs plugin: one method per MkDocs event, each checking `enabled` first and handing the
work to the module that holds it (see the package's modules); what a build knows is in `state`."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..config import GwsiteConfig
from ..integrity import Verifier
from ..project import cache_folder, image_cache_folder
from . import (adapter, checking, derive, errorpage, pagehtml, preview, publishing, rendering, reporting, sitefiles,
               staging)
from .state import BuildState, Rendered, Session

TEMPLATES = Path(__file__).parent.parent / "templates"
THEME = Path(__file__).parent.parent / "theme"  # gwsite's overrides of Material's templates


class GwsitePlugin(BasePlugin[GwsiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.session = Session()  # what outlives one build under `mkdocs serve`
        self.current_build: BuildState | None = None  # made by `on_config` for each build

    @property
    def build(self) -> BuildState:
        assert self.current_build is not None, "on_config makes each build's state"
        return self.current_build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this keeps one plugin object across `mkdocs serve` rebuilds.
        if not self.config.enabled:
            return
        adapter.printable_log()
        self.session.command, self.session.dirty, self.session.served = command, dirty, False
        if self.session.serving:  # a content error shows as a page in the browser (see `on_serve`)
            adapter.guard_serve_builds(lambda error: isinstance(error, checking.ContentErrors))

    def on_shutdown(self) -> None:
        if self.config.enabled and self.session.serving:
            adapter.unguard_serve_builds()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.session.catch_up.wait_for_background()  # the last `mkdocs serve` rebuild's listings, rankings, feeds
        self.session.background.wait_for_background()  # and its search index
        adapter.printable_log()
        adapter.install_log_filters()
        # `mkdocs serve` reuses the plugin across rebuilds: each build's state is made anew here.
        self.current_build = BuildState.start(self.session, self.config)
        self.session.errors = ()
        checking.check_feed_options(self.config, config)
        self.current_build.image_cache_dir = image_cache_folder(config, self.config.images)
        checking.check_theme_addresses(config)
        checking.check_site_texts(config)
        checking.drop_web_fonts(config)
        sitefiles.link_assets(self.config, config)
        adapter.put_theme_overrides(config, THEME)
        adapter.default_favicon(config, sitefiles.FAVICON)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Validate everything before MkDocs cleans `site/`, so a bad story never leaves it half-written."""
        if not self.config.enabled:
            return
        build, session, cache = self.build, self.session, cache_folder(config)
        staging.take_lock(session, config, self.config.lock_timeout)
        build.verifier = Verifier(cache / f"verified-{session.mode}.json")
        session.baseline = preview.snapshot(session.watched) if session.watched is not None else None
        now = checking.build_time(build)
        site = checking.load_checked_site(build, config, now, cache)
        build.derived = derive.derive(build, config, site, now.date(), cache)
        if not session.dirty:
            staging.stage(build, config, cache)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Keep what is never published out of the site, give each story its URL, photos their
        renditions; add gwsite's assets and pages."""
        if not self.config.enabled:
            return files
        build = self.build
        if build.output is not None:
            build.output.restore()
        sitefiles.place_stories(build, files, config)
        sitefiles.place_images(build, files, config)
        sitefiles.add_assets(build, files, config)
        adapter.drop_unused_material_files(files, config)
        build.links = tuple(sitefiles.quick_link(title, target, files) for title, target in self.config.links)
        sitefiles.add_generated(build, files, config)
        return files

    @event_priority(-100)  # last: the navigation as every other plugin left it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        build = self.build
        build.nav = nav
        adapter.escape_nav_titles(nav.items)
        # Every page written in content/ has its ids namespaced (see `on_page_content`).
        build.content_urls = frozenset(posixpath.normpath(file.url).lstrip("./")
                                       for file in files.documentation_pages() if pagehtml.written(build, file))
        sitefiles.date_pages(build, files)
        rendering.key_pages(build, self, nav, config, files)
        if build.output is not None:
            staging.sync_output(build, files)
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A page whose key is in the cache is neither converted nor rendered: the cached HTML is written."""
        if self.config.enabled:
            rendering.take_from_cache(self.build, page, files)
        return page

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A story's text exactly as its check read it (see `pagehtml.checked_source`)."""
        return pagehtml.checked_source(self.build, page) if self.config.enabled else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.enabled and not rendering.converted_elsewhere(self.build, page):
            pagehtml.set_meta(self.build, page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.enabled or rendering.converted_elsewhere(self.build, page):
            return html
        return pagehtml.finished_content(self.build, html, page)

    def on_pre_template(self, template: jinja2.Template, *, template_name: str, config: MkDocsConfig) -> jinja2.Template:
        """The "page not found" page in Chinese (Material's says "404 - Not found"), unless the
        site's own `custom_dir` has a 404.html."""
        if not self.config.enabled or template_name != "404.html" or adapter.own_404(template, config.theme.custom_dir):
            return template
        return template.environment.get_template("gwsite/404.html")

    @event_priority(-100)  # last: the environment as every other plugin left it, since pages are rendered here
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if not self.config.enabled:
            return env
        build = self.build
        # The theme and `custom_dir` come first, so a site's `theme_overrides/` can replace our templates.
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(TEMPLATES)),
                                          adapter.theme_below(config, THEME)])
        env.globals.update(rendering.template_globals(build))
        self.session.rendered = Rendered(env, files, config,
                                         files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        rendering.render_uncached(build, env, config, files)
        if self.config.search and build.page_cache is not None:
            # Every story's HTML is in the cache now: index while MkDocs writes the site.
            publishing.start_search(build, config, publishing.cached_story_pages(build))
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.config.enabled and page.file.src_uri not in self.build.cached:
            pagehtml.add_page_data(self.build, context, page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Valid HTML out of Material's markup, the reader's 长者模式 before the first paint, and feed
        autodiscovery in every page's head (see `pagehtml.finished_page`)."""
        if not self.config.enabled or page.file.src_uri in self.build.cached:
            return output
        return pagehtml.finished_page(self.build, output, page)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The "page not found" page as every other page (see `on_post_page`)."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return pagehtml.finished_page(self.build, output_content, None)

    @event_priority(-100)  # last: what other plugins write goes into the staged site too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        build, session = self.build, self.session
        ready = build.generated is not None and build.site is not None
        later = publishing.finish(build, config) if ready else False
        live = staging.commit(build, config)
        site_dir = live if live is not None else Path(config.site_dir)
        staging.unstage(build)
        if build.verifier is not None:
            build.verifier.save()
        staging.release_lock(session)
        adapter.remove_log_filters()
        if later and (live is not None or not config.strict):
            # `mkdocs serve` holds every request until the build returns: on a rebuild, let the
            # preview show the edit now and its search catch up a moment later (the next rebuild
            # waits for it), in the site as it is now live.
            session.background.in_background(functools.partial(publishing.index_search, build, config, site_dir, False))
        if ready:
            session.served = True
            build.quick_ready = build.page_cache is not None
            reporting.report_repairs(build)
            reporting.summarise(build)

    @event_priority(-100)  # last: every other plugin has heard of the error before the build stops
    def on_build_error(self, *, error: Exception) -> None:
        """A failed build: the live site stays as it was (see `staging.fail`)."""
        if not self.config.enabled:
            return
        adapter.remove_log_filters()
        build = self.current_build
        if build is not None:
            build.quick_ready = False
            if build.search_index is not None:
                build.search_index.abandon()
        if isinstance(error, checking.ContentErrors) and self.session.serving:
            self.session.errors = error.problems  # the preview shows them (see `on_serve`)
        staging.fail(self.session, build, error)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
        """Under `mkdocs serve`, an edit to stories' text alone is shown without a whole build (see
        `preview.quick_rebuild`); MkDocs' own builder does everything else. Changes are found through
        the system's file notifications where it has them (see `adapter.NativeObserver`). While the content has
        errors, every address shows them (see `errorpage`) until a build succeeds."""
        watched = adapter.watched_paths(server)
        if not self.config.enabled or watched is None:
            return server
        session = self.session
        adapter.serve_error_page(server, lambda: errorpage.error_page(session.errors) if session.errors else None)
        adapter.watch_natively(server, preview.BUILD_DELAY)  # told of a save at once, not in MkDocs' next poll
        session.reload = functools.partial(adapter.reload_browsers, server)  # after a quick update's catch-up
        preview.watch(self.session, watched)
        adapter.wrap_builder(server, lambda full: preview.quick_builder(self.session, lambda: self.build, full))
        return server
