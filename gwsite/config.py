"""The plugin's options in `mkdocs.yml`, checked before the build starts."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .content.story import DEFAULT_CATEGORIES, Category
from .content.weburl import web_address
from .ranking.report import COMMEND_RULES, DEFAULT_CLOSING, DEFAULT_RECIPIENTS, DEFAULT_TITLE, ReportSettings
from .views.topics import Topic

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
            links.append((title.strip(), site_link(target, f"links 中“{title.strip()}”")))
        return tuple(links)


# Where a site path or address is resolved to see where a browser would go: a host other than this
# one is another site ("//evil.example/", "\\evil.example", "/\\evil.example" all leave it).
_HERE = "https://site.invalid/"
_SITE_PATH_FORM = "docs_dir 中的页面（如 about.md）、网站内的路径（如 news/）或 http:// 或 https:// 开头的网址"


def _site_address(text: str) -> object | None:
    """`text` as a browser on this site reads it, or None when it has spaces, quotes, angle brackets
    or control characters (which no address needs, and which the theme's templates would write
    into an attribute as they are)."""
    if not text or _CONTROL.search(text) or any(ch.isspace() or ch in "\"'<>`" for ch in text):
        return None
    return web_address(text, _HERE)


def site_link(value: object, where: str) -> str:
    """A link the theme shows: a page of docs_dir, a path in the site, or an http(s) address; never
    another scheme (javascript:, data:, mailto:) or an address a browser reads otherwise than it looks."""
    text = value.strip() if isinstance(value, str) else ""
    url = _site_address(text)
    here = url is not None and url.hostname == "site.invalid"
    # Written as an address, it must name another host; written as a path, it must stay on this site.
    if url is None or url.protocol not in ("http:", "https:") or here == (web_address(text) is not None):
        raise ValidationError(f"{where}的地址应为 {_SITE_PATH_FORM}，不是 {_shown(value)}")
    return text


def site_file(value: object, where: str, example: str) -> str:
    """A file the theme makes every page load (logo, favicon): a path in the site, never another
    site's address, since a reader's browser must not reach a third-party host."""
    text = value.strip() if isinstance(value, str) else ""
    url = _site_address(text)
    if url is None or web_address(text) is not None or url.hostname != "site.invalid":
        raise ValidationError(f"{where}应为网站中的文件（docs_dir 或 custom_dir 中的路径，如 {example}），"
                              f"不能是其他网站的地址，不是 {_shown(value)}")
    return text


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


class CacheFolder(c.OptionallyRequired[str]):
    """`images: cache_dir`: the folder of processed photos, relative to mkdocs.yml's folder or
    absolute; `~` is the user's home. Where it may not lie (in docs_dir or site_dir) is checked
    with the rest of the site's settings (`project.image_cache_folder`)."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"images 的 cache_dir 应为存放处理后图片的文件夹，如 .cache/gwsite/images"
                                  f"（相对 mkdocs.yml 所在文件夹，或写绝对路径），不是 {_shown(value)}")
        if _CONTROL.search(value) or "\n" in value or "\r" in value:
            raise ValidationError("images 的 cache_dir 应为一行文件夹路径，不能含换行或看不见的控制字符")
        return value.strip()


class ImagesConfig(base.Config):
    """Photos: the widths of the renditions, the JPEG and WebP quality, the limits on what is accepted,
    and the folder their renditions are kept in between builds."""

    widths = c.ListOfItems(c.Type(int), default=[480, 960, 1600])
    jpeg_quality = c.Type(int, default=82)
    webp_quality = c.Type(int, default=80)
    max_megabytes = c.Type((int, float), default=30)
    max_megapixels = c.Type((int, float), default=120)
    # default .cache/gwsite/images beside mkdocs.yml; the GWSITE_IMAGES_CACHE_DIR variable overrides it
    cache_dir = c.Optional(CacheFolder())


