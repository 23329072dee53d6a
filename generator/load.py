"""Stage 1, load: read every fact file into plain Python data, strictly and safely.

Parsing uses libyaml (fast) with a constructor that only makes strings, lists and mappings:
no implicit dates, booleans or numbers (the model converts what it wants), no tags, no
aliases, no duplicate keys. Line numbers are not kept for every value; `locate` finds the
line of a value only when a finding needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, finding_at

MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 100
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
ALIAS = re.compile(r"(?:^|[\s\[{,:])(\*[^\s\[\]{},]+)", re.MULTILINE)
ALLOWED_TAGS = {STR_TAG, NULL_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class LoadProblem(Exception):
    def __init__(self, code: str, message: str, hint: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.code, self.message, self.hint, self.line, self.col = code, message, hint, line, col


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class StrictLoader(yaml.CSafeLoader):  # type: ignore[misc]
    """Safe YAML where every plain scalar is a string, except an empty value or `null`."""

    yaml_implicit_resolvers: dict[str, Any] = {}

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise LoadProblem("D105", "YAML aliases are not allowed",
                              "write the value out in full instead of *referring to it",
                              *_place(node))
        if node.tag not in ALLOWED_TAGS:
            raise LoadProblem("D106", f"explicit tag {node.tag!r} is not allowed",
                              "remove the tag; write the value as plain text", *_place(node))
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadProblem("D203", "a key must be plain text",
                                  "write keys as simple words", *_place(key_node))
            if key_node.value in seen:
                raise LoadProblem("D104", f"duplicate key {key_node.value!r} "
                                  f"(first on line {seen[key_node.value]})",
                                  "keep one of the two; YAML would silently drop the first",
                                  *_place(key_node))
            seen[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


StrictLoader.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|)$"),
                                   ["~", "n", ""])


@dataclass(frozen=True)
class RawFile:
    """A fact file as parsed: its path (relative, as shown in findings), kind, id and data."""

    path: str
    kind: str
    id: str
    data: dict[str, Any]


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadProblem("D101", f"byte {error.start} is not UTF-8 ({error.reason})",
                          "save the file as UTF-8", line, 1) from None
    return text.removeprefix("\ufeff")


def _check_limits(raw: bytes) -> None:
    if len(raw) > MAX_FILE_BYTES:
        raise LoadProblem("D107", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                          "split the file or shorten its quotes", 1, 1)
    if raw.count(b"[") + raw.count(b"{") > MAX_NESTING:
        depth = deepest = 0
        for byte in raw:
            depth += (byte in b"[{") - (byte in b"]}")
            deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            raise LoadProblem("D108", f"brackets nest {deepest} deep; the limit is {MAX_NESTING}",
                              "fact files never need deep nesting", 1, 1)


def _alias_place(text: str, line: int, col: int) -> tuple[int, int]:
    found = ALIAS.search(text)
    if not found:
        return line, col
    start = found.start(1)
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


def _indentation(text: str, line: int) -> str:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    return lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]


def _yaml_problem(error: yaml.YAMLError, text: str) -> LoadProblem:
    mark = getattr(error, "problem_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = getattr(error, "problem", None) or str(error)
    if "\t" in _indentation(text, line):
        return LoadProblem("D103", "a tab character is used for indentation",
                           "indent with spaces only", line, col)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else problem
    return LoadProblem("D102", f"invalid YAML: {message}",
                       "check indentation, colons and quotes around this line", line, col)


def parse(raw: bytes) -> Any:
    """Parse bytes of one fact file, or raise LoadProblem."""
    _check_limits(raw)
    text = _decode(raw)
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a safe loader
    except LoadProblem as problem:
        if problem.code == "D105":  # libyaml hands back the anchored node: find the alias
            problem.line, problem.col = _alias_place(text, problem.line, problem.col)
        raise
    except yaml.YAMLError as error:
        raise _yaml_problem(error, text) from None
    except RecursionError:
        raise LoadProblem("D108", "the file nests too deep to read",
                          "fact files never need deep nesting", 1, 1) from None
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise LoadProblem("D109", f"the top level is {found}, not a mapping",
                          "start the file with `name:` and the other keys of its kind", 1, 1)
    return data


def load_file(root: Path, relative: str, kind: str) -> RawFile | Finding:
    """Load one fact file; problems come back as a Finding, never as an exception."""
    try:
        data = parse((root / relative).read_bytes())
    except LoadProblem as problem:
        return finding_at(relative, problem.code, problem.message, problem.hint,
                          problem.line, problem.col)
    return RawFile(relative, kind, Path(relative).stem, data)


@lru_cache(maxsize=64)
def _composed(path: Path, mtime: float) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None


def locate(path: Path, keys: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the value at `keys` in a YAML file (1-based), or of the nearest
    enclosing value that exists. Composes the file only when asked: cost on findings only."""
    node = _composed(path, path.stat().st_mtime) if path.exists() else None
    if node is None:
        return 1, 1
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return _place(node)


def locate_words(path: Path, keys: tuple[str | int, ...], words: str) -> tuple[int, int]:
    """Line and column of `words` inside the value at `keys`, for values that span lines
    (block scalars); the value's own place when the words are not found verbatim."""
    line, col = locate(path, keys)
    lines = path.read_text("utf-8").splitlines()
    for number in range(line - 1, min(len(lines), line + 200)):
        found = lines[number].lower().find(words.lower())
        if found >= 0:
            return number + 1, found + 1
    return line, col


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def key_place(path: Path, keys: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the *key* that holds `keys[-1]`, for findings about the key itself."""
    parent = _composed(path, path.stat().st_mtime) if path.exists() else None
    if parent is None or not keys:
        return 1, 1
    for key in keys[:-1]:
        parent = _child(parent, key) or parent
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == keys[-1]:
                return _place(key_node)
    return _place(parent)
