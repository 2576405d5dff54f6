"""Recall and precision of the site's search, through the real search page in Chromium.

    .venv/bin/python benchmarks/search_quality.py                      # the sample portal (content/)
    .venv/bin/python benchmarks/search_quality.py --stories 3000 --titles 20 --bodies 40 --multi 15 --named 60
    .venv/bin/python benchmarks/search_quality.py --json quality.json  # also the numbers, for tests

Queries are drawn from the corpus itself, deterministically from `--seed`: substrings of 2–6
Chinese characters of titles and of body text, every unit name and alias, people's names
(the authors shown on the stories and the correspondents of units.yml), places (the county
and district names in the unit names) and outlets (outlets.yml), and pairs of terms from one
story. The truth of a query is the set of story pages whose text, as a reader sees it,
contains every term (see `story_texts` and `normalize`). Each query is then typed through
`/search/?scope=all&q=…`, the search page's "search every year" mode; the first page (what shows
before "显示更多结果") is read, then that button is clicked until it is gone, or until
`--max-results` results show (Pagefind's UI takes minutes to show thousands; recall is then bounded
by the count the page announces), and the results are compared with the truth.

What "a reader sees" means here:
- a story's text is its article on the built page: the title, the body, the tags line and the
  placements section (刊用情况), but not the line of date, unit, authors and category under
  the title (page furniture that every story of a unit shares, left out of the index on purpose);
- the text is cut into blocks (paragraphs, list items, headings, table cells, each tag): a query
  never matches across two blocks, as the browser's Ctrl+F does not;
- inside a block, whitespace runs are collapsed to one space, and removed where they stand
  between two Chinese characters (CJK ideographs or CJK punctuation), because a line break in
  Chinese Markdown is no break to a reader; a query's terms are split on whitespace;
- letters are compared case-insensitively (`str.casefold`), nothing else is normalised.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import http.server
import json
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Where a space between two of these is no space to a reader: ideographs, CJK punctuation, full-width forms.
CHINESE = HAN + "\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u00b7"
_HAN_RUN = re.compile(f"[{HAN}]{{2,}}")
_SPACE_BETWEEN_CHINESE = re.compile(f"(?<=[{CHINESE}])\\s+(?=[{CHINESE}])")

KINDS = ("title", "body", "multi", "unit", "person", "place", "outlet")
KIND_NAMES = {"title": "标题片段", "body": "正文片段", "multi": "两个词", "unit": "单位名称", "person": "人名",
              "place": "地名", "outlet": "媒体名称"}


# ---------------------------------------------------------------- the text of the stories


def normalize(text: str) -> str:
    """A block of text as it is compared: whitespace collapsed, gone between Chinese characters, case folded."""
    text = re.sub(r"\s+", " ", text).strip()
    return _SPACE_BETWEEN_CHINESE.sub("", text).casefold()


@dataclass(frozen=True)
class StoryText:
    """One published story as a reader sees it: its URL path, title and blocks of text (normalised)."""

    url: str
    title: str
    body: tuple[str, ...]  # the body's blocks: paragraphs, list items, headings, cells
    extra: tuple[str, ...] = ()  # the tags and placements shown in the article

    @property
    def blocks(self) -> tuple[str, ...]:
        return (self.title, *self.body, *self.extra)

    def contains(self, term: str) -> bool:
        return any(term in block for block in self.blocks)


_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "figcaption",
               "pre", "div", "section", "header", "ul", "ol", "table", "tr", "br", "hr", "figure", "details", "summary"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed", "track"}


class _Article(HTMLParser):
    """The story article of a built page, cut into blocks, each with the part it belongs to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[bool, str | None, bool]] = []  # inside the article: (separate, part, skipped)
        self.inside = False
        self.blocks: list[tuple[str, str]] = []  # (part: title, body or extra; text)
        self.current: list[str] = []

    def part(self) -> str:
        return next((part for _, part, _ in reversed(self.open) if part), "extra")

    def skipping(self) -> bool:
        return any(skipped for _, _, skipped in self.open)

    def flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if text.strip():
            self.blocks.append((self.part(), normalize(text)))

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if not self.inside:
            self.inside = tag == "article" and "gw-story__article" in classes
            return
        separate = tag in _BLOCK_TAGS or "gw-tag" in classes or "gw-level" in classes
        if separate:
            self.flush()
        if tag in _VOID:
            return
        part = "title" if "gw-story__title" in classes else "body" if "gw-story__body" in classes else None
        skipped = "gw-story__meta" in classes or tag in ("script", "style", "template")
        self.open.append((separate, part, skipped))

    def handle_endtag(self, tag):
        if not self.inside or tag in _VOID:
            return
        if not self.open:  # the article itself ends
            self.flush()
            self.inside = False
            return
        separate, _, _ = self.open[-1]
        if separate:
            self.flush()
        self.open.pop()

    def handle_data(self, data):
        if self.inside and not self.skipping():
            self.current.append(data)


