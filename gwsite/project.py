"""What `mkdocs.yml` says of a gwsite project, read the same way by the build and by `gwsite check`:
the site's options, the photo settings, the files the owner names and the files MkDocs leaves out.

No plugin code here: `gwsite check` reads a project without installing anything into MkDocs."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import File, set_exclusions

from .config import GwsiteConfig, ImagesConfig
from .content.story import SiteOptions
from .imaging import uses
from .imaging.records import ImageSettings


def site_options(config: GwsiteConfig) -> SiteOptions:
    return SiteOptions(
        categories=config.categories,
        timezone=config.timezone,
        news_dir=config.news_dir.strip("/"),
        data_dir=config.data_dir.strip("/"),
    )


def image_settings(config: ImagesConfig) -> ImageSettings:
    """The `images:` options, checked: a wrong value is a Chinese configuration error."""
    widths = tuple(sorted(set(config.widths)))
    if not widths or any(not 16 <= width <= 8000 for width in widths):
        raise ConfigurationError(f"gwsite 的 images: widths 应为 16 到 8000 之间的宽度（像素）列表，"
                                 f"如 [480, 960, 1600]，不是 {config.widths}")
    for name in ("jpeg_quality", "webp_quality"):
        if not 1 <= config[name] <= 100:
            raise ConfigurationError(f"gwsite 的 images: {name} 应为 1 到 100 之间的整数，不是 {config[name]}")
    for name in ("max_megabytes", "max_megapixels"):
        if config[name] <= 0:
            raise ConfigurationError(f"gwsite 的 images: {name} 应为正数，不是 {config[name]}")
    return ImageSettings(widths, config.jpeg_quality, config.webp_quality, config.max_megabytes, config.max_megapixels)


def owner_files(config: MkDocsConfig, static_files: list[str]) -> frozenset[str]:
    """Files in docs_dir that `mkdocs.yml` itself names: the site owner's, not a correspondent's, so
    published as they are whatever their type (`extra_css`, `extra_javascript`, the theme's `logo`
    and `favicon`, and gwsite's `static_files`, e.g. robots.txt)."""
    names: list[Any] = [*config.extra_css, *(getattr(script, "path", script) for script in config.extra_javascript),
                        config.theme.get("logo"), config.theme.get("favicon"), *static_files]
    owned = set()
    for name in names:
        if isinstance(name, str) and name and "://" not in name and not name.startswith("//"):
            owned.add(posixpath.normpath(name.lstrip("/")))
    return frozenset(owned)


def excluded_docs(config: MkDocsConfig) -> Callable[[str], bool]:
    """MkDocs' own test of the files in docs_dir it leaves out of a build (dot-files, `/templates/`,
    `exclude_docs`, `draft_docs`), so that gwsite judges exactly the files MkDocs would publish."""
    def excluded(src: str) -> bool:
        file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
        set_exclusions([file], config)
        return not file.inclusion.is_included()
    return excluded


def named_images(config: MkDocsConfig) -> list[str]:
    """What mkdocs.yml could name a photo of the docs folder with, published at its own path: the
    logo, the favicon, `extra:`."""
    return [value for value in (config.theme.get("logo"), config.theme.get("favicon"), *uses.strings(config.extra))
            if isinstance(value, str)]


def banner_images(settings: GwsiteConfig) -> list[str]:
    """The banners of gwsite's `topics:`: shown through their renditions only."""
    return [topic.banner for topic in settings.topics]


def project_root(config: MkDocsConfig) -> Path:
    """The folder of `mkdocs.yml` (else the folder above docs_dir): where `.cache/` and the build lock live."""
    return Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent


def cache_folder(config: MkDocsConfig) -> Path:
    """`.cache/gwsite/` beside `mkdocs.yml`, like Material's own caches."""
    return project_root(config) / ".cache" / "gwsite"


IMAGE_CACHE_VARIABLE = "GWSITE_IMAGES_CACHE_DIR"


def image_cache_folder(config: MkDocsConfig, images: ImagesConfig,
                       environ: Mapping[str, str] = os.environ) -> Path:
    """Where processed photos are kept: `GWSITE_IMAGES_CACHE_DIR` when set (a deploy pipeline points
    it at the folder it keeps between runs), else `images: cache_dir`, else `.cache/gwsite/images/`
    beside mkdocs.yml. Relative to mkdocs.yml's folder; a Chinese configuration error when it lies
    where MkDocs reads or writes the site, or is not a folder."""
    root = project_root(config)
    value = environ.get(IMAGE_CACHE_VARIABLE, "").strip()
    if value:
        name = f"环境变量 {IMAGE_CACHE_VARIABLE}"
        if any(ch in value for ch in "\n\r\x00"):
            raise ConfigurationError(f"{name} 应为一行文件夹路径，不能含换行或控制字符")
    else:
        value, name = images.cache_dir or "", "gwsite 的 images: cache_dir"
    if not value:
        return root / ".cache" / "gwsite" / "images"
    folder = Path(os.path.abspath(root / os.path.expanduser(value)))
    for what, other in (("docs_dir", config.docs_dir), ("site_dir", config.site_dir)):
        other = Path(os.path.abspath(other))
        if folder == other or other in folder.parents:
            raise ConfigurationError(f"{name} 指向的 {folder} 在 {what}（{other}）之中：缓存会被当作网站文件"
                                     f"发布或被构建清除，请换一个文件夹，如 .cache/gwsite/images")
        if folder in other.parents:
            raise ConfigurationError(f"{name} 指向的 {folder} 包含了 {what}（{other}），请换一个单独的文件夹，"
                                     f"如 .cache/gwsite/images")
    if folder == root or folder in root.parents:
        raise ConfigurationError(f"{name} 指向的 {folder} 是网站所在的文件夹或其上级，请换一个单独的文件夹，"
                                 f"如 .cache/gwsite/images")
    if folder.exists() and not folder.is_dir():
        raise ConfigurationError(f"{name} 指向的 {folder} 不是文件夹")
    return folder
