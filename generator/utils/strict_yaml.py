"""Strict, safe YAML for untrusted files. Knows nothing about dossiers.

Parsing uses libyaml's composer (fast), and the data is built by `_plain`, which makes only
strings, lists and mappings: no implicit dates, booleans or numbers, no tags, no anchors or
aliases, no duplicate or non-text keys, no invisible characters that `characters` refuses
(written as they are, or made by an escape in a double-quoted string). Size and nesting are
bounded before libyaml builds anything: libyaml's composer dies with SIGSEGV on ~30,000
nested levels, while its event parser does not, so a file that could nest deeply is first
walked as events, which also gives the exact place of any anchor, alias or tag.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .characters import REFUSED_HINT, first_refused

MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 100
MAX_ITEMS = 1000  # in one list or mapping: the largest of the real dossier holds 20
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
SEQUENCE_TAG, MAPPING_TAG = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
NULLS = frozenset({"", "~", "null"})
# Cheap signs that a file may hold anchors, aliases, tags or deep nesting: only such files
# pay for the extra event walk.
SUSPECT = re.compile(rb"[&*!]|(?:[-?] +){20}|^ {%d}" % MAX_NESTING, re.MULTILINE)
OPENERS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
CLOSERS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class LoadProblem(Exception):
    """A problem with one file, with its code, hint and 1-based place."""

    def __init__(self, code: str, message: str, hint: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.code, self.message, self.hint, self.line, self.col = code, message, hint, line, col


LINE_SEPARATORS = re.compile("[\u2028\u2029]")
SEPARATOR_NAMES = {"\u2028": "line separator", "\u2029": "paragraph separator"}


def _place(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class StrictLoader(yaml.CSafeLoader):
    """libyaml's composer with one resolver: every plain scalar is a string, except an empty
    value, `~` or `null`. Only `compose` is used; `_plain` builds the data."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node. libyaml calls this for every node, so it is one
        comparison instead of PyYAML's search through implicit resolvers by regular
        expression, which took half the time of composing a file of many short values."""
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and value in NULLS else STR_TAG
        return SEQUENCE_TAG if kind is yaml.SequenceNode else MAPPING_TAG


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document, with every scalar a string or null (for finding where
    a value is: `read.locate`)."""
    return yaml.compose(text, Loader=StrictLoader)


def parse(raw: bytes) -> dict[str, Any]:
    """The mapping in one file's bytes, or LoadProblem."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadProblem("D107", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                          "split the file or shorten its quotes", 1, 1)
    text = _decode(raw)
    if refused := first_refused(text):
        line, col, what = refused
        raise LoadProblem("D115", f"{what} is not allowed", REFUSED_HINT, line, col)
    if separator := LINE_SEPARATORS.search(text):
        # YAML reads U+2028 and U+2029 as line breaks, so every place it reported after one
        # would be lines below where an editor sees it: refused here, where it is
        at = separator.start()
        raise LoadProblem("D115", f"U+{ord(separator[0]):04X} ({SEPARATOR_NAMES[separator[0]]}) "
                          "is not allowed in a fact file: YAML reads it as a line break",
                          REFUSED_HINT, text.count("\n", 0, at) + 1,
                          at - text.rfind("\n", 0, at))
    try:
        if SUSPECT.search(raw) or raw.count(b"[") + raw.count(b"{") > MAX_NESTING:
            _walk_events(text)
        data = _plain(compose(text))
    except yaml.YAMLError as error:
        raise _yaml_problem(error, text) from None
    except RecursionError:
        raise LoadProblem("D108", "the file nests too deep to read",
                          f"the limit is {MAX_NESTING} levels", 1, 1) from None
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise LoadProblem("D109", f"the top level is {found}, not a mapping",
                          "start the file with `name:` and the other keys of its kind", 1, 1)
    return data


def _plain(node: yaml.Node | None) -> Any:
    """Strings, None, lists and dicts from a composed document. Anchors, aliases, tags and
    deep nesting never reach here (the event walk refuses them), which lets this skip
    PyYAML's general constructor: building the data is most of the cost of loading."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == STR_TAG:
            return _string(node)
        if node.tag == NULL_TAG:
            return None
        raise LoadProblem("D106", f"explicit tag {node.tag!r} is not allowed", "remove the tag",
                          *_place(node.start_mark))
    if len(node.value) > MAX_ITEMS:
        what = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
        raise LoadProblem("D116", f"this {what} holds {len(node.value):,} items; the limit is "
                          f"{MAX_ITEMS:,}", "no fact file needs so many: keep the items the "
                          "sources support best, or split the record", *_place(node.start_mark))
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
            raise LoadProblem("D203", "a key must be plain text",
                              "write keys as simple words, like `name:`",
                              *_place(key_node.start_mark))
        if _string(key_node) in mapping:
            first = next(k for k, _ in node.value if k.value == key_node.value)
            raise LoadProblem("D104", f"duplicate key {key_node.value!r} (first on line "
                              f"{first.start_mark.line + 1})",
                              "keep one of the two; YAML would silently drop the first",
                              *_place(key_node.start_mark))
        mapping[key_node.value] = _plain(value_node)
    return mapping


def _string(node: yaml.ScalarNode) -> str:
    """A string scalar's text. The file was checked for refused characters before parsing;
    only an escape in a double-quoted string can make one since."""
    if node.style == '"' and (refused := first_refused(node.value)):
        raise LoadProblem("D115", f"an escape in this string makes {refused[2]}, which is not "
                          "allowed", "remove that escape (a backslash sequence such as "
                          "\\u0080) from the string", *_place(node.start_mark))
    return str(node.value)


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadProblem("D101", f"byte {error.start} is not UTF-8 ({error.reason})",
                          "save the file as UTF-8", line, 1) from None
    return text.removeprefix("\ufeff")


def _walk_events(text: str) -> None:
    """Refuse anchors, aliases, tags and deep nesting, each at its exact place."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise LoadProblem("D105", f"YAML alias *{event.anchor} is not allowed",
                              "write the value out in full", *_place(event.start_mark))
        anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
        if anchor:
            raise LoadProblem("D105", f"YAML anchor &{anchor} is not allowed",
                              "remove the anchor", *_place(event.start_mark))
        if tag and not isinstance(event, yaml.DocumentStartEvent):
            raise LoadProblem("D106", f"explicit tag {tag!r} is not allowed",
                              "remove the tag; write the value as plain text",
                              *_place(event.start_mark))
        depth += isinstance(event, OPENERS) - isinstance(event, CLOSERS)
        if depth > MAX_NESTING:
            raise LoadProblem("D108", f"the file nests deeper than {MAX_NESTING} levels",
                              "fact files never need deep nesting", *_place(event.start_mark))


def _yaml_problem(error: yaml.YAMLError, text: str) -> LoadProblem:
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        col = error.position - text.rfind("\n", 0, error.position)
        return LoadProblem("D102", f"character {error.character!r} is not allowed in YAML",
                           "remove the control character (often pasted from a PDF)", line, col)
    problem = getattr(error, "problem", None) or "cannot be read"
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    if context_mark is not None and "end of stream" in problem:
        mark = context_mark  # an unclosed quote or bracket: point where it opens
    line, col = _place(mark) if mark else (1, 1)
    if "\t" in _indentation(text, line):
        return LoadProblem("D103", "a tab character is used for indentation",
                           "indent with spaces only", line, col)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else problem
    return LoadProblem("D102", f"invalid YAML: {message}",
                       "check indentation, colons and quotes around this line", line, col)


def _indentation(text: str, line: int) -> str:
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return ""
    return lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