def article_text(url: str, html: str) -> StoryText | None:
    """The story on a built page, or None when the page holds no story article."""
    parser = _Article()
    parser.feed(html)
    parser.close()
    title = [text for part, text in parser.blocks if part == "title"]
    if not title:
        return None
    return StoryText(url, " ".join(title), tuple(text for part, text in parser.blocks if part == "body"),
                     tuple(text for part, text in parser.blocks if part == "extra"))


_AUTHORS = re.compile(r'class="gw-story__authors">([^<]*)<')


def story_texts(built: Path) -> dict[str, StoryText]:
    """Every story page of a built site (`news/…/index.html`), by URL path ("/news/2024/03/slug/"), sorted."""
    stories = {}
    for page in sorted(built.glob("news/**/index.html")):
        url = "/" + page.parent.relative_to(built).as_posix() + "/"
        story = article_text(url, page.read_text(encoding="utf-8"))
        if story is not None:
            stories[url] = story
    return stories


def story_authors(built: Path) -> list[str]:
    """The authors' names shown on the story pages (the line 通讯员：甲、乙), sorted."""
    names = set()
    for page in built.glob("news/**/index.html"):
        for line in _AUTHORS.findall(page.read_text(encoding="utf-8")):
            names.update(re.split(r"[、，,\s]+", line.split("：", 1)[-1]))
    return sorted(name for name in names if name)


# ---------------------------------------------------------------- queries and their truth


@dataclass(frozen=True)
class Query:
    text: str  # as typed into the box
    kind: str  # one of KINDS
    source: str = ""  # the story it was drawn from, if any

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(normalize(term) for term in self.text.split()))


def registry_names(data: Path, authors: list[str] = ()) -> dict[str, list[str]]:
    """Names a reader might type, by kind, from the office's registry (`content/_data/`) and the authors
    shown on the stories: units (names and aliases), people, places (the county/district of a unit's name,
    with and without 县/区/市), outlets (names and aliases). Only names of two or more Chinese characters
    and nothing else (no 《》), each once, in the registry's order."""
    units = yaml.safe_load((data / "units.yml").read_text(encoding="utf-8"))["units"]
    outlets = yaml.safe_load((data / "outlets.yml").read_text(encoding="utf-8"))["outlets"]
    names: dict[str, list[str]] = {"unit": [], "person": [], "place": [], "outlet": []}
    for unit in units:
        names["unit"] += [unit["name"], *(unit.get("aliases") or [])]
        for person in unit.get("correspondents") or []:
            names["person"] += [person] if isinstance(person, str) else [person["name"], *(person.get("aliases") or [])]
        place = unit["name"].removesuffix("关工委")
        if place != unit["name"] and len(place) >= 3 and place[-1] in "县区市" and place[0] != "市":
            names["place"] += [place, place[:-1]]
    names["person"] += list(authors)
    for outlet in outlets:
        names["outlet"] += [outlet["name"], *(outlet.get("aliases") or [])]
    return {kind: list(dict.fromkeys(n for n in found if _HAN_RUN.fullmatch(str(n)))) for kind, found in names.items()}


def _substring(rng: random.Random, blocks: tuple[str, ...], longest: int = 6) -> str | None:
    """A random run of 2 to `longest` Chinese characters from the blocks, uniform over where it starts."""
    runs = [m.group() for block in blocks for m in _HAN_RUN.finditer(block)]
    if not runs:
        return None
    run = rng.choices(runs, [len(r) - 1 for r in runs])[0]
    size = rng.randint(2, min(longest, len(run)))
    start = rng.randrange(len(run) - size + 1)
    return run[start:start + size]


