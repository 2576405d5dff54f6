"""The plugin's options in `mkdocs.yml`, checked before the build starts."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .content.story import DEFAULT_CATEGORIES, Category
from .ranking.report import COMMEND_RULES, DEFAULT_CLOSING, DEFAULT_RECIPIENTS, DEFAULT_TITLE, ReportSettings

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Categories(base.BaseConfigOption[tuple[Category, ...]]):
    """The news categories, each `{id: ascii-id, name: 中文名称}`, in display order."""

    def __init__(self) -> None:
        super().__init__()
        self.default = [{"id": cat.id, "name": cat.name} for cat in DEFAULT_CATEGORIES]

    def run_validation(self, value: object) -> tuple[Category, ...]:
        if isinstance(value, tuple) and all(isinstance(v, Category) for v in value):
            return value
        if not isinstance(value, list) or not value:
            raise ValidationError("categories 应为栏目列表，每项写成 {id: 英文网址名, name: 中文名称}")
        categories: list[Category] = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"id", "name"}:
                raise ValidationError(f"栏目 {item!r} 应写成 {{id: 英文网址名, name: 中文名称}}")
            cat_id, name = item["id"], item["name"]
            if not isinstance(cat_id, str) or not _ID.match(cat_id):
                raise ValidationError(f"栏目 id“{cat_id}”应为小写英文字母、数字或连字符（用于网址）")
            if cat_id == "page" or re.fullmatch(r"\d+", cat_id):
                raise ValidationError(f"栏目 id“{cat_id}”与新闻列表的分页或年份网址冲突，请换一个")
            if not isinstance(name, str) or not name.strip():
                raise ValidationError(f"栏目“{cat_id}”缺少中文名称")
            if any(cat_id == other.id or name.strip() == other.name for other in categories):
                raise ValidationError(f"栏目“{cat_id}”（{name}）重复")
            categories.append(Category(cat_id, name.strip()))
        return tuple(categories)


class TimeZone(base.BaseConfigOption[ZoneInfo]):
    """An IANA time zone name; dates without an offset are read in it."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> ZoneInfo:
        if isinstance(value, ZoneInfo):
            return value
        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"未知的时区“{value}”，应为 Asia/Shanghai 这样的时区名") from None


