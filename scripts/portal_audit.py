"""The portal as a reader's browser and the W3C see it: the Nu HTML Checker over every page of a
built site, and Lighthouse (mobile) over one page of each kind, served gzip-compressed as the
README's nginx setup serves it.

    .venv/bin/python scripts/portal_audit.py                 # builds the sample portal first
    .venv/bin/python scripts/portal_audit.py --site site     # an already built site
    .venv/bin/python scripts/portal_audit.py --no-lighthouse # the checker alone (a few seconds)

Both tools come from the npm registry, pinned in tests/e2e/package.json (`npm ci --prefix tests/e2e`);
the checker runs on Java, Lighthouse on Debian's Chromium. Prints a table (the README's: the median
of three runs per page, since the performance score moves with the machine's load) and writes every
report to the output folder (default .ci/artifacts/audit/). Exits 1 when a page has an HTML
error or misses a target: performance ≥ 95 and accessibility 100 on the pages the targets name, and
cumulative layout shift ≤ 0.01 on every page.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "tests/e2e/node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse/cli/index.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# One page of each kind of the sample portal. Those marked are held to the performance and
# accessibility targets; every page is held to the layout-shift target.
PAGES = {
    "home": ("/", True),
    "story": ("/news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/", True),
    "ranking": ("/ranking/", True),
    "search": ("/search/?q=五老", True),
    "news": ("/news/", False),
    "category": ("/news/notices/", False),
    "tag": ("/tags/五老宣讲/", False),
    "units": ("/units/", False),
    "unit": ("/units/anping/", False),
    "about": ("/about/", False),
}
PERFORMANCE, ACCESSIBILITY, LAYOUT_SHIFT = 95, 100, 0.01

# What nginx compresses with the README's `gzip_types` (and `gzip_min_length 1024`).
_COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as nginx with `gzip on` serves them: compressed when the browser asks for it."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or not kind.startswith(_COMPRESSED) or path.stat().st_size < 1024):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=5, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (a free port), gzip-compressed; yields its origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_errors(site: Path) -> list[dict]:
    """The Nu HTML Checker's errors over every HTML page of `site`, each {url, line, message, extract}."""
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json",
                             str(site)], capture_output=True, text=True, timeout=600)
    # The checker writes its JSON report to stderr, and exits 1 when it found errors.
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [{"url": Path(m.get("url", "").removeprefix("file:")).relative_to(site.resolve()).as_posix()
             if m.get("url", "").startswith("file:") else m.get("url", ""),
             "line": m.get("lastLine"), "message": m.get("message", ""), "extract": m.get("extract", "")}
            for m in messages if m.get("type") in ("error", "non-document-error")]


@dataclass(frozen=True)
class Scores:
    page: str
    path: str
    targeted: bool
    performance: int
    accessibility: int
    layout_shift: float
    first_paint_ms: float
    largest_paint_ms: float
    blocking_ms: float
    failed_audits: tuple[str, ...]

    def misses(self) -> list[str]:
        missed = []
        if self.targeted and self.performance < PERFORMANCE:
            missed.append(f"{self.page}: performance {self.performance} < {PERFORMANCE}")
        if self.targeted and self.accessibility < ACCESSIBILITY:
            missed.append(f"{self.page}: accessibility {self.accessibility} < {ACCESSIBILITY} "
                          f"({', '.join(self.failed_audits)})")
        if self.layout_shift > LAYOUT_SHIFT:
            missed.append(f"{self.page}: layout shift {self.layout_shift:.3f} > {LAYOUT_SHIFT}")
        return missed


def lighthouse(url: str, report: Path) -> dict:
    """Lighthouse's mobile run (its default: a mid-range phone on a slow 4G, simulated) over one
    URL, in a fresh headless Chromium; its JSON report is written to `report`."""
    flags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility", "--output=json", f"--output-path={report}"],
                   env=env, check=True, timeout=300, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


def scores(page: str, path: str, targeted: bool, result: dict) -> Scores:
    categories, audits = result["categories"], result["audits"]
    failed = tuple(sorted(key for ref in categories["accessibility"]["auditRefs"]
                          if (audit := audits[key := ref["id"]]).get("score") is not None
                          and audit["score"] < 1 and ref["weight"] > 0))
    return Scores(page, path, targeted,
                  performance=round(categories["performance"]["score"] * 100),
                  accessibility=round(categories["accessibility"]["score"] * 100),
                  layout_shift=audits["cumulative-layout-shift"]["numericValue"],
                  first_paint_ms=audits["first-contentful-paint"]["numericValue"],
                  largest_paint_ms=audits["largest-contentful-paint"]["numericValue"],
                  blocking_ms=audits["total-blocking-time"]["numericValue"],
                  failed_audits=failed)


def table(rows: list[Scores]) -> str:
    lines = ["| page | path | performance | accessibility | CLS | FCP | LCP | TBT |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        mark = "" if row.targeted else " ¹"
        lines.append(f"| {row.page}{mark} | `{row.path}` | {row.performance} | {row.accessibility} | "
                     f"{row.layout_shift:.3f} | {row.first_paint_ms / 1000:.1f} s | {row.largest_paint_ms / 1000:.1f} s | "
                     f"{row.blocking_ms:.0f} ms |")
    return "\n".join(lines)


def build_sample(into: Path) -> Path:
    """The repository's sample portal built with `mkdocs build --strict` into `into`; the site folder."""
    site = into / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=REPO, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample portal)")
    parser.add_argument("--out", type=Path, default=REPO / ".ci/artifacts/audit", help="where reports go")
    parser.add_argument("--no-lighthouse", action="store_true", help="run the HTML checker only")
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), help="Lighthouse on these pages only")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median run is reported")
    args = parser.parse_args(argv)
    for tool in (VNU_JAR, *(() if args.no_lighthouse else (LIGHTHOUSE,))):
        if not tool.is_file():
            print(f"missing {tool.relative_to(REPO)}: run npm ci --prefix tests/e2e", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = (args.site or build_sample(Path(scratch))).resolve()
        pages = sorted(site.rglob("*.html"))
        errors = html_errors(site)
        (args.out / "html-errors.json").write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"Nu HTML Checker: {len(errors)} errors in {len({e['url'] for e in errors})} of {len(pages)} pages")
        for message, count in Counter(e["message"] for e in errors).most_common(10):
            print(f"  {count}× {message[:160]}")
        missed = [f"{len(errors)} HTML errors"] if errors else []
        if not args.no_lighthouse:
            rows = []
            with served(site) as origin:
                for page in args.pages or list(PAGES):
                    path, targeted = PAGES[page]
                    runs = sorted((scores(page, path, targeted, lighthouse(origin + path, args.out / f"lighthouse-{page}-{n}.json"))
                                   for n in range(1, args.runs + 1)), key=lambda run: run.performance)
                    rows.append(runs[(len(runs) - 1) // 2])
            version = json.loads((args.out / f"lighthouse-{rows[0].page}-1.json").read_text())["lighthouseVersion"]
            print(f"\nLighthouse {version}, mobile (simulated slow 4G, 4× CPU slowdown), gzip as nginx serves it; "
                  f"the median of {args.runs} runs by performance:\n")
            print(table(rows))
            print("\n¹ held to the layout-shift target only")
            missed += [miss for row in rows for miss in row.misses()]
    for miss in missed:
        print(f"MISSED: {miss}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
