"""A safe YAML loader that remembers the line of every key and explains its errors in Chinese.

Stories and registry files are written by hand by people who are not programmers, so a
YAML mistake must come back as one line naming where it is and how to fix it. The loader
refuses what safe loading alone would allow but nobody needs here: duplicate keys (the
second silently wins in PyYAML), anchors and aliases (the way to a "billion laughs" bomb),
and tags other than the standard ones.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


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


class _Constructor(yaml.constructor.SafeConstructor):
    line_offset = 0

    def _line(self, mark: yaml.Mark) -> int:
        return mark.line + 1 + self.line_offset

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node, self._line)
        return self.construct_document(node)

    def construct_line_mapping(self, node: yaml.MappingNode) -> LineDict:
        result = LineDict()
        result.line = self._line(node.start_mark)
        result.lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(self._line(key_node.start_mark), "不支持 YAML 合并键“<<”")
            key = self.construct_object(key_node, deep=True)
            line = self._line(key_node.start_mark)
            if isinstance(key, (list, dict)):
                raise YamlError(line, "字段名必须是文字")
            if key in result:
                raise YamlError(
                    line,
                    f"字段“{key}”重复出现（第 {result.lines[key]} 行已有），请删去其中一个",
                    key=str(key),
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result

    def construct_line_sequence(self, node: yaml.SequenceNode) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = self._line(node.start_mark)
        result.lines = [self._line(child.start_mark) for child in node.value]
        return result

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise YamlError(self._line(node.start_mark), f"日期“{node.value}”不存在，请核对年、月、日") from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise YamlError(
            self._line(node.start_mark),
            f"不允许使用 YAML 标签“{node.tag.replace('tag:yaml.org,2002:', '!!')}”，"
            "请删去它，只写普通的文字、数字或日期",
        )


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_line_mapping)
_Constructor.add_constructor("tag:yaml.org,2002:omap", _Constructor.construct_undefined)
_Constructor.add_constructor("tag:yaml.org,2002:pairs", _Constructor.construct_undefined)
_Constructor.add_constructor("tag:yaml.org,2002:set", _Constructor.construct_undefined)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _Constructor.construct_line_sequence)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_checked_timestamp)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


def _refuse_aliases(root: yaml.Node, line: Any) -> None:
    """Refuse a document in which a node appears twice: that is what an alias (`*name`) makes.

    The composed graph shares aliased nodes, so this walk is linear in the size of the text,
    even for a "billion laughs" bomb, which is refused before anything is expanded.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlError(line(node.start_mark), ALIAS_MESSAGE)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


# libyaml's parser when PyYAML was built with it (ten times faster), else the pure Python one.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = None


if _Parser is not None:

    class _Loader(_Parser, _Constructor, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
        _Constructor, yaml.resolver.Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A Chinese explanation of a PyYAML or libyaml syntax error (their wordings differ)."""
    problem = exc.problem or ""
    if "tab" in problem or "'\\t'" in problem:
        return "YAML 格式错误：不能用 Tab 键缩进，请改用空格"
    if "mapping values are not allowed" in problem:
        return (
            "YAML 格式错误：这一行有多余的英文冒号“:”。"
            "文字中含英文冒号时，请给整个值加英文双引号，或改用中文冒号“：”"
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
            return match.group(1)
    return default


def load(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; line numbers are shifted by `line_offset` lines.

    Raises YamlError for any problem, never a PyYAML exception.
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and any(w in (exc.context or "") for w in ("quoted scalar", "flow sequence", "flow mapping")):
            mark = exc.context_mark  # where the unclosed quote or bracket opens, not where it was noticed
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        raise YamlError(line, _explain(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, f"YAML 格式错误：{exc}") from None
    except RecursionError:
        raise YamlError(1 + line_offset, "YAML 嵌套层次过深") from None
    finally:
        loader.dispose()
