"""Property-based tests: no front-matter value and no file content makes `read_story`,
`gwsite check` or `mkdocs build` crash with a traceback (DESIGN.md, Errors).

Every input is either a story or a list of problems, each `path:line: 字段: 说明`.
Examples are derandomised, so CI sees the same inputs on every run; Hypothesis keeps no
example database (nothing is written into the checkout).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from conftest import FIXTURES, build_in_process, run_mkdocs_build
from corpus import STORIES, story

from gwsite.cli import main
from gwsite.content.fields import PLACEMENT_KEYS, STORY_KEYS
from gwsite.content.reader import read_story
from gwsite.content.registry_files import load_registry
from gwsite.content.story import SiteOptions, StoryContext
from gwsite.content.values import CONTROL_CHARS

NOW = dt.datetime(2025, 1, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FUZZ_DIR = "news/fuzz"  # below content/, where fuzzed stories are written

FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
BUILDS = settings(FAST, max_examples=20)

# One problem line as `gwsite check` prints it and the build logs it.
PROBLEM_LINE = re.compile(r"^(?P<path>\S[^:\n]*\.(?:md|yml)):(?P<line>[1-9]\d*): (?P<field>[^\n]*?): (?P<message>.+)$")
HAN = re.compile(r"[\u4e00-\u9fff]")

# -- Values --------------------------------------------------------------------------------

# Values a correspondent (or a broken editor) might write, and names the fixture's registry knows.
TRICKY = [
    "", " ", "~", "null", "yes", "NO", "on", "0", "-1", "1e400", ".inf", ".nan", "0x1F", "0o17", "1_000",
    "2024-03-01", "2024-03-01 14:30", "2024-03-01T14:30:00Z", "2024-03-01 14:30 +08:00", "2024-02-30",
    "2024-13-01", "0001-01-01", "0001-01-01 00:00 +14:00", "9999-12-31", "9999-12-31 23:59 -12:00",
    "2024-03-01 25:00", "2024-03-01 14:30 +99:00", "2024年3月1日", "20240301",
    "安平县关工委", "安平关工委", "安平县\u200b关工委", "临河区关工委", "市教育局关工委", "火星关工委",
    "青州日报", "《青州日报》", "中国火炬", "江北日报", "学习强国",
    "中央级", "国家级", "national", "省级", "乡镇级", "text", "photo", "图片", "转载", "漫画", "头版",
    "工作动态", "五老风采", "elders", "体育新闻",
    "<script>alert(1)</script>", "<b>粗体</b> & <i>", "]]>", "&amp;&lt;", "{{ config }}", "{% raw %}", "${x}",
    "javascript:alert(1)", "https://例子.cn/a b", "http://", "https://[::1", "http://[", "https://a:99999/",
    "mailto:a@b", "//evil.example/x",
    "../../../mkdocs.yml", "/etc/passwd", "C:\\照片\\a.jpg", "\\\\server\\share", "images/none.jpg", ".", "..",
    "news", "news/", "_data/units.yml", "a" * 300,
    "\x00", "\x07", "\x0b", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "\u3000",
    "\ufffe", "\uffff", "\U0001f600", "\u202e", "e\u0301",
    "---", "- a", "-", "?", "{", "}", "[", "]", "&a", "*a", "!!str", "!!python/name:os.system", "%YAML 1.1",
    "#", "'", '"', "\t", "\r", "\n", "a: b", "| x", "> x", "@x", "`x`", "<<", "=",
]

tricky_text = st.sampled_from(TRICKY)
any_text = st.one_of(
    tricky_text,
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=20),  # includes controls and non-characters
    st.lists(tricky_text, min_size=2, max_size=4).map("".join),
)
EXTREME_DATES = [
    dt.date.min, dt.date.max, dt.datetime.min, dt.datetime.max,
    dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14))),
    dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-12))),
    dt.datetime(2024, 3, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),  # NaN and infinities too
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)),
                                            dt.timezone(dt.timedelta(hours=-12))])),
    st.sampled_from(EXTREME_DATES),
    any_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(any_text, st.integers(), st.booleans(), st.none()), inner, max_size=4),
    ),
    max_leaves=12,
)
# What a known field gets: as often a tricky string or an extreme date as anything else.
field_values = st.one_of(tricky_text, st.sampled_from(EXTREME_DATES), values)


def spellings(keys: dict[str, tuple[str, ...]]) -> list[str]:
    """Every spelling of the keys (English and Chinese aliases)."""
    return [alias for key, aliases in keys.items() for alias in (key, *aliases)]


def mapping(known: list[str], other: st.SearchStrategy, value: st.SearchStrategy, max_size: int) -> st.SearchStrategy:
    """A dict whose keys are mostly known spellings, sometimes anything."""
    key = st.one_of(st.sampled_from(known), st.sampled_from(known), other)
    return st.lists(st.tuples(key, value), max_size=max_size).map(dict)


placement = mapping(spellings(PLACEMENT_KEYS), st.one_of(st.sampled_from(["page", "媒休"]), any_text), field_values, 8)
placements = st.one_of(st.lists(st.one_of(placement, placement, values), max_size=4), values)
story_value = st.one_of(field_values, placements)  # a placement list under any key, too
front_matter = mapping(
    spellings(STORY_KEYS),
    st.one_of(st.sampled_from(["description", "hide", "tittle"]), any_text, st.integers(), st.booleans(), st.none(),
              st.dates()),
    story_value,
    6,
)

# A story that is valid except where the fuzzer reaches: every required field set.
BASE = {"title": "安平县关工委召开2024年工作会议", "date": dt.date(2024, 3, 1), "unit": "安平县关工委"}

bodies = st.one_of(
    st.just("3月1日，安平县关工委召开全体会议，部署全年工作。\n"),
    st.text(max_size=200),
    st.lists(st.one_of(any_text, st.sampled_from([
        "![说明](images/none.jpg)", "![](../../../../etc/passwd)", "<img src=x onerror=alert(1)>", "[链接](javascript:alert(1))",
        "# 标题", "```", "<!--", "-->", "[TOC]", "| a | b |\n|---|---|", "{: .x }", "\n\n", "***", "[^1]", "[x]: images/a.jpg",
        "![a][x]", "<div markdown>", "</div>", "<script>", "&#0;", "&#x110000;", "{{", "{#",
    ])), max_size=12).map("\n".join),
)


# -- Writing stories ---------------------------------------------------------------------------


def dump_value(value: object) -> str:
    """A value as YAML, for splicing after `key:` (flow style: one line, unless a string needs more)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return text.removesuffix("\n...\n").removesuffix("\n")