def draw_queries(stories: dict[str, StoryText], names: dict[str, list[str]], seed: int, titles: int = 40,
                 bodies: int = 80, multi: int = 30, named: int | None = None) -> list[Query]:
    """The queries of one run, the same for the same stories, names and seed: `titles` substrings of
    titles, `bodies` of body text, `multi` pairs of terms from one story, and every name of `names` (or
    `named` of them, drawn). A query drawn twice is kept once, at its first place."""
    rng = random.Random(seed)
    urls = sorted(stories)
    queries: list[Query] = []
    for kind, count in (("title", titles), ("body", bodies), ("multi", multi)):
        tries = 0
        drawn = 0
        while drawn < count and tries < count * 20 and urls:
            tries += 1
            story = stories[rng.choice(urls)]
            if kind == "multi":
                first = _substring(rng, (story.title, *story.body), 4)
                second = _substring(rng, (story.title, *story.body), 4)
                if not first or not second or first in second or second in first:
                    continue
                text = f"{first} {second}"
            else:
                text = _substring(rng, (story.title,) if kind == "title" else story.body)
                if not text:
                    continue
            queries.append(Query(text, kind, story.url))
            drawn += 1
    every = [Query(name, kind) for kind in ("unit", "person", "place", "outlet") for name in names.get(kind, [])]
    if named is not None and named < len(every):
        every = sorted(rng.sample(every, named), key=every.index)
    queries += every
    seen: set[str] = set()
    unique = []
    for query in queries:
        if query.text not in seen:
            seen.add(query.text)
            unique.append(query)
    return unique


def truth(query: Query, stories: dict[str, StoryText]) -> list[str]:
    """The stories (URL paths, sorted) whose text holds every term of the query."""
    terms = query.terms
    return [url for url, story in sorted(stories.items()) if terms and all(story.contains(t) for t in terms)]


# ---------------------------------------------------------------- the search page in a browser


@dataclass
class Outcome:
    """What the search page showed for one query: the first page's result URL paths, every result read
    (in order), the count the page announced (None if it said none), and whether every result was read."""

    query: Query
    first_page: list[str]
    results: list[str]
    announced: int | None
    seconds: float
    complete: bool = True  # False: more results than `max_results`, the rest were not read

    @property
    def unread(self) -> int:
        """How many results the page has beyond those read (from its announced count)."""
        return 0 if self.complete else max((self.announced or 0) - len(self.results), 0)


# Waits for the search page to have answered `term` ("找到 N 篇…" or "没有找到…"), then for the first page of
# results to be shown; reads it, then clicks "显示更多结果" until it is gone (or `most` results are
# shown) and reads every result shown.
_READ_RESULTS = """async ([term, limitMs, most]) => {
  const began = Date.now();
  const sleep = ms => new Promise(done => setTimeout(done, ms));
  const until = async (test, what) => {
    while (!test()) {
      if (Date.now() - began > limitMs) throw new Error("timed out waiting for " + what + ": " + term);
      await sleep(20);
    }
  };
  const message = () => document.querySelector(".pagefind-ui__message");
  await until(() => message() && message().textContent.includes(term) && !/正在搜索/.test(message().textContent),
              "the message");
  const said = message().textContent.replace(/[,，]/g, "").match(/(\\d+)\\s*篇/);
  const announced = said ? Number(said[1]) : 0;
  const count = () => document.querySelectorAll(".gw-search__result").length;
  const more = () => { const button = document.querySelector(".gw-search__more"); return button && !button.hidden ? button : null; };
  const links = () => [...document.querySelectorAll(".gw-search__result .pagefind-ui__result-link")]
    .map(a => decodeURIComponent(new URL(a.href, location.href).pathname));
  await until(() => count() >= Math.min(announced, 5), "the first results");  // the page shows 5 at a time
  const first = links();
  for (;;) {
    const button = more();
    if (!button || count() >= most) break;
    const before = count();
    button.click();
    await until(() => count() > before, "more results");
  }
  return {first, all: links(), announced: said ? announced : null, complete: !more()};
}"""


def search(page, origin: str, query: Query, max_results: int = 200, timeout: float = 120) -> Outcome:
    """Open the search page for every year with the query in its address, as a link or the home page's box
    does, and read what it shows: every result, or the first `max_results` or so (Pagefind's UI shows 5 more
    a click and takes minutes to show thousands)."""
    began = time.perf_counter()
    address = f"{origin}/search/?{urllib.parse.urlencode({'scope': 'all', 'q': query.text})}"
    page.goto(address, wait_until="load")
    shown = page.evaluate(_READ_RESULTS, [query.text, timeout * 1000, max_results])
    return Outcome(query, shown["first"], shown["all"], shown["announced"], time.perf_counter() - began,
                   shown["complete"])


