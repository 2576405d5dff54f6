"""A real browser on a built site: the local server, Chromium's flags, and a reader who notices
what went wrong on each page visited (failed requests, script errors, a page wider than the screen)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# This machine has no internet: without the background-networking flags Chromium keeps trying
# Google's services and its refused connections fill the log.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# axe-core from the npm registry (tests/e2e/package.json; `npm ci --prefix tests/e2e`).
AXE = REPO / "tests/e2e/node_modules/axe-core/axe.min.js"
# Screenshots and accessibility reports, kept by CI as artifacts.
ARTIFACTS = Path(os.environ.get("GWSITE_E2E_ARTIFACTS") or REPO / ".ci/artifacts/e2e")

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing address gets the site's 404.html, as the README's nginx setup serves it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(root: Path):
    """Serve a built site on 127.0.0.1 (a free port) for a real browser; yields its origin."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Scrolls each image into view (covers load lazily, as on a phone), waits for it, and returns
# the images that did not load.
_LOAD_IMAGES = """async () => {
  const settle = img => new Promise(done => {
    if (img.complete) return done();
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
    setTimeout(done, 5000);
  });
  for (const img of document.images) {
    img.scrollIntoView({block: "center"});
    await settle(img);
  }
  window.scrollTo(0, 0);
  return [...document.images].filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.currentSrc || img.src);
}"""


class Reader:
    """One browser tab at one screen size. Every page it visits is checked: no request fails or
    answers 4xx/5xx, no script error reaches the console, and the page is no wider than the screen."""

    def __init__(self, context, origin: str, size: str) -> None:
        self.origin = origin
        self.size = size
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.path}: 脚本错误 {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    @property
    def path(self) -> str:
        """The current page's path, decoded: '/news/page/2/'."""
        return urllib.parse.unquote(urllib.parse.urlsplit(self.page.url).path)

    def _console(self, message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.problems.append(f"{self.path}: 控制台错误 {message.text} {message.location.get('url', '')}".rstrip())

    def _failed(self, request) -> None:
        # A navigation cancels the previous page's unfinished requests: that is not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"{self.path}: 请求失败 {request.url} {request.failure}")

    def _response(self, response) -> None:
        # A page without a <link rel=icon> (a feed shown as XML) makes the browser itself ask for
        # /favicon.ico; the portal's pages name their icon.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"{self.path}: {response.status} {response.url}")

    def open(self, path: str) -> None:
        response = self.page.goto(self.origin + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        self.settle()

    def settle(self) -> None:
        """After a page loads (by `open` or a click): let its requests finish, then check its width."""
        self.page.wait_for_load_state("networkidle")
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide = self.page.evaluate("""() => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."))""")
            self.problems.append(f"{self.path}: 页面比屏幕宽 {overflow} 像素，横向滚动（{', '.join(wide)}）")

    def click(self, selector: str, url: str | re.Pattern[str]) -> None:
        """Click a link and wait for the page it leads to."""
        self.page.click(selector)
        self.page.wait_for_url(url if isinstance(url, re.Pattern) else self.origin + url)
        self.settle()

    def load_images(self) -> list[str]:
        """Bring every image into view so that lazy ones load; the URLs of those that did not."""
        return self.page.evaluate(_LOAD_IMAGES)

    def screenshot(self, name: str) -> Path:
        """The whole page, in CSS pixels, as `<artifacts>/screenshots/<size>/<name>.png`."""
        self.load_images()
        target = ARTIFACTS / "screenshots" / self.size / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target), full_page=True, scale="css")
        return target

    def accessibility(self, name: str) -> list[dict]:
        """Run axe-core in the page; its violations (the full report goes to `<artifacts>/axe/`)."""
        self.page.add_script_tag(path=str(AXE))
        report = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        target = ARTIFACTS / "axe" / f"{self.size}-{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report["violations"], ensure_ascii=False, indent=1), encoding="utf-8")
        return report["violations"]
