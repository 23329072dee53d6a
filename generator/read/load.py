"""Stage 1, load: read every fact file into plain Python data, strictly and safely
(`strict_yaml`). Line numbers are not kept for every value: `locate` finds the line of a
value only when a finding needs it, so the happy path pays nothing for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..format.findings import Finding, finding_at
from ..utils.strict_yaml import LoadProblem, compose, parse

@dataclass(frozen=True)
class RawFile:
    """A fact file as parsed: its path (relative, as shown in findings), kind, id and data."""

    path: str
    kind: str
    id: str
    data: dict[str, Any]


def load_file(root: Path, relative: str, kind: str) -> RawFile | Finding:
    """Load one fact file; problems come back as a Finding, never as an exception."""
    try:
        data = parse((root / relative).read_bytes())
    except LoadProblem as problem:
        return finding_at(relative, problem.code, problem.message, problem.hint,
                          problem.line, problem.col)
    return RawFile(relative, kind, Path(relative).stem, data)


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@lru_cache(maxsize=64)
def _composed(path: Path, mtime: tuple[int, int]) -> yaml.Node | None:
    try:
        return compose(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None


def locate(path: Path, keys: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the value at `keys` in a YAML file (1-based), or of the nearest
    enclosing value that exists. Composes the file only when asked: cost on findings only."""
    node = _composed(path, _version(path)) if path.exists() else None
    if node is None:
        return 1, 1
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return _place(node)


def locate_words(path: Path, keys: tuple[str | int, ...], words: str,
                 skip: int = 0) -> tuple[int, int]:
    """Line and column of `words` inside the value at `keys` (after `skip` earlier
    occurrences), for values that span lines; the value's own place when not found."""
    line, col = locate(path, keys)
    lines = path.read_text("utf-8").split("\n")
    for number in range(line - 1, min(len(lines), line + 200)):
        for match in re.finditer(re.escape(words), lines[number], re.IGNORECASE):
            if skip == 0:
                return number + 1, match.start() + 1
            skip -= 1
    return line, col


def _version(path: Path) -> tuple[int, int]:
    """What tells two saves of a file apart for the cache: time in ns and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


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
    parent = _composed(path, _version(path)) if path.exists() else None
    if parent is None or not keys:
        return 1, 1
    for key in keys[:-1]:
        parent = _child(parent, key) or parent
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == keys[-1]:
                return _place(key_node)
    return _place(parent)
