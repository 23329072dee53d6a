"""Where a value is in its fact file, for findings. Line numbers are not kept while files are
loaded: a file is composed again (with libyaml's marks) only when a finding needs a place in
it, so the happy path pays nothing for them.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path

import yaml

from ..utils.strict_yaml import compose
from .record import Keys

Place = tuple[int, int]  # line and column, from 1


class Locator:
    """Finds places in files, composing each version of a file once while it is among the
    last `KEEP` asked about (findings tend to come several to a file). Owned by whoever
    checks files (a build cache keeps one between builds); nothing is kept elsewhere."""

    KEEP = 64

    def __init__(self) -> None:
        self._composed: OrderedDict[tuple[Path, int, int], yaml.Node | None] = OrderedDict()

    def locate(self, path: Path, keys: Keys) -> Place:
        """Line and column of the value at `keys` in a YAML file (1-based), or of the nearest
        enclosing value that exists."""
        node = self._node(path)
        if node is None:
            return 1, 1
        for key in keys:
            child = _child(node, key)
            if child is None:
                break
            node = child
        return _place(node)

    def locate_words(self, path: Path, keys: Keys, words: str, skip: int = 0) -> Place:
        """Line and column of `words` inside the value at `keys` (after `skip` earlier
        occurrences), for values that span lines; the value's own place when not found."""
        line, col = self.locate(path, keys)
        lines = path.read_text("utf-8").split("\n")
        for number in range(line - 1, min(len(lines), line + 200)):
            for match in re.finditer(re.escape(words), lines[number], re.IGNORECASE):
                if skip == 0:
                    return number + 1, match.start() + 1
                skip -= 1
        return line, col

    def key_place(self, path: Path, keys: Keys) -> Place:
        """Line and column of the *key* that holds `keys[-1]`, for findings about the key."""
        parent = self._node(path)
        if parent is None or not keys:
            return 1, 1
        for key in keys[:-1]:
            parent = _child(parent, key) or parent
        if isinstance(parent, yaml.MappingNode):
            for key_node, _ in parent.value:
                if key_node.value == keys[-1]:
                    return _place(key_node)
        return _place(parent)

    def _node(self, path: Path) -> yaml.Node | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        version = (path, stat.st_mtime_ns, stat.st_size)  # what tells two saves apart
        if version in self._composed:
            self._composed.move_to_end(version)
            return self._composed[version]
        try:
            node = compose(path.read_text("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            node = None
        self._composed[version] = node
        if len(self._composed) > self.KEEP:
            self._composed.popitem(last=False)
        return node


def _place(node: yaml.Node) -> Place:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None
