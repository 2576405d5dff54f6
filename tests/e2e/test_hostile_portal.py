"""A portal holding every hostile story that gwsite publishes (tests/hostile.py), read in Chromium.

Every page of the built site is opened; what a story could make a reader's browser do is watched
for: a dialog (every script payload calls alert), a request to any host but the site's own
(127.0.0.1), a window opened by the page, a story's markup taking the place of the theme's own
(`#__config`, which Material reads its settings from), or a story's element laid over the page.
Handlers that wait for a reader's hand (onmouseover, onfocus, …) are given their event on every
element, so that one which survived the sanitiser would run here."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from browsing import serve
from test_hostile import hostile_portal

# Fires the events that inline handlers of a story could wait for, on every element of the page.
_PROVOKE = """() => {
  const kinds = ["mouseover", "mouseenter", "mousemove", "pointerover", "pointerenter", "focus", "focusin",
                 "animationstart", "transitionend", "toggle", "load", "error"];
  for (const element of document.querySelectorAll("body *")) {
    for (const kind of kinds) {
      element.dispatchEvent(new Event(kind, {bubbles: kind !== "mouseenter" && kind !== "pointerenter"}));
    }
  }
}"""

# What a story's markup did to the page around it: its own copy of an element the theme looks up by
# id, or an element that leaves the story's place (fixed, sticky, or absolute and screen-sized).
_TAKEN_OVER = """() => {
  const found = [];
  const config = document.querySelectorAll('[id="__config"]');
  if (config.length !== 1 || config[0].tagName !== "SCRIPT") {
    found.push(`#__config: ${config.length} elements, the first a ${config[0]?.tagName}`);
  }
  const seen = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count > 1) found.push(`id "${id}" ${count} times`);
  }
  const screen = innerWidth * innerHeight;
  for (const element of document.querySelectorAll(".gw-story__body *")) {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.position === "fixed" || style.position === "sticky" ||
        (style.position === "absolute" && box.width * box.height > screen / 4)) {
      found.push(`<${element.tagName.toLowerCase()} class="${element.className}"> is ${style.position}`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_origin(tmp_path_factory):
    site, _ = hostile_portal(tmp_path_factory.mktemp("hostile-portal"))
    with serve(site / "site") as origin:
        yield origin, site / "site"


def page_paths(built: Path) -> list[str]:
    """The address of every HTML page of the built site, as a reader would type it."""
    paths = []
    for page in sorted(built.rglob("*.html")):
        relative = page.relative_to(built).as_posix()
        path = "/" + (relative.removesuffix("index.html") if page.name == "index.html" else relative)
        paths.append(urllib.parse.quote(path))
    return paths


class Watch:
    """One browser context on the hostile portal, with everything a story must not do written down."""

    def __init__(self, context, origin: str) -> None:
        self.origin = origin
        self.context = context
        self.current = ""
        self.problems: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        context.on("page", self._opened)  # after this one: any other is a window a page opened
        self.page.on("dialog", self._dialog)
        self.page.on("websocket", lambda socket: self.problems.append(f"{self.current}: WebSocket {socket.url}"))
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.current}: 脚本错误 {error}"))

    def _route(self, route) -> None:
        url = route.request.url
        if url == self.origin or url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.problems.append(f"{self.current}: 请求了站外地址 {url}")
            route.abort()

    def _dialog(self, dialog) -> None:
        self.problems.append(f"{self.current}: 弹出了对话框 {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _opened(self, page) -> None:
        self.problems.append(f"{self.current}: 打开了新窗口 {page.url}")
        page.close()

    def visit(self, path: str) -> None:
        self.current = urllib.parse.unquote(path)
        response = self.page.goto(self.origin + path)
        assert response is not None and response.ok, f"{self.current}: {response and response.status}"
        self.inspect()

    def inspect(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        self.page.evaluate(_PROVOKE)
        self.page.wait_for_timeout(50)  # a handler's timer, or a request it started
        self.problems += [f"{self.current}: {found}" for found in self.page.evaluate(_TAKEN_OVER)]


def test_no_page_of_a_portal_with_hostile_stories_runs_a_script_or_reaches_another_host(browser, hostile_origin):
    origin, built = hostile_origin
    paths = page_paths(built)
    stories = [path for path in paths if path.startswith("/news/2024/03/")]
    assert len(paths) > 60 and len(stories) > 30  # the hostile stories and every listing that shows them

    with browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN") as context:
        watch = Watch(context, origin)
        for path in paths:
            watch.visit(path)
        # Site search shows what it indexed of the stories: search for their payloads.
        for query in ("GWXSS", "onmouseover", "script"):
            watch.visit("/search/?q=" + urllib.parse.quote(query))
            watch.page.locator(".pagefind-ui__message").wait_for()
            watch.inspect()

    assert watch.problems == []


def test_a_video_loads_nothing_from_its_site_until_the_reader_asks_for_it(browser, hostile_origin):
    origin, _ = hostile_origin
    player = "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
    with browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, locale="zh-CN") as context:
        elsewhere: list[str] = []

        def route(route):
            if route.request.url.startswith(origin + "/"):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(origin + "/news/2024/03/body-iframe-video/")
        page.wait_for_load_state("networkidle")
        link = page.locator("a.gw-video")
        assert link.get_attribute("href") == player  # followed as it is where scripts do not run
        assert page.locator("iframe").count() == 0 and elsewhere == []
        box = link.bounding_box()
        assert box is not None and abs(box["width"] / box["height"] - 16 / 9) < 0.02

        link.focus()
        page.keyboard.press("Enter")  # as a reader using the keyboard would

        frame = page.locator(".gw-story__body iframe")
        frame.wait_for()
        assert frame.get_attribute("src") == player
        assert frame.get_attribute("sandbox") == "allow-scripts allow-same-origin allow-presentation allow-popups"
        assert frame.get_attribute("referrerpolicy") == "no-referrer"
        assert page.url == origin + "/news/2024/03/body-iframe-video/"  # the story stays open
        played = frame.bounding_box()
        assert played is not None and abs(played["width"] - box["width"]) < 1 and abs(played["height"] - box["height"]) < 1
        page.wait_for_timeout(200)
        assert elsewhere and all(url.startswith("https://player.bilibili.com/") for url in elsewhere)
