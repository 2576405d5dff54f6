"""A safe YAML loader that remembers the line of every key and explains its errors in Chinese.

Stories and registry files are written by hand by people who are not programmers, so a
YAML mistake must come back as one line naming where it is and how to fix it. The loader
refuses what safe loading alone would allow but nobody needs here: duplicate keys (the
second silently wins in PyYAML), anchors and aliases (the way to a "billion laughs" bomb),
and tags other than the standard ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from ..problems import Problems


class YamlError(Exception):
    """A YAML problem at a 1-based line of the file, with a Chinese explanation."""

    def __init__(self, line: int, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.key = key


class LineDict(dict):
    """A mapping that knows the line of each of its keys (`lines`) and of itself (`line`)."""

    line: int = 1
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the line of each of its items."""

    line: int = 1
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


ALIAS_MESSAGE = "不支持 YAML 锚点和引用（& 与 *），请把内容直接写出来"


ALIAS_MESSAGE = "不支持 YAML 锚点和引用（& 与 *），请把内容直接写出来"
MAX_DEPTH = 64

# Composing (text → node graph) runs in libyaml when PyYAML was built with it, else in Python.
try:
    from yaml.cyaml import CParser as _Parser

    class _Composer(_Parser, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            # The same scalars (unit names, levels, dates) recur in every story: remember their tags.
            if kind is yaml.ScalarNode and implicit is not None:
                key = (value, implicit[0], implicit[1])
                tag = _RESOLVED.get(key)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(_RESOLVED) < 100_000:
                        _RESOLVED[key] = tag
                return tag
            return super().resolve(kind, value, implicit)


    _RESOLVED: dict[tuple[Any, bool, bool], str] = {}

except ImportError:  # pragma: no cover

    class _Composer(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, yaml.resolver.Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


_SAFE = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = {
    "tag:yaml.org,2002:int": _SAFE.construct_yaml_int,
    "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SAFE.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _SAFE.construct_yaml_timestamp,
}


class _Builder:
    """Builds plain Python values from a composed node graph, with lines, refusing what is not plain data.

    PyYAML's own constructor is generic and costs more than libyaml's parsing; this one knows
    only the standard scalar tags, maps and sequences, which is all a front-matter needs.
    """

    def __init__(self, line_offset: int, check_aliases: bool) -> None:
        self.line_offset = line_offset
        # The composer shares one node wherever an alias (`*name`) repeats it.
        self.seen: set[int] | None = set() if check_aliases else None

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def build(self, node: yaml.Node) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:
                raise YamlError(self.line(node), ALIAS_MESSAGE)
            self.seen.add(id(node))
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _MAP:
            return self.mapping(node)
        if tag == _SEQ:
            result = LineList(self.build(child) for child in node.value)
            result.line = self.line(node)
            result.lines = [self.line(child) for child in node.value]
            return result
        scalar = _SCALARS.get(tag)
        if scalar is not None and isinstance(node, yaml.ScalarNode):
            try:
                return scalar(node)
            except ValueError:
                raise YamlError(self.line(node), f"日期“{node.value}”不存在，请核对年、月、日") from None
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlError(self.line(node), f"不允许使用 YAML 标签“{shown}”，请删去它，只写普通的文字、数字或日期")

    def mapping(self, node: yaml.MappingNode) -> LineDict:
        result = LineDict()
        result.line = self.line(node)
        result.lines = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(line, "不支持 YAML 合并键“<<”")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(line, "字段名必须是文字")
            key = self.build(key_node)
            if key in result:
                raise YamlError(
                    line, f"字段“{key}”重复出现（第 {result.lines[key]} 行已有），请删去其中一个", key=str(key)
                )
            result[key] = self.build(value_node)
            result.lines[key] = line
        return result


def _too_deep(text: str) -> int | None:
    """The 1-based line where brackets nest past MAX_DEPTH, if they do.

    libyaml recurses once per level and would overflow the C stack, killing the process.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return text.count("\n", 0, match.start()) + 1
    return None


def _explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A Chinese explanation of a PyYAML or libyaml syntax error (their wordings differ)."""
    problem = exc.problem or ""
    if "tab" in problem or "'\\t'" in problem:
        return "YAML 格式错误：不能用 Tab 键缩进，请改用空格"
    if "mapping values are not allowed" in problem:
        mark = exc.problem_mark
        line = text.split("\n")[mark.line] if mark and mark.line < len(text.split("\n")) else ""
        curly = "（中文引号“”不起引号作用）" if any(quote in line for quote in "“”‘’") else ""
        return (
            "YAML 格式错误：这一行有多余的英文冒号“:”。"
            f"文字中含英文冒号时，请给整个值加英文双引号{curly}，或改用中文冒号“：”"
        )
    if "unexpected end of stream" in problem:
        return "YAML 格式错误：引号没有成对闭合，请检查这一行的引号"
    if "could not find expected ':'" in problem:
        return "YAML 格式错误：这一行缺少“字段: 值”中的冒号，或上一行的引号、括号没有闭合"
    if "',' or ']'" in problem:
        return "YAML 格式错误：方括号“[ ]”没有成对闭合"
    if "',' or '}'" in problem:
        return "YAML 格式错误：花括号“{ }”没有成对闭合"
    if "expected key" in problem or "expected <block end>" in problem:
        return "YAML 格式错误：这一行格式不对。引号要包住整个值，如 标题: \"……\"；缩进要与上下行一致"
    if "did not find expected" in problem:
        return "YAML 格式错误：缩进不一致，请检查这一行与上下行的缩进（同一层用相同数量的空格）"
    if "cannot start any token" in problem:
        mark = exc.problem_mark
        lines = text.split("\n")
        char = "?"
        if mark and mark.line < len(lines) and mark.column < len(lines[mark.line]):
            char = lines[mark.line][mark.column]
        return f"YAML 格式错误：值不能以“{char}”开头，请给整个值加英文双引号"
    return f"YAML 格式错误（{problem or exc}），请检查这一行的缩进、引号和冒号"


_KEY_ON_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:#\-\[{'\"][^:#]*?)[ \t]*:")


def key_on_line(text: str, line: int, default: str) -> str:
    """The key written on a 1-based line of `text`, to name the field of a syntax error."""
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        match = _KEY_ON_LINE.match(lines[line - 1])
        if match:
            key = match.group(1)
            return key if len(key) <= MAX_KEY_SHOWN else key[:MAX_KEY_SHOWN] + "…"
    return default


MAX_KEY_SHOWN = 40  # a message names at most this much of a (mistyped) key


def load(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; line numbers are shifted by `line_offset` lines.

    Raises YamlError for any problem, never a PyYAML exception.
    """
    deep = _too_deep(text)
    if deep is not None:
        raise YamlError(deep + line_offset, f"YAML 嵌套超过 {MAX_DEPTH} 层，请检查方括号和花括号")
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and any(w in (exc.context or "") for w in ("quoted scalar", "flow sequence", "flow mapping")):
            mark = exc.context_mark  # where the unclosed quote or bracket opens, not where it was noticed
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        raise YamlError(line, _explain(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, f"YAML 格式错误：{exc}") from None
    finally:
        composer.dispose()
    if node is None:
        return None
    try:
        # An alias is written `*name`: without a `*` in the text there is none to look for.
        return _Builder(line_offset, check_aliases="*" in text).build(node)
    except RecursionError:
        raise YamlError(1 + line_offset, "YAML 嵌套层次过深") from None


def load_file(path: Path, problems: Problems, max_bytes: int, too_big: str, not_utf8: str) -> Any:
    """The YAML data of one office file (a registry or issued file), or None after recording in
    `problems` why it is unusable: unreadable, over `max_bytes` (`too_big` says so), not UTF-8
    (`not_utf8` says what to do), or not YAML (the line and key of the error)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(1, "文件", f"无法读取文件（{exc.strerror}）")
        return None
    if len(raw) > max_bytes:
        problems.error(1, "文件", too_big)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(raw[: exc.start].count(b"\n") + 1, "编码", not_utf8)
        return None
    try:
        return load(text.replace("\r\n", "\n"))
    except YamlError as exc:
        problems.error(exc.line, exc.key or key_on_line(text, exc.line, "YAML"), exc.message)
        return None