@st.composite
def story_text(draw, base: dict | None = None) -> str:
    """A story file: front-matter from random keys and values, written in one of several ways."""
    data = {**(base or {}), **draw(front_matter)}
    style = draw(st.sampled_from(["safe_dump", "flow", "spliced", "raw"]))
    if style == "safe_dump":
        fm = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    else:
        lines = []
        for key, value in data.items():
            key_text = key if isinstance(key, str) and style == "raw" else dump_value(key)
            if style == "raw":
                # Text spliced in as is, as a correspondent types it: YAML may read it as anything.
                value_text = value if isinstance(value, str) else draw(any_text)
            elif style == "spliced" and isinstance(value, str):
                value_text = value
            else:
                value_text = dump_value(value)
            lines.append(f"{key_text}: {value_text}")
        fm = "\n".join(lines) + "\n"
    return f"---\n{fm}---\n\n{draw(bodies)}"


stories = st.one_of(story_text(), story_text(BASE))


# -- In-process: read_story --------------------------------------------------------------------


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> StoryContext:
    """A copy of the basic fixture site and what validating a story in it needs."""
    root = tmp_path_factory.mktemp("fuzz") / "basic"
    shutil.copytree(FIXTURES / "basic", root)
    docs = root / "content"
    (docs / FUZZ_DIR).mkdir(parents=True)
    registry, problems = load_registry(docs / "_data", "content/_data")
    assert problems == []
    return StoryContext(docs.resolve(), registry, SiteOptions(), NOW, "content")