# Invisible control characters (tab and line ends aside): a document cannot hold them, and in
# mkdocs.yml they are only ever an escape written by mistake ("\x01" in quotes).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _shown(value: object) -> str:
    """A wrong value as the message quotes it: text in quotes, anything else as written in YAML."""
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ReportText(c.OptionallyRequired[str]):
    """A text of the 通报: a string without invisible control characters."""

    def __init__(self, name: str, default: str | None = None, example: str = "") -> None:
        super().__init__(default=default)
        self.name = name  # the option's own name, also when wrapped in c.Optional
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"report 的 {self.name} 应为文字{self.example}，不是 {_shown(value)}")
        found = _CONTROL.search(value)
        if found:
            raise ValidationError(f"report 的 {self.name} 含有看不见的控制字符 {found.group()!r}（写成了转义符），请删去")
        return value


class ReportCount(c.OptionallyRequired[int]):
    """A number of places (名额): a whole number from 1 to 1000."""

    def __init__(self, default: int) -> None:
        super().__init__(default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
            raise ValidationError(f"report 的 {self._name} 应为 1 到 1000 之间的整数，不是 {_shown(value)}")
        return value


class ReportDate(c.OptionallyRequired[dt.date]):
    """成文日期: a date, written 2025-12-31 (quoted or not)."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise ValidationError(f"report 的 date 应为成文日期，如 2025-12-31（不带时刻），不是 {_shown(value)}")


class ReportChoice(c.OptionallyRequired[str]):
    """先进集体's rule: one of `COMMEND_RULES`."""

    def __init__(self, default: str) -> None:
        super().__init__(default=default)

    def run_validation(self, value: object) -> str:
        if value not in COMMEND_RULES:
            raise ValidationError(f"report 的 {self._name} 应为 top（各组得分前 commend_top 名）或 met_target"
                                  f"（完成年度宣传任务的单位），不是 {_shown(value)}")
        return value


class ReportConfig(base.Config):
    """`gwsite report`'s 宣传工作通报: who issues it, to whom, and whom it commends. Every option
    says in Chinese what it expects."""

    issuer = c.Optional(ReportText("issuer", example="（发文机关）"))  # 发文机关; default: the site's name (site_name)
    title = ReportText("title", DEFAULT_TITLE, "（通报标题）")  # {period} becomes 2025年度, 2025年第一季度, …; \n breaks the line
    recipients = ReportText("recipients", DEFAULT_RECIPIENTS, "（主送机关）")  # 主送
    commend = ReportChoice("top")  # 先进集体: each group's top N, or every unit that met its target
    commend_top = ReportCount(3)
    correspondents_top = ReportCount(10)  # 优秀通讯员: the first N
    signature = c.Optional(ReportText("signature", example="（落款）"))  # 落款; default: the issuer
    date = c.Optional(ReportDate())  # 成文日期; default: an issued period's issue date, else today
    closing = ReportText("closing", DEFAULT_CLOSING, "（正文最后一段）")  # the body's last paragraph; "" for none

    def settings(self, site_name: str) -> ReportSettings:
        issuer = (self.issuer or "").strip() or site_name
        title = "\n".join(line.strip() for line in self.title.strip().splitlines() if line.strip())
        return ReportSettings(issuer=issuer, title=title or DEFAULT_TITLE,
                              recipients=self.recipients.strip(), commend=self.commend, commend_top=self.commend_top,
                              correspondents_top=self.correspondents_top,
                              signature=(self.signature or "").strip() or issuer, date=self.date,
                              closing=self.closing.strip())


_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_TOPIC_KEYS = {"id", "title", "banner", "description", "tag", "stories"}
_TOPIC_FORM = "{id: 英文网址名, title: 专题名称, banner: 横幅图片, tag: 标签}（或以 stories: [稿件文件, …] 代替 tag）"


def _one_line(value: object, where: str, what: str) -> str:
    """A short text of the portal's options: a string on one line, without control characters."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}应为{what}，不是 {_shown(value)}")
    if _CONTROL.search(value) or "\n" in value.strip() or "\r" in value:
        raise ValidationError(f"{where}应为一行文字，不能含换行或看不见的控制字符")
    return value.strip()


class Topics(base.BaseConfigOption[tuple[Topic, ...]]):
    """专题专栏: each `{id, title, banner, description?, tag | stories}`, in display order. The
    banner and the story files are checked against docs_dir when the build reads the site."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> tuple[Topic, ...]:
        if isinstance(value, tuple) and all(isinstance(v, Topic) for v in value):
            return value
        if not isinstance(value, list):
            raise ValidationError(f"topics 应为专题列表，每项写成 {_TOPIC_FORM}")
        topics: list[Topic] = []
        for item in value:
            if not isinstance(item, dict):
                raise ValidationError(f"topics 中的{_shown(item)}应写成 {_TOPIC_FORM}")
            topic_id = item.get("id")
            if not isinstance(topic_id, str) or not _ID.match(topic_id) or topic_id == "page":
                raise ValidationError(f"topics 中专题的 id{_shown(topic_id)}应为小写英文字母、数字或连字符（用于网址 topics/<id>/）")
            name = f"topics 中的专题“{topic_id}”"
            unknown = sorted(set(item) - _TOPIC_KEYS)
            if unknown:
                raise ValidationError(f"{name}有未知的项 {'、'.join(map(str, unknown))}；可写 {_TOPIC_FORM}，另可加 description: 简介")
            if any(topic_id == other.id for other in topics):
                raise ValidationError(f"{name}重复，每个专题的 id 应不同")
            title = _one_line(item.get("title"), f"{name}的 title ", "专题名称")
            banner = _one_line(item.get("banner"), f"{name}的 banner ", "docs_dir 中的横幅图片，如 images/topics/xuanjiang.jpg")
            if "://" in banner or banner.startswith("//") or not banner.lower().endswith(_IMAGE_SUFFIXES):
                raise ValidationError(f"{name}的 banner 应为 docs_dir 中的图片文件（.jpg、.png 或 .webp），"
                                      f"如 images/topics/xuanjiang.jpg，不是 {_shown(banner)}")
            description = ""
            if "description" in item:
                description = _one_line(item["description"], f"{name}的 description ", "一句简介")
            has_tag, has_stories = "tag" in item, "stories" in item
            if has_tag == has_stories:
                raise ValidationError(f"{name}应写 tag（一个标签，收录带这个标签的稿件）或 stories（稿件文件列表），二者选一")
            tag, stories = None, ()
            if has_tag:
                # As a story's tags are read (content.fields.tags_of): runs of spaces, full-width ones too, as one.
                tag = " ".join(_one_line(item["tag"], f"{name}的 tag ", "一个标签，如 五老宣讲").split())
            else:
                files = item["stories"]
                if not isinstance(files, list) or not files:
                    raise ValidationError(f"{name}的 stories 应为稿件文件列表（docs_dir 中的路径），如 [news/2025/2025-03-05-a.md]")
                paths = []
                for path in files:
                    if not isinstance(path, str) or not path.strip().endswith(".md") or "://" in path:
                        raise ValidationError(f"{name}的 stories 中的{_shown(path)}应为 docs_dir 中的稿件文件，"
                                              "如 news/2025/2025-03-05-a.md")
                    paths.append(posixpath.normpath(path.strip().lstrip("/")))
                stories = tuple(dict.fromkeys(paths))
            topics.append(Topic(topic_id, title, posixpath.normpath(banner.lstrip("/")), description, tag, stories))
        return tuple(topics)


def web_link(value: object, where: str) -> str:
    """An http or https address with a host, as browsers read it: `where` names the option in the message."""
    text = value.strip() if isinstance(value, str) else ""
    url = web_address(text) if text and not _CONTROL.search(text) and not any(ch.isspace() for ch in text) else None
    if url is None or url.protocol not in ("http:", "https:") or not url.hostname:
        raise ValidationError(f"{where}的地址应为 http:// 或 https:// 开头的网址，如 https://www.example.gov.cn/，不是 {_shown(value)}")
    return text


class FriendLinks(base.BaseConfigOption[tuple[tuple[str, str], ...]]):
    """友情链接 on the home page, each `标题: https://…`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> tuple[tuple[str, str], ...]:
        if isinstance(value, tuple):
            return value
        form = "每项写成“标题: 网址”，如 - 中国关心下一代工作委员会: https://www.example.gov.cn/"
        if not isinstance(value, list):
            raise ValidationError(f"friend_links 应为链接列表，{form}")
        links = []
        for item in value:
            if not (isinstance(item, dict) and len(item) == 1):
                raise ValidationError(f"friend_links 中的{_shown(item)}应{form}")
            (title, target), = item.items()
            title = _one_line(title, "friend_links 中链接的标题", "文字")
            links.append((title, web_link(target, f"friend_links 中“{title}”")))
        return tuple(links)


class NoticesCategory(c.OptionallyRequired[str]):
    """The id of the category the home page shows as 通知公告; checked against `categories`."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"notices 应为 categories 中某个栏目的 id，如 notices，不是 {_shown(value)}")
        return value.strip()

    def post_validation(self, config: base.Config, key_name: str) -> None:
        ids = [cat.id for cat in config["categories"]]
        if config[key_name] is not None and config[key_name] not in ids:
            raise ValidationError(f"notices 应为 categories 中某个栏目的 id（{'、'.join(ids)}），不是 {_shown(config[key_name])}")


_ICP = re.compile(r"^[\u4e00-\u9fff]ICP备\d{4,12}号(-\d{1,4})?$")
_POLICE = re.compile(r"^[\u4e00-\u9fff]公网安备\s?(\d{14})号$")


class FooterText(c.OptionallyRequired[str]):
    """A line of the institutional footer: text on one line; `pattern`, when given, its form."""

    def __init__(self, name: str, what: str, pattern: re.Pattern[str] | None = None) -> None:
        super().__init__()
        self.name, self.what, self.pattern = name, what, pattern

    def run_validation(self, value: object) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.pattern is None:
            # A telephone number written without quotes: YAML has read it as a number, which drops
            # its leading 0 and reads 05363200000 (digits 0-7) as octal, a different number altogether.
            # Only a mobile number (1xxxxxxxxxx) or a local one (7 or 8 digits) can have survived.
            if not re.fullmatch(r"1\d{10}|[2-9]\d{6,7}", str(value)):
                self.warnings.append(f"footer 的 {self.name} 写成了数字 {value}（没有加引号），号码开头的 0 已丢失或被读成了"
                                     f"八进制数，页脚会显示错误的号码；请加上引号照原样写，如 {self.name}: \"0536-3200000\"")
            value = str(value)
        text = _one_line(value, f"footer 的 {self.name} ", self.what)
        if self.pattern is not None and not self.pattern.match(text):
            raise ValidationError(f"footer 的 {self.name} 应为{self.what}，不是 {_shown(text)}")
        return text


class FooterConfig(base.Config):
    """The institutional footer of every page; each line is shown only when written."""

    sponsor = c.Optional(FooterText("sponsor", "主办单位的名称"))
    address = c.Optional(FooterText("address", "地址"))
    phone = c.Optional(FooterText("phone", "联系电话，如 0536-1234567"))
    icp = c.Optional(FooterText("icp", "ICP备案号，如 鲁ICP备12345678号-1", _ICP))
    police = c.Optional(FooterText("police", "公安机关备案号，如 鲁公网安备37078102000123号", _POLICE))

    def lines(self) -> tuple[tuple[str, str, str | None], ...]:
        """(label, text, link) for each line written, in the footer's order."""
        shown: list[tuple[str, str, str | None]] = []
        for key, label in (("sponsor", "主办单位"), ("address", "地址"), ("phone", "电话")):
            if self[key]:
                shown.append((label, self[key], None))
        if self.icp:
            shown.append(("ICP备案号", self.icp, "https://beian.miit.gov.cn/"))
        if self.police:
            code = _POLICE.match(self.police).group(1)  # type: ignore[union-attr]
            shown.append(("公安备案号", self.police, f"https://beian.mps.gov.cn/#/query/webSearch?code={code}"))
        return tuple(shown)


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
    # The home page: 专题专栏, 友情链接, and the category shown as 通知公告 (default: the one whose id
    # is notices, else the first named 通知… or …公告); the institutional footer of every page.
    topics = Topics()
    friend_links = FriendLinks()
    notices = c.Optional(NoticesCategory())
    footer = c.SubConfig(FooterConfig, validate=True)
