"""Photos through a real `mkdocs build`: what the public gets, and what a bad photo makes the build say."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

import imaging
from conftest import Page, built_copy

STORY = "content/news/2024/2024-03-15-anping-wulao.md"
TITLE = "安平县五老宣讲团走进城关小学"
PAGE = "site/news/2024/03/2024-03-15-anping-wulao/index.html"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic")


def add_photos(site: Path) -> None:
    """A story with a turned phone photo as cover, a CMYK proof scan and three body images;
    a draft with its own photo; a logo on the home page, an emblem named in mkdocs.yml and a photo
    nothing uses."""
    images = site / "content/news/2024/images"
    images.mkdir()
    imaging.phone_photo(images / "wulao.jpg", (2000, 1500), orientation=6)
    imaging.cmyk_jpeg(images / "proof.jpg", (1200, 900))
    imaging.rgba_png(images / "screen.png", (640, 480))
    imaging.palette_png(images / "chart.png", (300, 200))
    imaging.heic_photo(images / "iphone.heic", (800, 600))
    imaging.phone_photo(images / "secret.jpg", (333, 222))
    (site / "content/images").mkdir()
    imaging.rgba_png(site / "content/images/logo.png", (120, 60), alpha=200)
    imaging.rgba_png(site / "content/images/emblem.png", (64, 64), alpha=255)
    imaging.phone_photo(site / "content/images/unused.jpg", (700, 500))
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  font: false\n", "  font: false\n  logo: images/emblem.png\n"), encoding="utf-8")

    story = site / STORY
    text = story.read_text(encoding="utf-8")
    text = text.replace("tags:", "cover: images/wulao.jpg\ntags:", 1)
    text = text.replace("    section: 头版\n", "    section: 头版\n    proof: images/proof.jpg\n", 1)
    text += ("\n![宣讲现场](images/screen.png)\n\n![](images/chart.png)\n\n"
             '<img src="images/iphone.heic" alt="合影">\n')
    story.write_text(text, encoding="utf-8")
    draft = site / "content/news/2024/2024-06-01-jiaoyu-draft.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true", "draft: true\ncover: images/secret.jpg"),
                     encoding="utf-8")
    index = site / "content/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![本会标志](images/logo.png)\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return built_copy(tmp_path_factory.mktemp("photos"), "basic", add_photos)


def site_images(site: Path) -> list[Path]:
    return [p for p in (site / "site").rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]


def pictures(page: Path) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", page.read_text(encoding="utf-8"), re.S)


def attr(element: str, name: str, tag: str = "img") -> str:
    match = re.search(rf'<{tag}\b[^>]*?\s{name}="([^"]*)"', element)
    assert match, (name, element)
    return html.unescape(match.group(1))


def test_no_file_in_the_site_has_the_bytes_of_a_source_image(built):
    sources = {hashlib.sha256(p.read_bytes()).digest() for p in (built / "content").rglob("*")
               if p.suffix.lower() in IMAGE_SUFFIXES}
    assert len(sources) == 9
    published = [p for p in (built / "site").rglob("*") if p.is_file()]
    assert not [p for p in published if hashlib.sha256(p.read_bytes()).digest() in sources]


def test_no_image_in_the_site_carries_camera_time_or_place(built):
    images = site_images(built)
    assert len(images) > 20
    for path in images:
        data = path.read_bytes()
        assert not any(secret in data for secret in imaging.SECRETS), path
        assert b"Exif" not in data and b"EXIF" not in data, path
        with Image.open(path) as image:
            assert len(image.getexif()) == 0 and image.mode in ("RGB", "RGBA", "P"), path


def test_no_original_path_and_no_draft_photo_is_published(built):
    assert not (built / "site/news/2024/images").exists()
    assert not list((built / "site").rglob("*.heic"))
    assert not list((built / "site/assets/gwsite/img").glob("*-333.*"))  # the draft's 333-pixel photo


def test_story_cover_is_an_upright_picture_loaded_first(built):
    cover = pictures(built / PAGE)[0]
    webp = attr(cover, "srcset", "source")
    assert re.fullmatch(r"(\.\./){4}assets/gwsite/img/[0-9a-f]{20}-480\.webp 480w, \S+-960\.webp 960w, "
                        r"\S+-1500\.webp 1500w", webp)
    assert attr(cover, "alt") == TITLE
    assert (attr(cover, "width"), attr(cover, "height")) == ("1500", "2000")  # portrait, as the phone showed it
    assert attr(cover, "fetchpriority") == "high" and "loading=" not in cover
    page_dir = (built / PAGE).parent
    for candidate in [*webp.split(", "), *attr(cover, "srcset").split(", "), attr(cover, "src") + " x"]:
        target = page_dir / candidate.rsplit(" ", 1)[0]
        assert target.is_file(), candidate
    with Image.open(page_dir / attr(cover, "src")) as largest:
        assert largest.size == (1500, 2000) and largest.format == "JPEG"


def test_body_images_are_lazy_pictures_with_their_text(built):
    body = pictures(built / PAGE)[1:]
    assert [attr(p, "alt") for p in body] == ["宣讲现场", TITLE, "合影"]  # no text: the story's title
    for picture in body:
        assert attr(picture, "loading") == "lazy" and attr(picture, "decoding") == "async"
        assert int(attr(picture, "width")) > 0 and int(attr(picture, "height")) > 0
    heic = body[2]
    assert attr(heic, "src").endswith("-800.jpg") and (attr(heic, "width"), attr(heic, "height")) == ("800", "600")
    assert attr(body[0], "alt") == "宣讲现场"
    with Image.open((built / PAGE).parent / attr(body[0], "srcset", "source").split(", ")[-1].split(" ")[0]) as webp:
        assert webp.format == "WEBP" and webp.mode == "RGBA"  # the screenshot keeps its transparency


def test_open_graph_image_and_proof_link(built):
    page = Page(built / PAGE).html
    og = re.search(r'<meta property="og:image" content="https://example\.org/([^"]+)">', page).group(1)
    assert (built / "site" / og).is_file() and og.endswith("-1500.jpg")
    assert '<meta property="og:image:width" content="1500">' in page
    proof = re.search(r'<a href="([^"]+)">版面图</a>', page).group(1)
    with Image.open((built / PAGE).parent / proof) as scan:
        assert scan.mode == "RGB" and scan.size == (1200, 900)


def test_listings_show_thumbnails(built):
    listing = built / "site/news/index.html"
    card = pictures(listing)[0]
    assert attr(card, "sizes") == "(min-width: 45em) 10rem, 30vw"
    assert attr(card, "alt") == "" and attr(card, "loading") == "lazy"
    search_image = re.search(r'data-gw-image="/([^"]+)"', (built / PAGE).read_text(encoding="utf-8")).group(1)
    assert search_image.endswith("-480.jpg") and (built / "site" / search_image).is_file()


def test_an_image_only_a_page_or_mkdocs_yml_uses_keeps_a_clean_copy_at_its_path(built):
    logo = built / "site/images/logo.png"
    with Image.open(logo) as image:
        assert image.format == "PNG" and image.size == (120, 60) and image.mode == "RGBA"
    home = pictures(built / "site/index.html")
    assert [attr(p, "alt") for p in home if "本会标志" in p] == ["本会标志"]
    with Image.open(built / "site/images/emblem.png") as image:
        assert image.format == "PNG" and image.size == (64, 64)
    assert 'src="images/emblem.png"' in (built / "site/index.html").read_text(encoding="utf-8")


def test_an_image_nothing_uses_is_neither_processed_nor_published(built):
    assert not (built / "site/images/unused.jpg").exists()
    published = {p.name.split("-")[-1] for p in (built / "site/assets/gwsite/img").iterdir()}
    assert "700.jpg" not in published  # the width of no other photo


# -- Bad photos ------------------------------------------------------------------------------


@pytest.fixture
def photo_site(make_site, build):
    site = make_site()
    add_photos(site)
    assert build(site).returncode == 0
    return site


def story_line(site: Path, text: str) -> int:
    lines = (site / STORY).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("case, file, field, expected", [
    ("truncated-cover", "wulao.jpg", "cover", "图片文件不完整或已损坏（可能没有传完）"),
    ("text-as-photo", "screen.png", "正文", "“screen.png”的内容不是可识别的图片"),
    ("svg-in-body", "chart.png", "正文", "SVG 等矢量图或网页文件可能带有脚本，网站不接受"),
    ("bomb-proof", "proof.jpg", "placements[1].proof", "超过 120 百万像素的上限"),
])
def test_a_bad_photo_stops_the_build_naming_story_line_and_field(photo_site, build, gwsite, case, file, field,
                                                                  expected):
    before = {p: p.read_bytes() for p in (photo_site / "site").rglob("*") if p.is_file()}
    target = photo_site / "content/news/2024/images" / file
    if case == "truncated-cover":
        imaging.truncated_jpeg(target)
    elif case == "text-as-photo":
        target.write_text("这是一份通知的文字，不是截图。", encoding="utf-8")
    elif case == "svg-in-body":
        target.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    else:
        imaging.bomb_png(target)
    line = story_line(photo_site, file)
    expected_line = f"{STORY}:{line}: {field}: "

    result = build(photo_site)

    assert result.returncode == 1
    assert re.search(re.escape(expected_line) + r"[^\n]*" + re.escape(expected), result.stderr), result.stderr
    assert "1 处错误（1 个文件）" in result.stderr and "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (photo_site / "site").rglob("*") if p.is_file()}
    assert after == before
    check = gwsite(photo_site, "check")
    assert check.exit_code == 1
    assert re.search(re.escape(expected_line) + r"[^\n]*" + re.escape(expected), check.output), check.output


def test_missing_body_image_is_an_error_at_its_line(photo_site, gwsite):
    (photo_site / "content/news/2024/images/chart.png").unlink()
    check = gwsite(photo_site, "check")
    line = story_line(photo_site, "chart.png")
    assert check.exit_code == 1
    assert f"{STORY}:{line}: 正文: 找不到文件“images/chart.png”（相对于稿件所在目录），请检查文件名和大小写" in check.output


def test_animated_gif_is_a_warning_and_its_first_frame_is_shown(photo_site, build):
    story = photo_site / STORY
    imaging.animated_gif(photo_site / "content/news/2024/images/dance.gif")
    story.write_text(story.read_text(encoding="utf-8") + "\n![舞蹈](images/dance.gif)\n", encoding="utf-8")
    line = story_line(photo_site, "dance.gif")

    strict = build(photo_site)
    assert strict.returncode == 1
    assert f"{STORY}:{line}: 正文: 警告：图片是 3 帧的动图，网站只显示第一帧" in strict.stderr
    assert build(photo_site, "--no-strict").returncode == 0
    frame = pictures(photo_site / PAGE)[-1]
    assert attr(frame, "alt") == "舞蹈" and attr(frame, "src").endswith("-120.jpg")


def test_a_broken_image_only_a_page_uses_is_a_warning_and_left_out(photo_site, build, gwsite):
    imaging.truncated_jpeg(photo_site / "content/images/logo.png")
    result = build(photo_site, "--no-strict")
    assert result.returncode == 0
    assert "content/images/logo.png:1: 图片: 警告：图片文件不完整或已损坏" in result.stderr
    assert "没有稿件使用这个文件，它不会出现在网站上" in result.stderr
    assert not (photo_site / "site/images/logo.png").exists()
    assert "content/images/logo.png:1: 图片: 警告：" in gwsite(photo_site, "check").output


UNUSED = "content/images/unused.jpg:1: 图片: 提示：没有稿件、页面或网站设置用到这张图片，它不会出现在网站上"


@pytest.mark.parametrize("bad", ["bomb", "many-scans", "truncated"])
def test_a_bad_image_nothing_uses_costs_nothing_and_one_a_story_uses_is_refused(photo_site, build, gwsite, bad):
    unused = photo_site / "content/images/unused.jpg"
    if bad == "bomb":
        imaging.bomb_png(unused)
    elif bad == "many-scans":
        unused.write_bytes(imaging.many_scans_jpeg(20000))
    else:
        imaging.truncated_jpeg(unused)
    cache = photo_site / ".cache/gwsite/images"
    entries = sorted(cache.glob("??/*/meta.json"))

    result = build(photo_site)  # strict: a notice is no warning

    assert result.returncode == 0, result.stderr
    assert UNUSED in result.stderr and "unused.jpg:1: 图片: 警告" not in result.stderr
    assert sorted(cache.glob("??/*/meta.json")) == entries  # never decoded: no entry, not even a refusal
    assert not (photo_site / "site/images/unused.jpg").exists()
    check = gwsite(photo_site, "check")
    assert check.exit_code == 0 and UNUSED in check.output
    assert sorted(cache.glob("??/*/meta.json")) == entries  # check keeps its refusals: it decoded nothing either

    story = photo_site / STORY
    story.write_text(story.read_text(encoding="utf-8") + "\n![合影](../../images/unused.jpg)\n", encoding="utf-8")
    line = story_line(photo_site, "unused.jpg")
    result = build(photo_site)
    assert result.returncode == 1 and f"{STORY}:{line}: 正文: " in result.stderr
    assert gwsite(photo_site, "check").exit_code == 1


def test_second_build_takes_every_photo_from_the_cache(photo_site, build):
    cache = photo_site / ".cache/gwsite/images"
    entries = sorted(p.stat().st_mtime_ns for p in cache.glob("??/*/meta.json"))
    assert len(entries) == 9 - 2  # every image but the draft's and the one nothing uses
    assert build(photo_site).returncode == 0
    assert sorted(p.stat().st_mtime_ns for p in cache.glob("??/*/meta.json")) == entries


def test_image_options_are_checked(make_site, build):
    site = make_site()
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gwsite", "  - gwsite:\n      images: {jpeg_quality: 0}"),
                      encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    assert "gwsite 的 images: jpeg_quality 应为 1 到 100 之间的整数，不是 0" in result.stderr



def test_same_photos_give_the_same_bytes_in_another_checkout(built, tmp_path, build):
    other = tmp_path / "other"
    shutil.copytree(built, other, ignore=shutil.ignore_patterns("site", ".cache"))
    assert build(other).returncode == 0

    def images(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_images(site)}

    first, second = images(built), images(other)
    assert len(first) > 20 and first == second