def run_queries(browser, origin: str, queries: list[Query], progress=None, max_results: int = 200) -> list[Outcome]:
    """Every query in one desktop-sized tab, in order."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        outcomes = []
        for number, query in enumerate(queries, 1):
            outcomes.append(search(page, origin, query, max_results))
            if progress:
                progress(number, len(queries), outcomes[-1])
        return outcomes
    finally:
        context.close()


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    queries: int = 0
    pairs: int = 0  # (query, story) pairs in the truth
    found: int = 0  # of those, in the results read
    found_at_most: int = 0  # found, plus the missed stories that results left unread might hold
    incomplete: int = 0  # queries with recall < 100%, for sure
    unread: int = 0  # queries whose results were not all read
    shown: int = 0  # results on the first pages
    right: int = 0  # of those, holding the query
    imprecise: int = 0  # queries with a first-page result that does not hold the query
    announced_wrong: int = 0  # queries whose announced count differs from the results read

    @property
    def recall(self) -> float:
        """Exact when every result was read; otherwise the lower bound, and `recall_at_most` the upper."""
        return self.found / self.pairs if self.pairs else 1.0

    @property
    def recall_at_most(self) -> float:
        return self.found_at_most / self.pairs if self.pairs else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 1.0

    def as_dict(self) -> dict:
        return {**dataclasses.asdict(self), "recall": round(self.recall, 4),
                "recall_at_most": round(self.recall_at_most, 4), "precision": round(self.precision, 4)}


@dataclass
class Report:
    total: Score
    by_kind: dict[str, Score]
    read_whole: Score = field(default_factory=Score)  # the queries whose results were all read
    misses: list[dict] = field(default_factory=list)  # query, truth size, found, missed stories
    false_hits: list[dict] = field(default_factory=list)  # query, first-page results not holding it

    def as_dict(self) -> dict:
        return {"total": self.total.as_dict(), "by_kind": {k: s.as_dict() for k, s in self.by_kind.items()},
                "read_whole": self.read_whole.as_dict(),
                "misses": self.misses, "false_hits": self.false_hits}


def score(outcomes: list[Outcome], stories: dict[str, StoryText]) -> Report:
    """Recall over every (query, story) pair of the truth; precision over the results on each first page."""
    total, by_kind, read_whole = Score(), {}, Score()
    misses, false_hits = [], []
    for outcome in outcomes:
        query = outcome.query
        expected = truth(query, stories)
        results = set(outcome.results)
        missed = [url for url in expected if url not in results]
        wrong = [url for url in outcome.first_page if url not in stories or url not in expected]
        for tally in (total, by_kind.setdefault(query.kind, Score()), *([read_whole] if outcome.complete else [])):
            tally.queries += 1
            tally.pairs += len(expected)
            tally.found += len(expected) - len(missed)
            tally.found_at_most += len(expected) - len(missed) + min(len(missed), outcome.unread)
            tally.incomplete += len(missed) > outcome.unread
            tally.unread += not outcome.complete
            tally.shown += len(outcome.first_page)
            tally.right += len(outcome.first_page) - len(wrong)
            tally.imprecise += bool(wrong)
            tally.announced_wrong += outcome.complete and outcome.announced not in (None, len(outcome.results))
        if missed:
            misses.append({"query": query.text, "kind": query.kind, "truth": len(expected),
                           "found": len(expected) - len(missed), "results": len(outcome.results),
                           "unread": outcome.unread, "missed": missed})
        if wrong:
            false_hits.append({"query": query.text, "kind": query.kind, "first_page": len(outcome.first_page),
                               "wrong": wrong, "titles": [stories[u].title if u in stories else "" for u in wrong]})
    return Report(total, {kind: by_kind[kind] for kind in KINDS if kind in by_kind}, read_whole, misses, false_hits)


def table(report: Report, examples: int = 8) -> str:
    """The report as plain text: one line per kind of query and the total, then examples."""
    lines = ["| 查询 | 个数 | 应找到（查询×稿件） | 找到 | 召回率 | 召回不全的查询 | 第一页结果 | 其中含查询词 | 第一页精确率 "
             "| 第一页有误的查询 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows = [(KIND_NAMES[kind], s) for kind, s in report.by_kind.items()] + [("合计", report.total)]
    if report.total.unread:
        rows.append(("其中结果全部读完的查询", report.read_whole))
    for name, s in rows:
        recall = f"{s.recall:.1%}" if s.found == s.found_at_most else f"{s.recall:.1%}–{s.recall_at_most:.1%}"
        lines.append(f"| {name} | {s.queries} | {s.pairs} | {s.found} | {recall} | {s.incomplete} | {s.shown} "
                     f"| {s.right} | {s.precision:.1%} | {s.imprecise} |")
    if report.total.unread:
        lines.append(f"\n{report.total.unread} 个查询的结果太多，只读了前面的结果：召回率给出上下限（未读的结果若都是"
                     "漏掉的稿件，即上限），“召回不全”只计确定漏掉的。")
    if report.total.announced_wrong:
        lines.append(f"\n{report.total.announced_wrong} 个查询页面宣布的结果数与读到的结果数不同。")
    if report.misses:
        lines.append(f"\n漏掉的稿件（{len(report.misses)} 个查询中的前 {min(examples, len(report.misses))} 个）：")
        for miss in sorted(report.misses, key=lambda m: (m["found"] - m["truth"], m["query"]))[:examples]:
            lines.append(f"- “{miss['query']}”（{KIND_NAMES[miss['kind']]}）：应有 {miss['truth']} 篇，找到其中 "
                         f"{miss['found']} 篇（读了 {miss['results']} 条结果"
                         + (f"，另有 {miss['unread']} 条未读" if miss["unread"] else "") + f"），漏了如 {miss['missed'][0]}")
    if report.false_hits:
        lines.append(f"\n第一页上不含查询词的结果（{len(report.false_hits)} 个查询中的前 "
                     f"{min(examples, len(report.false_hits))} 个）：")
        for hit in sorted(report.false_hits, key=lambda h: (-len(h["wrong"]), h["query"]))[:examples]:
            lines.append(f"- “{hit['query']}”（{KIND_NAMES[hit['kind']]}）：第一页 {hit['first_page']} 条中 "
                         f"{len(hit['wrong'])} 条不含，如《{hit['titles'][0]}》")
    return "\n".join(lines)


def per_query(outcome: Outcome, stories: dict[str, StoryText]) -> dict:
    """One query's numbers, for comparing two runs query by query."""
    expected = set(truth(outcome.query, stories))
    return {**dataclasses.asdict(outcome.query), "truth": len(expected), "found": len(expected & set(outcome.results)),
            "read": len(outcome.results), "announced": outcome.announced, "complete": outcome.complete,
            "first_page": len(outcome.first_page), "first_page_right": len(expected & set(outcome.first_page)),
            "seconds": round(outcome.seconds, 2)}