def check_file(ctx: StoryContext, content: bytes, name: str = "x.md") -> None:
    """The property: reading the file gives a story or problems, each a well-formed Chinese line."""
    path = ctx.docs_dir / FUZZ_DIR / name
    path.write_bytes(content)
    story, problems = read_story(path, ctx)

    shown = f"content/{FUZZ_DIR}/{name}"
    for problem in problems.items:
        line = str(problem)
        match = PROBLEM_LINE.match(line)
        assert match, line
        assert match["path"] == shown, line
        assert HAN.search(problem.message), line
        assert "\n" not in line, line
    if problems.has_errors:
        assert story is None
    else:
        assert story is not None, problems.items
        assert story.url.isascii() and re.fullmatch(r"news/\d{4}/\d{2}/[a-z0-9-]+/", story.url), story.url
        assert story.title and "\n" not in story.title
        assert story.date.tzinfo is not None
        assert len(story.slug) <= 100  # it names a folder
        for text in (story.title, story.summary, *story.tags, *story.authors):
            assert not CONTROL_CHARS.search(text), text  # pages and feeds cannot carry them
        pickle.loads(pickle.dumps(story))  # stories go to worker processes and the cache


@FAST
@given(text=stories)
# Crashes the fuzzer found, kept as regressions (the corpus has their exact messages):
@example(text=story().replace("date: 2024-03-01", "date: 2024-03-01 14:30 +99:00"))  # offset of over a day
@example(text=story().replace("date: 2024-03-01", "date: '0001-01-01 00:00 +14:00'"))  # before UTC year 1
@example(text=story("placements:\n  - outlet: 青州日报\n    date: 9999-12-31 23:59:59-12:00\n"))  # after year 9999
@example(text=story("placements:\n  - outlet: 青州日报\n    date: 2024-03-02\n    url: https://[::1\n"))
@example(text="---\n? '\n\n  '\n: null\n---\n\n正文\n")  # a key with a line break: still one line per problem
@example(text=story('tags: ["\\x7f"]\n').replace("title: 安平县关工委召开2024年工作会议", 'title: "\\x93"'))  # empty title
@example(text=story("slug: " + "a" * 300 + "\n"))  # a folder name too long for the disk
def test_random_front_matter_gives_story_or_problems(context, text):
    check_file(context, text.encode("utf-8", "surrogatepass"))


@FAST
@given(content=st.one_of(
    st.binary(max_size=600),
    st.binary(max_size=300).map(lambda b: b"---\n" + b),
    st.binary(max_size=300).map(lambda b: b"---\n" + b + b"\n---\n"),
    st.binary(max_size=300).map(lambda b: b"\xef\xbb\xbf---\r\ntitle: " + b + b"\r\n---\r\n"),
))
def test_random_bytes_as_story_file(context, content):
    check_file(context, content)


@FAST
@given(text=st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec="utf-8"), max_size=200).map(lambda t: f"---\n{t}\n---\n正文"),
    st.lists(st.sampled_from(["---", "\n", "title: ", "日期: ", "2024-03-01", "[", "{", "- ", "  ", ":", "\"", "'",
                              "安平县关工委", "unit:", "placements:", "  - outlet: ", "\x0c", "\r"]), max_size=30).map("".join),
))
def test_random_text_as_story_file(context, text):
    check_file(context, text.encode("utf-8", "surrogatepass"))


# -- End to end: builds and `gwsite check` over fuzzed sites -------------------------------------


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_and_log(site: Path) -> tuple[Exception | None, str]:
    """A real MkDocs build through its API (not --strict); the error it ended with and what it logged."""
    collect = _Messages()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    try:
        build_in_process(site)
    except Exception as error:  # noqa: BLE001 - which exception it is, is what the test asserts
        return error, "\n".join(collect.messages)
    finally:
        mkdocs_log.removeHandler(collect)
    return None, "\n".join(collect.messages)