class QuickLinks(base.BaseConfigOption[tuple[tuple[str, str], ...]]):
    """Extra links on the home page, each `标题: 地址`; the address is a page in `docs_dir`
    (guide/submit.md), a path in the site (news/) or a web address."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> tuple[tuple[str, str], ...]:
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list):
            raise ValidationError("links 应为链接列表，每项写成“标题: 地址”，如 - 投稿指南: guide/submit.md")
        links = []
        for item in value:
            if not (isinstance(item, dict) and len(item) == 1):
                raise ValidationError(f"链接 {item!r} 应写成“标题: 地址”，如 - 投稿指南: guide/submit.md")
            (title, target), = item.items()
            if not isinstance(title, str) or not title.strip() or not isinstance(target, str) or not target.strip():
                raise ValidationError(f"链接 {item!r} 的标题和地址都不能为空")
            links.append((title.strip(), target.strip()))
        return tuple(links)


_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
# Players of the video sites Chinese news units publish on; a site can name others, or none.
DEFAULT_VIDEO_HOSTS = ("player.bilibili.com", "v.qq.com", "player.youku.com")


class VideoHosts(base.BaseConfigOption[frozenset[str]]):
    """The host names whose players a story may embed with `<iframe>`; every other iframe is removed."""

    def __init__(self) -> None:
        super().__init__()
        self.default = list(DEFAULT_VIDEO_HOSTS)

    def run_validation(self, value: object) -> frozenset[str]:
        if isinstance(value, frozenset):
            return value
        if not isinstance(value, list):
            raise ValidationError("video_hosts 应为视频网站播放器的域名列表，如 [player.bilibili.com]；不允许嵌入视频时写 []")
        hosts = set()
        for item in value:
            host = item.strip().lower() if isinstance(item, str) else ""
            if not _HOST.match(host):
                raise ValidationError(f"video_hosts 中的“{item}”应为域名，如 player.bilibili.com（不写 https:// 和路径）")
            hosts.add(host)
        return frozenset(hosts)


class FeedsConfig(base.Config):
    """RSS and Atom feeds: how many stories, full text or summaries, which pairs to write."""

    enabled = c.Type(bool, default=True)
    items = c.Type(int, default=50)
    content = c.Choice(("full", "summary"), default="full")
    site = c.Type(bool, default=True)
    categories = c.Type(bool, default=True)
    units = c.Type(bool, default=True)


class ImagesConfig(base.Config):
    """Photos: the widths of the renditions, the JPEG and WebP quality, the limits on what is accepted."""

    widths = c.ListOfItems(c.Type(int), default=[480, 960, 1600])
    jpeg_quality = c.Type(int, default=82)
    webp_quality = c.Type(int, default=80)
    max_megabytes = c.Type((int, float), default=30)
    max_megapixels = c.Type((int, float), default=120)


class ReportConfig(base.Config):
    """`gwsite report`'s 宣传工作通报: who issues it, to whom, and whom it commends."""

    issuer = c.Optional(c.Type(str))  # 发文机关; default: the site's name (site_name)
    title = c.Type(str, default=DEFAULT_TITLE)  # {period} becomes 2025年度, 2025年第一季度, …; \n breaks the line
    recipients = c.Type(str, default=DEFAULT_RECIPIENTS)  # 主送
    commend = c.Choice(COMMEND_RULES, default="top")  # 先进集体: each group's top N, or every unit that met its target
    commend_top = c.Type(int, default=3)
    correspondents_top = c.Type(int, default=10)  # 优秀通讯员: the first N
    signature = c.Optional(c.Type(str))  # 落款; default: the issuer
    date = c.Optional(c.Type(dt.date))  # 成文日期; default: an issued period's issue date, else today
    closing = c.Type(str, default=DEFAULT_CLOSING)  # the body's last paragraph; "" for none

    def validate(self):
        failed, warnings = super().validate()
        for name in ("commend_top", "correspondents_top"):
            if not failed and not 1 <= self[name] <= 1000:
                failed.append((name, ValidationError(f"report 的 {name} 应为 1 到 1000 之间的整数，不是 {self[name]}")))
        return failed, warnings

    def settings(self, site_name: str) -> ReportSettings:
        issuer = (self.issuer or "").strip() or site_name
        title = "\n".join(line.strip() for line in self.title.strip().splitlines() if line.strip())
        return ReportSettings(issuer=issuer, title=title or DEFAULT_TITLE,
                              recipients=self.recipients.strip(), commend=self.commend, commend_top=self.commend_top,
                              correspondents_top=self.correspondents_top,
                              signature=(self.signature or "").strip() or issuer, date=self.date,
                              closing=self.closing.strip())


class GwsiteConfig(base.Config):
    # false: every hook returns at once, and the site builds as plain MkDocs and its theme
    enabled = c.Type(bool, default=True)
    categories = Categories()
    timezone = TimeZone("Asia/Shanghai")
    news_dir = c.Type(str, default="news")
    data_dir = c.Type(str, default="_data")
    search = c.Type(bool, default=True)  # site search with Pagefind
    cache = c.Type(bool, default=True)  # keep rendered pages in .cache/gwsite/pages/ between builds
    lock_timeout = c.Type((int, float), default=600)  # seconds to wait for another build of the project
    links = QuickLinks()
    # Files in docs_dir the site's owner publishes as they are, whatever their type (robots.txt).
    static_files = c.ListOfItems(c.Type(str), default=[])
    video_hosts = VideoHosts()
    feeds = c.SubConfig(FeedsConfig, validate=True)
    images = c.SubConfig(ImagesConfig, validate=True)
    report = c.SubConfig(ReportConfig, validate=True)
