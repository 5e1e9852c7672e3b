"""Safe YAML loading that remembers line numbers, so authoring errors can say `file:line`.

Only `yaml.SafeLoader` is used (no Python tags, no object construction). Mappings come back as `LineDict`
and sequences as `LineList`; both carry the 1-based line of each key or item.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

import yaml


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]: c` would give an unhashable key
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value, not a list or a mapping", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_date(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay ISO strings: the schema stores them as text and JSON has no date type.
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:  # 2026-02-30
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a date ({exc})", node.start_mark)
    return value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else str(value)


MAX_INT_DIGITS = 100


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    # Python refuses to convert integers of more than 4,300 digits with a ValueError that names no line.
    if len(node.value) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer of {len(node.value)} characters; at most {MAX_INT_DIGITS} are accepted",
            node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class YamlError(ValueError):
    def __init__(self, line: Optional[int], message: str):
        super().__init__(message)
        self.line = line
        self.message = message


MAX_FLOW_DEPTH = 50


def _check_flow_depth(text: str) -> None:
    """PyYAML's scanner is quadratic in the depth of `[`/`{` nesting (64 KiB of brackets took 5 s before
    failing): refuse deep flow nesting before parsing. Quoted text is skipped; the count is rough at the
    edges (an apostrophe in a plain scalar hides what follows it), and the RecursionError below stays the
    backstop."""
    depth, quote = 0, None
    for lineno, line in enumerate(text.split("\n"), start=1):
        for ch in line:
            if quote:
                quote = None if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    _raise(lineno, f"nested more than {MAX_FLOW_DEPTH} levels deep")
            elif ch in "]}":
                depth = max(0, depth - 1)
            elif ch == "#" and not depth:
                break


def load_yaml_with_lines(text: str) -> Any:
    """Parse YAML safely; raise YamlError(line, message) for syntax errors and unsafe tags."""
    _check_flow_depth(text)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader subclasses SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return _raise(line, " ".join(filter(None, [exc.context, exc.problem])) or str(exc))
    except yaml.YAMLError as exc:
        return _raise(None, str(exc))
    except RecursionError:
        return _raise(None, "nested too deeply")


def _raise(line: Optional[int], message: str):
    raise YamlError(line, f"invalid YAML: {message}")