mostly_valid = st.one_of(
    # Valid front-matter with random text where any text is allowed: it reaches pages, feeds and search.
    st.builds(
        lambda title, summary, tags, authors, slug, section, body: story(
            "".join(f"{key}: {dump_value(value)}\n" for key, value in [
                ("summary", summary), ("tags", tags), ("authors", authors), ("slug", slug)] if value is not None)
            + "placements:\n  - outlet: 青州日报\n    date: 2024-03-02\n"
            + (f"    section: {dump_value(section)}\n" if section is not None else "")
        ).replace("title: 安平县关工委召开2024年工作会议", f"title: {dump_value(title)}")
         .replace("3月1日，安平县关工委召开全体会议，部署全年工作。\n", body),
        title=any_text.filter(lambda t: t.strip() and "\n" not in t.strip()),
        summary=st.one_of(st.none(), any_text),
        tags=st.one_of(st.none(), st.lists(any_text, max_size=3)),
        authors=st.one_of(st.none(), st.lists(any_text.filter(str.strip), max_size=3)),
        slug=st.one_of(st.none(), st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)),
        section=st.one_of(st.none(), any_text),
        body=bodies,
    ),
    stories,
)


@BUILDS
@given(texts=st.lists(mostly_valid, min_size=1, max_size=3))
# A title of only escaped control characters ("\x93") was empty once the feeds removed them: feedgen raised.
@example(texts=[story('tags: ["\\x7f", 助学]\nauthors: ["\\a"]\n').replace("title: 安平县关工委召开2024年工作会议", 'title: "\\x93"')])
@example(texts=[story('tags: ["\\x7f", 助学]\nauthors: ["\\a", 张明]\nsummary: "\\e"\n')
                .replace("title: 安平县关工委召开2024年工作会议", 'title: "\\x93会议"')])
def test_build_with_fuzzed_stories(tmp_path_factory, texts):
    site = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp())) / "basic"
    shutil.copytree(FIXTURES / "basic", site)
    folder = site / "content" / FUZZ_DIR
    folder.mkdir(parents=True)
    names = [f"f{number}.md" for number in range(len(texts))]
    for name, text in zip(names, texts):
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))

    with contextlib.chdir(site):
        checked = CliRunner().invoke(main, ["check", "--lenient"])  # the build below is not --strict either
    error, log = build_and_log(site)

    assert checked.exit_code in (0, 1), checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit), repr(checked.exception)
    assert error is None or isinstance(error, MkDocsException), repr(error)
    assert "Traceback" not in log + checked.output
    if error is not None:
        assert any(f"content/{FUZZ_DIR}/{name}:" in log for name in names), log
        assert not (site / "site").exists(), "a failed build left a half-written site/"
    # A story `gwsite check` passes builds; one it fails stops the build.
    assert (checked.exit_code == 1) == (error is not None), (checked.output, log)
    shutil.rmtree(site.parent)


def fuzzed_corpus(seed: int, count: int) -> list[bytes]:
    """Deterministic story files: the hand-written bad stories and the good one, mutated at random."""
    rng = random.Random(seed)
    seeds = [content if isinstance(content, bytes) else content.encode() for _, _, content, _, _ in STORIES
             if len(content) < 10_000] + [story().encode()]
    pieces = [t.encode("utf-8", "surrogatepass") for t in TRICKY] + [b"\xff", b"\xc3", b"\xe4\xb8", b"\r\n", b"---\n"]
    files = []
    for _ in range(count):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data) + 1)
            operation = rng.randrange(4)
            if operation == 0:  # insert a tricky value
                data[at:at] = rng.choice(pieces)
            elif operation == 1:  # delete a few bytes
                del data[at : at + rng.randint(1, 8)]
            elif operation == 2:  # overwrite a byte
                data[at : at + 1] = bytes([rng.randrange(256)])
            else:  # splice a line of another story
                other = rng.choice(seeds).split(b"\n")
                data[at:at] = rng.choice(other) + b"\n"
        files.append(bytes(data))
    return files


