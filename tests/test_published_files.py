"""What the site publishes from content/ besides pages: photos through the pipeline, documents
as downloads, and the files mkdocs.yml names; anything else stops the build before site/ changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, build_in_process, run_mkdocs_build
from hostile import ALLOWED, SVG

SCRIPT = b"<script>alert('GWXSS')</script>"
REFUSED = {  # beside the photos, each with the message naming it
    "images/page.html": f"网站不发布这种类型的文件（.html）：{ALLOWED}；请删除，或把照片放在 content/images/ 中",
    "images/logo.svg": "SVG 图片可以带有脚本，网站不发布；请另存为 .png 或 .jpg 照片，放在 content/images/ 中",
    "images/a.js": f"网站不发布这种类型的文件（.js）：{ALLOWED}；请删除，或把照片放在 content/images/ 中",
    "images/style.css": f"网站不发布这种类型的文件（.css）：{ALLOWED}；请删除，或把照片放在 content/images/ 中",
    "about.htm": f"网站不发布这种类型的文件（.htm）：{ALLOWED}；请删除，或把照片放在 content/images/ 中",
    "robots.txt": f"网站不发布这种类型的文件（.txt）：{ALLOWED}；请删除这个文件",
    "guide.markdown": "稿件和页面的文件名须以 .md（小写）结尾，这个文件不会发布；请改名为 guide.md",
}


def site_with(root: Path, files: dict[str, bytes], config: str = "") -> Path:
    site = root / "site-src"
    shutil.copytree(FIXTURES / "basic", site)
    for name, data in files.items():
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_bytes(data)
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8") + config, encoding="utf-8")
    return site


def test_files_of_other_types_stop_check_and_build_each_named_and_the_site_is_left_as_it_was(tmp_path, gwsite):
    site = site_with(tmp_path, {})
    assert run_mkdocs_build(site).returncode == 0
    before = {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    for name in REFUSED:
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_bytes(SVG if name.endswith(".svg") else SCRIPT)
    expected = [f"content/{name}:1: 文件: {message}" for name, message in sorted(REFUSED.items())]

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site, strict=False)

    assert checked.exit_code == 1
    assert checked.output.splitlines()[:-1] == expected
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert [line.split("gwsite: ", 1)[1] for line in built.stderr.splitlines() if " 文件: " in line] == expected
    assert {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()} == before


def test_documents_and_the_files_mkdocs_yml_names_are_published_as_they_are(tmp_path, gwsite):
    files = {
        "files/2024年工作要点.pdf": b"%PDF-1.4\n",
        "files/名单.xlsx": b"PK\x03\x04",
        "guide/通知.docx": b"PK\x03\x04",
        "css/extra.css": b"p { color: red; }\n",
        "js/extra.js": b"console.log(1);\n",
        "robots.txt": b"User-agent: *\n",
        "templates/page.html": SCRIPT,  # MkDocs itself never publishes docs_dir/templates/
        ".well-known/x.html": SCRIPT,  # nor dot-folders
    }
    site = site_with(tmp_path, files, "extra_css: [css/extra.css]\nextra_javascript: [js/extra.js]\n")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gwsite\n", "  - gwsite:\n      static_files: [robots.txt]\n"), encoding="utf-8")

    checked = gwsite(site, "check")
    built = run_mkdocs_build(site)

    assert checked.exit_code == 0, checked.output
    assert built.returncode == 0, built.stderr
    for name, data in files.items():
        published = site / "site" / name
        if name.startswith(("templates/", ".well-known/")):
            assert not published.exists()
        else:
            assert published.read_bytes() == data


def test_a_photo_without_a_processed_outcome_is_never_copied_as_it_is(tmp_path, monkeypatch):
    # Photos no story uses may be left undecoded: such a file must then not reach the site raw.
    from gwsite.imaging import uses as photos

    site = site_with(tmp_path, {"images/unused.jpg": b"<html>" + SCRIPT, "images/unused.PNG": SCRIPT})
    monkeypatch.setattr(photos, "image_files", lambda docs_dir, data_dir: [])

    config = build_in_process(site)

    assert Path(config.site_dir, "index.html").is_file()
    assert not (site / "site/images").exists()


def test_the_themes_own_files_and_custom_dir_are_published_untouched(tmp_path):
    # Theme files are the site owner's, not content: Material's assets and custom_dir's, whatever their type.
    site = site_with(tmp_path, {})
    overrides = site / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets/own.js").write_bytes(b"console.log('own');\n")
    (overrides / "assets/own.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    (overrides / "assets/own.png").write_bytes(b"not decoded: the theme's own file")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n",
                                                                 "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")

    assert run_mkdocs_build(site).returncode == 0
    built = site / "site"
    assert list(built.glob("assets/javascripts/bundle.*.min.js")) and list(built.glob("assets/stylesheets/main.*.min.css"))
    # Material's favicon gives way to gwsite's when the site names none (see adapter.drop_unused_material_files).
    assert (built / "assets/gwsite/favicon.png").is_file() and not (built / "assets/images/favicon.png").exists()
    for name in ("own.js", "own.svg", "own.png"):
        assert (built / "assets" / name).read_bytes() == (overrides / "assets" / name).read_bytes()