# ---------------------------------------------------------------- the command


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_site(work: Path, stories: int) -> Path:
    """The portal's folder, built: a copy of the sample portal (stories=0) or a synthetic one."""
    if stories:
        site = generate(work / f"site{stories}", stories)
    else:
        site = work / "sample"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        shutil.copy(REPO / "mkdocs.yml", site)
        for folder in ("content", "theme_overrides"):
            shutil.copytree(REPO / folder, site / folder)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, check=True)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=0, help="a synthetic portal of N stories (default: the sample)")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--titles", type=int, default=40, help="substrings of titles")
    parser.add_argument("--bodies", type=int, default=80, help="substrings of body text")
    parser.add_argument("--multi", type=int, default=30, help="queries of two terms from one story")
    parser.add_argument("--named", type=int, default=None, help="this many of the names (default: every name)")
    parser.add_argument("--site", type=Path, help="an already built portal folder (with site/) instead of building")
    parser.add_argument("--work", type=Path, default=REPO / ".cache/bench/quality")
    parser.add_argument("--json", type=Path, help="write the numbers and every miss and false hit here")
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--max-results", type=int, default=200,
                        help="read at most about this many results of a query (Pagefind's UI shows thousands slowly)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    began = time.perf_counter()
    site = args.site or build_site(args.work, args.stories)
    built = site / "site"
    print(f"built in {time.perf_counter() - began:.0f} s: {site}", file=sys.stderr)
    stories = story_texts(built)
    names = registry_names(site / "content" / "_data", story_authors(built))
    queries = draw_queries(stories, names, args.seed, args.titles, args.bodies, args.multi, args.named)

    def progress(number: int, count: int, outcome: Outcome) -> None:
        if number % 25 == 0 or number == count:
            print(f"{number}/{count} queries", file=sys.stderr)

    began = time.perf_counter()
    with serve(built) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            outcomes = run_queries(browser, origin, queries, progress, args.max_results)
        finally:
            browser.close()
    spent = time.perf_counter() - began
    report = score(outcomes, stories)
    portal = f"合成网站 {args.stories} 篇" if args.stories else "示例网站"
    print(f"## 站内搜索的召回率与精确率（{portal}，{len(stories)} 篇稿件，{len(queries)} 个查询，种子 {args.seed}，"
          f"“搜索全部年份”）\n")
    print(table(report, args.examples))
    print(f"\n浏览器中查询用时 {spent:.0f} 秒（每个查询平均 {spent / max(len(queries), 1):.2f} 秒）")
    if args.json:
        document = {"portal": portal, "stories": len(stories), "seed": args.seed, "seconds": round(spent, 1),
                    "queries": [per_query(o, stories) for o in outcomes], **report.as_dict()}
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
