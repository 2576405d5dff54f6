"""Plugin pieces without a build: the project's options from mkdocs.yml, the log filters that exist
only while a build runs, a story's text remembered across `mkdocs serve` rebuilds."""

from __future__ import annotations

import logging
import os
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import ConfigurationError

from gwsite.plugin import adapter
from gwsite.plugin.checking import check_site_texts
from gwsite.plugin.state import Session
from gwsite.project import image_settings, owner_files


def images(**changed):
    values = {"widths": [960, 480, 960], "jpeg_quality": 82, "webp_quality": 80, "max_megabytes": 30,
              "max_megapixels": 120, **changed}
    return _Options(values)


class _Options(dict):
    """The `images:` sub-config as MkDocs gives it: keys and attributes."""

    __getattr__ = dict.__getitem__


def test_image_settings_are_sorted_without_repeats():
    assert image_settings(images()).widths == (480, 960)


@pytest.mark.parametrize("changed, message", [
    ({"widths": [8]}, "gwsite 的 images: widths 应为 16 到 8000 之间的宽度（像素）列表，如 [480, 960, 1600]，不是 [8]"),
    ({"widths": []}, "gwsite 的 images: widths 应为 16 到 8000 之间的宽度（像素）列表，如 [480, 960, 1600]，不是 []"),
    ({"jpeg_quality": 0}, "gwsite 的 images: jpeg_quality 应为 1 到 100 之间的整数，不是 0"),
    ({"webp_quality": 101}, "gwsite 的 images: webp_quality 应为 1 到 100 之间的整数，不是 101"),
    ({"max_megabytes": 0}, "gwsite 的 images: max_megabytes 应为正数，不是 0"),
], ids=["width-too-small", "no-widths", "jpeg-quality", "webp-quality", "megabytes"])
def test_wrong_image_settings_are_a_chinese_configuration_error(changed, message):
    with pytest.raises(ConfigurationError) as raised:
        image_settings(images(**changed))
    assert str(raised.value) == message


def test_owner_files_are_the_local_files_mkdocs_yml_names():
    config = SimpleNamespace(
        extra_css=["css/site.css", "https://cdn.example.cn/a.css"],
        extra_javascript=[SimpleNamespace(path="/js/site.js"), "//cdn.example.cn/b.js"],
        theme={"logo": "images/logo.png", "favicon": None},
    )
    assert owner_files(config, ["robots.txt", "./a/../CNAME"]) == {
        "css/site.css", "js/site.js", "images/logo.png", "robots.txt", "CNAME"}


@pytest.fixture
def build_log(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.commands.build")
    adapter.install_log_filters()
    yield logging.getLogger("mkdocs.commands.build")
    adapter.remove_log_filters()
    adapter.STAGED.paths = None


def test_a_page_placed_from_the_cache_is_not_said_to_be_skipped(build_log, caplog):
    adapter.PLACED.pages.add("news/2024/a.md")
    build_log.info("Page skipped: 'news/2024/a.md'. Generated empty output.")
    build_log.info("Page skipped: 'news/2024/b.md'. Generated empty output.")
    assert caplog.messages == ["Page skipped: 'news/2024/b.md'. Generated empty output."]


def test_the_build_names_the_site_folder_not_the_staging_one(build_log, caplog):
    adapter.STAGED.paths = ("/srv/portal/.cache/gwsite/staging", "/srv/portal/site")
    build_log.info("Building documentation to directory: /srv/portal/.cache/gwsite/staging")
    assert caplog.messages == ["Building documentation to directory: /srv/portal/site"]


def test_the_filters_go_when_the_build_ends(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.commands.build")
    adapter.install_log_filters()
    adapter.remove_log_filters()
    adapter.PLACED.pages.add("news/2024/c.md")
    logging.getLogger("mkdocs.commands.build").info("Page skipped: 'news/2024/c.md'. Generated empty output.")
    assert caplog.messages == ["Page skipped: 'news/2024/c.md'. Generated empty output."]
    assert logging.getLogger("mkdocs.commands.build").filters == []


def test_a_story_text_is_read_again_only_when_its_file_changed(tmp_path):
    session, story = Session(), tmp_path / "a.md"
    story.write_text("\ufeff第一稿\x07。", encoding="utf-8")
    assert session.story_text(story) == "第一稿。"  # as MkDocs will read it: no BOM, no control characters
    story.write_text("第二稿，更长一些。", encoding="utf-8")
    assert session.story_text(story) == "第二稿，更长一些。"
    second = os.stat(story)
    story.write_text("第三稿，一样长的。", encoding="utf-8")  # the same size…
    os.utime(story, ns=(second.st_atime_ns, second.st_mtime_ns))  # …and time: remembered, not read
    assert session.story_text(story) == "第二稿，更长一些。"
    story.unlink()
    assert session.story_text(story) is None


COPYRIGHT_FORM = ("mkdocs.yml 中的 copyright 只能含文字、<br>、<strong> 等强调和指向本站页面或 http(s) 网址的链接 "
                  "<a href=\"https://…\">，不能含 ")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("site_name", "青州</title><script>alert(1)</script>", "mkdocs.yml 中的 site_name 应为纯文字，不能含 < > \" 和看不见的控制字符"
     "（主题会把它原样写进每个页面的代码），不是 “青州</title><script>alert(1)</script>”"),
    ("site_description", '门户" onload="alert(1)', "mkdocs.yml 中的 site_description 应为纯文字"),
    ("site_author", "办公室\x01", "mkdocs.yml 中的 site_author 应为纯文字"),
    ("copyright", "版权 <img src=x onerror=alert(1)>", COPYRIGHT_FORM + "<img src=x onerror=alert(1)>"),
    ("copyright", '<a href="javascript:alert(1)">办公室</a>', COPYRIGHT_FORM + '<a href="javascript:alert(1)">'),
    ("copyright", '<a href="https://a.example.cn/" onclick="alert(1)">办公室</a>',
     COPYRIGHT_FORM + '<a href="https://a.example.cn/" onclick="alert(1)">'),
    ("copyright", "办公室</div></footer>", COPYRIGHT_FORM + "</div>"),
    ("copyright", "办公室 <!-- 注释", COPYRIGHT_FORM + "<!-- 注释"),
], ids=["name-script", "description-quote", "author-control", "copyright-img", "copyright-javascript",
        "copyright-handler", "copyright-closes-the-footer", "copyright-comment"])
def test_site_texts_the_theme_writes_unescaped_are_checked(key, value, message):
    config = {"site_name": "青州市关工委", key: value}
    with pytest.raises(ConfigurationError) as refused:
        check_site_texts(config)
    assert message in str(refused.value)


def test_plain_site_texts_and_a_copyright_with_links_are_kept():
    check_site_texts({"site_name": "青州市关心下一代工作委员会 & 办公室", "site_description": "新闻宣传门户",
                      "copyright": 'Copyright &copy; 2024 <a href="https://www.example.cn/" title="官网">青州市关工委</a>'
                                   "<br><strong>办公室</strong> 版权所有"})


@pytest.mark.parametrize(("font", "named"), [
    ({"text": "Roboto", "code": "Roboto Mono"}, None),  # Material's default: the site said nothing
    (False, None),
    ({"text": "Noto Sans SC"}, {"text": "Noto Sans SC"}),
], ids=["material-default", "off", "named"])
def test_material_s_google_fonts_are_always_off(font, named):
    config = SimpleNamespace(theme={"font": font})
    assert adapter.no_web_fonts(config) == named
    assert config.theme["font"] is False