def check_and_build(site: Path, files: dict[str, bytes], strict: bool = True):
    """Put `files` into the fixture's fuzz folder, then run `gwsite check` and `mkdocs build`
    there, each in its own process, both strict or both lenient; both results."""
    folder = site / "content" / FUZZ_DIR
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    lenient = () if strict else ("--lenient",)  # as the build: warnings fail only a strict one
    check = subprocess.run([sys.executable, "-m", "gwsite.cli", "check", *lenient], cwd=site, env=env,
                           capture_output=True, text=True, timeout=300)
    return check, run_mkdocs_build(site, strict=strict)


def test_mkdocs_build_and_gwsite_check_over_fuzzed_corpus(make_site):
    site = make_site("basic")
    check, built = check_and_build(
        site, {f"c{number:02d}.md": content for number, content in enumerate(fuzzed_corpus(seed=8, count=40))})

    for result in (check, built):
        output = result.stdout + result.stderr
        assert result.returncode in (0, 1), output
        assert "Traceback" not in output, output
    assert check.returncode == built.returncode == 1  # the corpus holds broken files
    problems = check.stdout.rstrip("\n").split("\n")[:-1]
    assert problems and all(PROBLEM_LINE.match(line) for line in problems), check.stdout
    failing = {match["path"] for match in map(PROBLEM_LINE.match, problems)
               if not match["message"].startswith(("警告：", "提示："))}
    assert failing, check.stdout
    for path in failing:  # the build names every file that check says is broken
        assert f"{path}:" in built.stderr, (path, built.stderr)
    assert not (site / "site").exists()


XSS = "<script>alert(1)</script>"


def weird_text(rng: random.Random) -> str:
    """One line of text for a field that takes any text: tricky values and random characters."""
    parts = [rng.choice(TRICKY) for _ in range(rng.randint(1, 3))]
    parts += ["".join(chr(rng.choice([rng.randrange(32, 0x3000), rng.randrange(0x4E00, 0xA000), rng.randrange(0x10000, 0x30000)]))
                      for _ in range(rng.randint(0, 8)))]
    rng.shuffle(parts)
    return "".join(parts).replace("\n", " ")


def valid_corpus(seed: int, count: int) -> list[str]:
    """Deterministic stories that validate, with odd text in every free-text field and a script in the title."""
    rng = random.Random(seed)
    files = []
    while len(files) < count:
        fields = {
            "title": f"{XSS}{weird_text(rng)}",
            "summary": weird_text(rng) + XSS,
            "tags": [weird_text(rng) for _ in range(rng.randint(0, 3))],
            "authors": [weird_text(rng) + "张" for _ in range(rng.randint(0, 2))],
            "category": rng.choice(["工作动态", "基层风采", "五老风采", "媒体聚焦", "通知公告"]),
            "pinned": rng.random() < 0.2,
        }
        lines = "".join(f"{key}: {dump_value(value)}\n" for key, value in fields.items() if key != "title")
        lines += f"placements:\n  - outlet: {rng.choice(['青州日报', '中国火炬', '学习强国'])}\n    date: 2024-03-02\n"
        lines += f"    section: {dump_value(weird_text(rng))}\n"
        body = "\n\n".join(weird_text(rng).replace("<", "&lt;") for _ in range(rng.randint(0, 4)))
        text = story(lines).replace("title: 安平县关工委召开2024年工作会议", f"title: {dump_value(fields['title'])}")
        files.append(text.replace("3月1日，安平县关工委召开全体会议，部署全年工作。\n", body + "\n"))
    return files


def test_mkdocs_build_and_gwsite_check_over_valid_fuzzed_corpus(make_site):
    site = make_site("basic")
    valid = {f"v{number:02d}.md": text.encode() for number, text in enumerate(valid_corpus(seed=8, count=20))}
    check, built = check_and_build(site, valid, strict=False)  # odd text brings warnings (control characters)

    for result in (check, built):
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        assert result.returncode == 0, output
    assert "有效稿件 23 篇" in check.stdout, check.stdout  # the fixture's three and all twenty
    shown = 0
    for path in (site / "site").rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert XSS not in text, path
            shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert shown > 20  # the titles are there, escaped
