"""The image pipeline on files made by the tests: orientation, metadata, colour, refusals, cache."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import random
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

import imaging
from gwsite.imaging.cache import ImageCache
from gwsite.imaging.decode import MAX_JPEG_SCANS, jpeg_scans
from gwsite.imaging.process import Budget, process_all
from gwsite.imaging.records import ImageError, ImageSettings
from gwsite.imaging.renditions import render, target_widths, verify

SMALL = ImageSettings(widths=(100, 200, 400))


def rendered(source: Path, folder: Path, settings: ImageSettings = SMALL):
    return render(source.read_bytes(), source.name, settings, folder)


def is_red(pixel: tuple[int, ...]) -> bool:
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".jpg", ".webp", ".png", ".gif"))


def test_orientation_6_comes_out_portrait_with_the_mark_top_right(tmp_path):
    # Stored landscape, turned 90° clockwise for display: the stored top-left corner ends up top-right.
    source = imaging.phone_photo(tmp_path / "p.jpg", (400, 300), orientation=6)
    result = rendered(source, tmp_path / "out")
    assert result.sizes[-1] == (300, 400)
    for path in outputs(tmp_path / "out"):
        with Image.open(path) as image:
            assert image.height > image.width, path.name
            rgb = image.convert("RGB")
            assert is_red(rgb.getpixel((rgb.width - 3, 3))) and not is_red(rgb.getpixel((3, 3))), path.name


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: imaging.phone_photo(p / "a.jpg", orientation=6), id="jpeg"),
    pytest.param(lambda p: imaging.phone_photo(p / "a.webp", fmt="WEBP"), id="webp"),
    pytest.param(lambda p: imaging.phone_photo(p / "a.png", fmt="PNG"), id="png"),
    pytest.param(lambda p: imaging.heic_photo(p / "a.heic"), id="heic"),
    pytest.param(lambda p: imaging.cmyk_jpeg(p / "a.jpg"), id="cmyk"),
])
def test_no_camera_time_or_place_in_any_output(tmp_path, make):
    source = make(tmp_path)
    assert any(secret in source.read_bytes() for secret in imaging.SECRETS)  # the source does carry them
    rendered(source, tmp_path / "out")
    files = outputs(tmp_path / "out")
    assert {p.suffix for p in files} == {".jpg", ".webp"}
    for path in files:
        data = path.read_bytes()
        assert not any(secret in data for secret in imaging.SECRETS), path.name
        assert b"Exif" not in data and b"EXIF" not in data and b"GPS" not in data, path.name
        with Image.open(path) as image:
            assert len(image.getexif()) == 0, path.name
            assert "icc_profile" not in image.info and "xmp" not in image.info, path.name


def test_cmyk_comes_out_rgb_and_still_red(tmp_path):
    rendered(imaging.cmyk_jpeg(tmp_path / "c.jpg"), tmp_path / "out")
    for path in outputs(tmp_path / "out"):
        with Image.open(path) as image:
            assert image.mode == "RGB", path.name
            red, green, blue = image.getpixel((10, 10))
            assert red > 200 and green < 60 and blue < 60, (path.name, (red, green, blue))


def test_rgba_keeps_its_transparency_in_webp_and_is_on_white_in_jpeg(tmp_path):
    result = rendered(imaging.rgba_png(tmp_path / "t.png", alpha=0), tmp_path / "out")
    assert result.alpha
    with Image.open(tmp_path / "out/200.webp") as webp:
        assert webp.mode == "RGBA" and webp.getpixel((100, 70))[3] == 0
    with Image.open(tmp_path / "out/200.jpg") as jpeg:
        assert jpeg.mode == "RGB" and min(jpeg.getpixel((100, 70))) > 245  # fully transparent: white


def test_opaque_alpha_is_dropped(tmp_path):
    result = rendered(imaging.rgba_png(tmp_path / "t.png", alpha=255), tmp_path / "out")
    assert not result.alpha
    with Image.open(tmp_path / "out/200.webp") as webp:
        assert webp.mode == "RGB"


def test_palette_png_with_transparency(tmp_path):
    result = rendered(imaging.palette_png(tmp_path / "p.png"), tmp_path / "out")
    assert result.sizes[-1] == (200, 150)
    for path in outputs(tmp_path / "out"):
        with Image.open(path) as image:
            assert image.mode in ("RGB", "RGBA")


def test_16_bit_grey_keeps_its_brightness(tmp_path):
    rendered(imaging.gray16_png(tmp_path / "g.png", value=32768), tmp_path / "out")
    with Image.open(tmp_path / "out/100.jpg") as image:
        assert all(118 <= channel <= 138 for channel in image.getpixel((50, 40)))  # mid grey, not white


def test_heic_is_converted(tmp_path):
    result = rendered(imaging.heic_photo(tmp_path / "iphone.heic", (320, 240)), tmp_path / "out")
    assert result.sizes == ((100, 75), (200, 150), (320, 240))
    with Image.open(tmp_path / "out/320.jpg") as image:
        assert image.format == "JPEG" and image.getpixel((5, 5))[0] > 180  # the red mark


def test_widths_are_never_enlarged_and_near_duplicates_dropped():
    assert target_widths(4000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1000, (480, 960, 1600)) == [480, 1000]  # 960 is within 10% of 1000
    assert target_widths(300, (480, 960, 1600)) == [300]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]


def test_large_jpeg_decodes_at_reduced_scale_to_exact_widths(tmp_path):
    source = imaging.phone_photo(tmp_path / "big.jpg", (4000, 3000))
    result = render(source.read_bytes(), "big.jpg", ImageSettings(), tmp_path / "out")
    assert result.sizes == ((480, 360), (960, 720), (1600, 1200))
    assert result.width == 1600 and result.largest.endswith("-1600.jpg")


def test_output_is_deterministic(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (900, 600), orientation=3)
    first, second = rendered(source, tmp_path / "one"), rendered(source, tmp_path / "two")
    assert first == second
    for a, b in zip(outputs(tmp_path / "one"), outputs(tmp_path / "two"), strict=True):
        assert a.name == b.name and a.read_bytes() == b.read_bytes()


# -- Refusals --------------------------------------------------------------------------------


def refusal(source: Path, settings: ImageSettings = SMALL) -> str:
    with pytest.raises(ImageError) as caught:
        render(source.read_bytes(), source.name, settings, source.parent / "out")
    with pytest.raises(ImageError) as checked:
        verify(source.read_bytes(), source.name, settings)  # `gwsite check` says the same
    assert str(checked.value) == str(caught.value)
    return str(caught.value)


def test_truncated_jpeg_is_refused(tmp_path):
    assert "不完整或已损坏" in refusal(imaging.truncated_jpeg(tmp_path / "half.jpg"))


def test_text_named_jpg_is_refused(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_text("这不是照片，是一段文字。\n", encoding="utf-8")
    assert "“photo.jpg”的内容不是可识别的图片" in refusal(source)


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_is_refused_whatever_its_name(tmp_path, name):
    source = tmp_path / name
    source.write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    assert "SVG" in refusal(source) and "脚本" in refusal(source)


def test_file_over_the_size_cap_is_refused(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (600, 400))
    message = refusal(source, ImageSettings(max_megabytes=0.01))
    assert "超过 0.01 MB 的上限" in message


def test_too_many_pixels_by_our_limit(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (1200, 1000))
    message = refusal(source, ImageSettings(max_megapixels=1))
    assert message.startswith("图片尺寸为 1200×1000（1 百万像素），超过 1 百万像素的上限")


def test_scans_are_counted_from_the_markers():
    baseline, progressive = io.BytesIO(), io.BytesIO()
    imaging.scene((300, 200)).save(baseline, "JPEG")
    imaging.scene((300, 200)).save(progressive, "JPEG", progressive=True)
    assert jpeg_scans(baseline.getvalue(), MAX_JPEG_SCANS) == 1
    assert jpeg_scans(progressive.getvalue(), MAX_JPEG_SCANS) == 10  # libjpeg's own progression
    assert jpeg_scans(imaging.many_scans_jpeg(20000), 100) == 101  # counting stops past the limit
    assert jpeg_scans(b"not a jpeg", 100) == 0
    data = progressive.getvalue()
    assert all(0 <= jpeg_scans(data[:cut], 100) <= 10 for cut in range(len(data)))  # a cut file: no error


def test_a_jpeg_of_thousands_of_scans_is_refused_before_decoding(tmp_path):
    """20,000 scans in 3 MB: decoded, each scan is another pass over the image's coefficients."""
    source = tmp_path / "scans.jpg"
    source.write_bytes(imaging.many_scans_jpeg(20000))
    started = time.monotonic()
    message = refusal(source, ImageSettings())
    assert time.monotonic() - started < 2
    assert message.startswith("“scans.jpg”分成了超过 100 遍渐进扫描（正常的照片约 10 遍），解码会极慢")


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    """A real 16000×16000 PNG (256 MB of pixels in 260 KB): refused from its header, memory stays small."""
    bomb = imaging.bomb_png(tmp_path / "bomb.png")
    assert bomb.stat().st_size < 1_000_000
    script = textwrap.dedent(f"""
        import resource
        from pathlib import Path
        from gwsite.imaging.records import ImageError, ImageSettings
        from gwsite.imaging.renditions import render
        data = Path({str(bomb)!r}).read_bytes()
        try:
            render(data, "bomb.png", ImageSettings(), Path({str(tmp_path / "out")!r}))
        except ImageError as error:
            print(error)
        # VmHWM is this process's own peak; ru_maxrss would include the forking parent's.
        status = Path("/proc/self/status")
        if status.exists():
            print(next(int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith("VmHWM")) // 1024)
        else:
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    message, peak_mb = result.stdout.strip().splitlines()
    assert "百万像素的上限" in message and "恶意构造" in message, result.stderr
    assert int(peak_mb) < 150  # decoding it would take 256 MB


def test_animated_gif_takes_the_first_frame_with_a_note(tmp_path):
    result = rendered(imaging.animated_gif(tmp_path / "a.gif"), tmp_path / "out")
    assert result.notes == ("是 3 帧的动图，网站只显示第一帧；需要动画时请改用视频",)
    with Image.open(tmp_path / "out/120.jpg") as image:
        red, green, blue = image.getpixel((60, 45))
        assert red > 180 and green < 60  # the first frame is the red one


# -- The cache -------------------------------------------------------------------------------


def test_cache_processes_an_unchanged_image_once(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    cache = ImageCache(tmp_path / "cache", SMALL)
    first = process_all([source], cache)[source].processed
    entry = cache.entry(first.key)
    marker = entry / "400.webp"
    written = marker.stat().st_ino  # a second processing would replace the entry

    again_cache = ImageCache(tmp_path / "cache", SMALL)
    again = process_all([source], again_cache)[source].processed
    assert again == first and marker.stat().st_ino == written and again_cache.rendered == 0

    source.touch()  # same bytes, new time: recognised by its hash, still not processed
    process_all([source], ImageCache(tmp_path / "cache", SMALL))
    assert marker.stat().st_ino == written

    other = ImageCache(tmp_path / "cache", ImageSettings(widths=(100, 200, 400), webp_quality=50))
    changed = process_all([source], other)[source].processed
    assert changed.key != first.key  # other settings: other outputs, other names
    assert (other.entry(changed.key) / "400.webp").read_bytes()[:4] == b"RIFF"


@pytest.mark.parametrize("damage", ["garbled", "truncated", "removed"])
def test_a_damaged_rendition_in_the_cache_is_processed_again(tmp_path, damage):
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    rendition = ImageCache(tmp_path / "cache", SMALL).entry(first.key) / "400.webp"
    good = rendition.read_bytes()
    if damage == "removed":
        rendition.unlink()
    else:  # in place, as an edit through a hard link from the site would
        with rendition.open("r+b") as stream:
            if damage == "truncated":
                stream.truncate(len(good) // 2)
            else:
                stream.seek(len(good) // 2)
                stream.write(b"left by the first run")
    cache = ImageCache(tmp_path / "cache", SMALL)
    again = process_all([source], cache)[source].processed
    assert again == first and cache.rendered == 1 and cache.broken == 1
    assert rendition.read_bytes() == good


def test_cache_notices_new_bytes(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    first = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    imaging.phone_photo(source, (500, 300))
    second = process_all([source], ImageCache(tmp_path / "cache", SMALL))[source].processed
    assert second.key != first.key and second.sizes[-1] == (400, 240)


def test_refusals_are_cached_and_same_bytes_share_one_entry(tmp_path):
    broken = imaging.truncated_jpeg(tmp_path / "half.jpg")
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(broken.read_bytes())
    cache = ImageCache(tmp_path / "cache", SMALL)
    outcomes = process_all([broken, copy], cache)
    assert outcomes[broken].error == outcomes[copy].error and "不完整" in outcomes[broken].error
    assert len(list((tmp_path / "cache").glob("??/*/meta.json"))) == 1


def test_checking_writes_nothing_to_the_cache(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    outcome = process_all([source], ImageCache(tmp_path / "cache", SMALL), encode=False)[source]
    assert outcome.error is None and outcome.processed is None
    assert not list((tmp_path / "cache").glob("??/*/*.webp"))


def test_read_only_cache_folder_still_processes(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    source = imaging.phone_photo(tmp_path / "p.jpg", (500, 400))
    cache = ImageCache(blocked / "images", SMALL)
    processed = process_all([source], cache)[source].processed
    assert processed is not None and (cache.entry(processed.key) / "400.jpg").is_file()


def test_every_output_differs_from_its_source(tmp_path):
    source = imaging.phone_photo(tmp_path / "p.jpg", (400, 300))  # already no wider than the largest width
    rendered(source, tmp_path / "out")
    digest = hashlib.sha256(source.read_bytes()).digest()
    assert all(hashlib.sha256(p.read_bytes()).digest() != digest for p in outputs(tmp_path / "out"))


def test_prune_removes_only_old_entries_no_build_used(tmp_path):
    cache = ImageCache(tmp_path / "cache", SMALL)
    used, replaced, recent = (imaging.phone_photo(tmp_path / f"{name}.jpg", (300 + i * 10, 200))
                              for i, name in enumerate(("used", "replaced", "recent")))
    keys = {path.stem: process_all([path], cache)[path].processed.key for path in (used, replaced, recent)}
    old = 1_000_000_000  # 2001
    for name in ("used", "replaced"):
        os.utime(cache.entry(keys[name]) / "meta.json", (old, old))

    assert cache.prune({keys["used"]}) == 1
    assert cache.entry(keys["used"]).is_dir() and cache.entry(keys["recent"]).is_dir()
    assert not cache.entry(keys["replaced"]).exists()


# -- Memory ------------------------------------------------------------------------------------


def test_reservations_never_exceed_the_budget_and_a_larger_job_runs_alone():
    budget = Budget(100)
    lock = threading.Lock()
    live: list[int] = []  # the costs of the jobs running now, as the jobs themselves see them
    seen: list[tuple[int, ...]] = []
    costs = [random.Random(seed).choice([10, 30, 60, 100, 250]) for seed in range(200)]

    def job(cost: int) -> None:
        with budget.reserve(cost):
            with lock:
                live.append(cost)
                seen.append(tuple(live))
            time.sleep(0.001)
            with lock:
                live.remove(cost)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(job, costs))

    assert len(seen) == len(costs) and budget.used == 0
    for running in seen:
        assert sum(running) <= 100 or running == (250,) or len(running) == 1, running
    assert any(len(running) > 2 for running in seen)  # small jobs did run side by side


def test_decoding_many_large_images_stays_within_the_memory_budget(tmp_path):
    """Four 16-bit 16-megapixel PNGs, four workers: each needs about 160 MB decoded. With a budget
    for one at a time the process's peak stays near one image's; all at once it would be four."""
    paths = []
    for number in range(4):
        path = tmp_path / f"scan{number}.png"
        Image.new("I;16", (4000, 4000), 1000 * (number + 1)).save(path, compress_level=1)
        paths.append(str(path))
    script = textwrap.dedent(f"""
        from pathlib import Path
        from gwsite.imaging import process as images
        images.DECODE_BUDGET = 250_000_000
        cache = images.ImageCache(Path({str(tmp_path / "cache")!r}))
        outcomes = images.process_all([Path(p) for p in {paths!r}], cache, workers=4)
        assert all(o.processed is not None for o in outcomes.values()), outcomes
        status = Path("/proc/self/status").read_text().splitlines()
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) // 1024)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 330  # one image at a time: about 200 MB; four at once: 600 MB
