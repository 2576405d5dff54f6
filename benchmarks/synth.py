"""A deterministic synthetic portal of N stories, in the proportions of the sample portal.

    python benchmarks/synth.py DEST [--stories 10000] [--seed 1]

Units, outlets and scoring come from the sample portal's `content/_data/`; bodies are
600–2,000 characters of sentences taken from the sample stories, so segmentation and
rendering see real Chinese text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import zlib
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photos import write_photo  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content"
CATEGORIES = ["工作动态", "基层风采", "五老风采", "媒体聚焦", "通知公告"]
TAGS = ["五老宣讲", "关爱留守儿童", "助学", "法治教育", "家庭教育", "网吧义务监督", "红色教育", "心理健康", "暑期活动", "乡村振兴"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明红强华军平芳敏静丽伟勇磊洋艳娟霞涛斌杰"
PENDING = ["学习强国江北学习平台", "江北网信办公众号", "青州文明网"]
# The sample portal's proportions (146 placements in 51 of 70 stories).
LEVEL_WEIGHTS = {"national": 11, "provincial": 22, "city": 41, "county": 42}
TYPE_WEIGHTS = {"text": 73, "photo": 11, "video": 19, "reprint": 16}

MKDOCS_YML = """\
site_name: 青州市关心下一代工作委员会（{n} 篇）
site_url: https://www.qzggw.example.cn/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - gwsite
"""


def sentences() -> list[str]:
    pool = []
    for path in sorted((SAMPLE / "news").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        pool += [s + "。" for s in re.split(r"。", body) if 10 <= len(s.strip()) <= 120 and "#" not in s]
    return [s.strip() for s in pool]


def listed_authors(unit: dict, drawn: list[str]) -> list[str]:
    """Where the sample unit lists its correspondents, the drawn names become listed ones (as a real
    portal's authors are), chosen by the name so that the draws of the generator stay the same."""
    listed = [person if isinstance(person, str) else person["name"] for person in unit.get("correspondents") or []]
    if not listed:
        return drawn
    return list(dict.fromkeys(listed[zlib.crc32(name.encode()) % len(listed)] for name in drawn))


def generate(dest: Path, stories: int, seed: int = 1, covers: int = 0, photo_size: tuple[int, int] = (4000, 3000),
             photo_cache: Path | None = None) -> Path:
    """The portal in `dest`; the first `covers` published stories get a phone photo of `photo_size` as cover
    (made once into `photo_cache` when given, since a 4000×3000 photo takes a second to draw)."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content" / "news").mkdir(parents=True)
    shutil.copytree(SAMPLE / "_data", dest / "content" / "_data")
    (dest / "content" / "index.md").write_text("# 首页\n\n合成的测试网站。\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(MKDOCS_YML.format(n=stories), encoding="utf-8")

    units = yaml.safe_load((SAMPLE / "_data/units.yml").read_text(encoding="utf-8"))["units"]
    outlets = yaml.safe_load((SAMPLE / "_data/outlets.yml").read_text(encoding="utf-8"))["outlets"]
    by_level: dict[str, list[str]] = {}
    for outlet in outlets:
        by_level.setdefault(outlet["level"], []).append(outlet["name"])
    pool = sentences()
    start = dt.date(2021, 1, 1)
    span = (dt.date(2025, 12, 31) - start).days

    given = 0  # covers so far
    titles: set[tuple[str, dt.date, str]] = set()
    front_pages: set[tuple[str, dt.date]] = set()
    for number in range(stories):
        unit = rng.choice(units)
        date = start + dt.timedelta(days=rng.randrange(span))
        chinese = rng.random() < 0.13
        keys = (
            dict(title="标题", date="日期", unit="单位", co="联合单位", authors="作者", category="栏目", tags="标签",
                 placements="刊用", outlet="媒体", level="级别", type="类型", section="版面", url="链接")
            if chinese else
            dict(title="title", date="date", unit="unit", co="co_units", authors="authors", category="category",
                 tags="tags", placements="placements", outlet="outlet", level="level", type="type", section="section",
                 url="url")
        )
        title = "".join(rng.choice(pool).rstrip("。").split())[:40]
        if (unit["id"], date, title) in titles:  # one unit, day and title twice would be one story copied
            title += f"（{number}）"
        titles.add((unit["id"], date, title))
        lines = [
            "---",
            f"{keys['title']}: {json.dumps(unit['name'] + title, ensure_ascii=False)}",
            f"{keys['date']}: {date}" + (f" {rng.randrange(8, 18):02d}:{rng.choice(['00', '30'])}" if rng.random() < 0.4 else ""),
            f"{keys['unit']}: {unit['name']}",
        ]
        if rng.random() < 0.1:
            others = [u for u in units if u["id"] != unit["id"]]
            lines.append(f"{keys['co']}: [{', '.join(u['name'] for u in rng.sample(others, rng.randint(1, 2)))}]")
        authors = [rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))) for _ in range(rng.randint(1, 2))]
        authors = listed_authors(unit, authors)
        lines.append(f"{keys['authors']}: [{', '.join(authors)}]")
        lines.append(f"{keys['category']}: {rng.choice(CATEGORIES)}")
        lines.append(f"{keys['tags']}: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
        draft = rng.random() < 0.03
        if draft:
            lines.append("draft: true")
        if given < covers and not draft:
            given += 1
            name = f"photo-{number:05d}.jpg"
            made = (photo_cache or dest / ".photos") / f"{photo_size[0]}x{photo_size[1]}-{seed}" / name
            if not made.exists():
                write_photo(made, seed * 100_000 + number, photo_size)
            (dest / "content" / "images").mkdir(exist_ok=True)
            shutil.copyfile(made, dest / "content" / "images" / name)
            lines.append(f"cover: ../../images/{name}")
        if rng.random() < 0.73:
            lines.append(f"{keys['placements']}:")
            used: set[str] = set()
            for _ in range(rng.choices([1, 2, 3, 4], [25, 35, 25, 15])[0]):
                if rng.random() < 0.02:
                    outlet, level = rng.choice(PENDING), "provincial"
                else:
                    level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
                    outlet = rng.choice(by_level[level])
                if outlet in used:
                    continue
                used.add(outlet)
                placed = min(date + dt.timedelta(days=rng.randrange(0, 20)), dt.date(2025, 12, 31))
                lines.append(f"  - {keys['outlet']}: {outlet}")
                lines.append(f"    {keys['level']}: {level}")
                lines.append(f"    {keys['date']}: {placed}")
                lines.append(f"    {keys['type']}: {rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]}")
                front_page, linked = rng.random() < 0.05, rng.random() < 0.5
                if front_page and not linked:  # without a link, one outlet's 头版 of one day is one article
                    front_page = (outlet, placed) not in front_pages
                    front_pages.add((outlet, placed))
                if front_page:
                    lines.append(f"    {keys['section']}: 头版")
                if linked:
                    lines.append(f"    {keys['url']}: https://news.example.cn/{placed:%Y%m%d}/{number}.html")
        lines.append("---")
        lines.append("")
        body, size = [], rng.randint(600, 2000)
        while sum(map(len, body)) < size:
            paragraph = "".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            body.append(paragraph)
        lines.append("\n\n".join(body))
        folder = dest / "content" / "news" / f"{date:%Y}"
        folder.mkdir(exist_ok=True)
        (folder / f"{date:%Y-%m-%d}-{unit['id']}-{number:05d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.dest, args.stories, args.seed)
    print(f"{args.stories} stories in {args.dest}")


if __name__ == "__main__":
    main()
