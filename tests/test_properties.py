"""Property-based tests: random and mutated YAML never makes the loader or the checks raise.

Whatever bytes an editor (or an attacker) puts in a fact file, `parse` returns a mapping or
raises a LoadProblem, and `run_checks` returns findings that each carry a catalogued code, a
path, a line (0 only for a whole-dossier finding) and a hint: never an exception.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.format.findings import CATALOGUE, Finding
from generator.utils.characters import first_refused
from generator.utils.strict_yaml import LoadProblem, parse
from tests.conftest import copy_project

WHOLE_DOSSIER = {"facts", "dossier.toml"}
TARGETS = (
    "facts/people/kamchybek-tashiyev.yaml",
    "facts/people/dalerzhon-mirzoev.yaml",
    "facts/events/crocus-city-hall-attack.yaml",
    "facts/organisations/gknb.yaml",
    "facts/sources/tass-csto-anti-terror-measures.yaml",
)
# Characters and fragments that mean something to YAML (or to the loader's own checks).
SIGNIFICANT = (":", ": ", "- ", "-", "[", "]", "{", "}", "&a ", "*a", "&a [x]\nb: *a\n",
               "!!str ", "!!binary ", "!!python/object:os.system ", "!!merge ", "<<: ",
               "|", ">-", "'", '"', "#", "%YAML 1.1\n", "@", "`", "\t", "\n", "  ", "? ", ",",
               "\ufeff", "~", "null", "---\n", "...\n", "\r", "\r\n", "\x00", "\x07", "\\",
               "\u2028", "\x85", "\u00e9", "\U0001F600", "name:", "value:", "cite:", "quote:")
FAST = settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
CHECKS = settings(deadline=None, max_examples=120,
                  suppress_health_check=[HealthCheck.too_slow,
                                         HealthCheck.function_scoped_fixture])


def assert_load_problem_is_well_formed(problem: LoadProblem) -> None:
    assert problem.code in CATALOGUE
    assert problem.hint.strip()
    assert problem.line >= 1 and problem.col >= 1, (problem.code, problem.message)
    assert "\n" not in problem.message, problem.message


def assert_parses_or_refuses(raw: bytes) -> Any:
    try:
        data = parse(raw)
    except LoadProblem as problem:
        assert_load_problem_is_well_formed(problem)
        return None
    assert isinstance(data, dict)
    assert_plain(data)
    return data


def assert_plain(value: Any) -> None:
    """Only strings, None, lists and string-keyed mappings come out of the strict loader."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert key is None or isinstance(key, str), key
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or isinstance(value, str), value


# --------------------------------------------------------------------- the loader alone

@FAST
@given(st.binary(max_size=400))
def test_random_bytes_parse_or_give_a_load_problem(raw: bytes) -> None:
    assert_parses_or_refuses(raw)


@FAST
@given(st.text(max_size=400))
def test_random_text_parses_or_gives_a_load_problem(text: str) -> None:
    assert_parses_or_refuses(text.encode("utf-8"))


@FAST
@given(st.lists(st.sampled_from(SIGNIFICANT) | st.text(max_size=6), max_size=60))
def test_yaml_punctuation_soup_parses_or_gives_a_load_problem(pieces: list[str]) -> None:
    assert_parses_or_refuses("".join(pieces).encode("utf-8"))


# PyYAML's emitter writes NEL and the Unicode line and paragraph separators raw inside
# quoted scalars, where every YAML reader folds them: an emitter quirk, not the loader's.
# Characters the dossier refuses (`generator.utils.characters`) are tested apart, below.
plain_text = st.text(st.characters(exclude_categories=["Cs", "Cc"],
                                   exclude_characters="\u2028\u2029").filter(
    lambda c: first_refused(c) is None), max_size=30)
scalars = st.none() | plain_text | st.sampled_from(
    ["no", "yes", "on", "off", "2024-03-22", "2024-02-30", "007", "1:30:00", "1e3", ".inf",
     "~", "null", "<<", "=", "!!str", "&a", "*a", "- x", "a: b", "#x", "[x", "{x"])
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(plain_text | st.sampled_from(
                             ["<<", "name", "value", "cite", "~", "null"]), inner, max_size=4),
                         max_leaves=25)


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


@FAST
@given(st.dictionaries(plain_text, documents, max_size=6), st.booleans(),
       st.booleans())
def test_what_yaml_writes_the_loader_reads_back_as_strings(data: dict[str, Any], flow: bool,
                                                          unicode: bool) -> None:
    """Any mapping of strings, written by a YAML library, reads back unchanged: no value
    turns into a date, boolean or number on the way, and nothing valid is refused."""
    text = yaml.dump(data, Dumper=NoAliases, default_flow_style=flow, allow_unicode=unicode,
                     width=60)
    raw = text.encode("utf-8")
    assume(raw.count(b"[") + raw.count(b"{") <= 100)  # deeper than the limit: refused (D108)
    assert parse(raw) == data


# --------------------------------------------------------------------- the whole check

@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("properties") / "dossier")


_STAMP = [1_700_000_000_000_000_000]


def write(path: Path, data: bytes) -> None:
    """Write and give the file a new, unique mtime, as an editor's save would."""
    path.write_bytes(data)
    _STAMP[0] += 1_000_000_000
    os.utime(path, ns=(_STAMP[0], _STAMP[0]))


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, bytes | int]]:
    """Up to five edits of a file: flip a byte, delete a run, insert YAML punctuation or
    random text, or replace a whole line with random text."""
    edit = st.one_of(
        st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 255)),
        st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
        st.tuples(st.just("insert"), st.integers(0, 10**6),
                  st.sampled_from(SIGNIFICANT).map(lambda s: s.encode("utf-8"))),
        st.tuples(st.just("insert"), st.integers(0, 10**6),
                  st.text(max_size=30).map(lambda s: s.encode("utf-8"))),
        st.tuples(st.just("line"), st.integers(0, 10**6),
                  st.text(max_size=60).map(lambda s: s.encode("utf-8"))),
    )
    return draw(st.lists(edit, min_size=1, max_size=5))


def mutate(original: bytes, edits: list[tuple[str, int, bytes | int]]) -> bytes:
    data = bytearray(original)
    for kind, where, what in edits:
        at = where % (len(data) + 1)
        if kind == "flip" and data:
            data[at % len(data)] = int(what)
        elif kind == "delete":
            del data[at:at + int(what)]
        elif kind == "insert":
            data[at:at] = what  # type: ignore[assignment]
        elif kind == "line":
            lines = bytes(data).split(b"\n")
            lines[where % len(lines)] = what  # type: ignore[assignment]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def assert_findings_well_formed(findings: list[Finding], mutated: str, data: bytes) -> None:
    last_line = data.count(b"\n") + 1
    for finding in findings:
        assert finding.code in CATALOGUE, finding
        assert finding.path, finding
        assert finding.hint.strip(), finding
        assert "\n" not in finding.format().split("\n    hint: ")[0], finding
        if finding.path in WHOLE_DOSSIER:
            continue
        assert finding.line >= 1 and finding.col >= 1, finding
        if finding.path == mutated:
            assert finding.line <= last_line + 1, (finding, last_line)


@contextmanager
def edited(path: Path, data: bytes) -> Iterator[None]:
    original = path.read_bytes()
    write(path, data)
    try:
        yield
    finally:
        write(path, original)


@CHECKS
@given(st.sampled_from(TARGETS), mutations())
def test_a_mutated_fact_file_gives_findings_never_an_exception(
        dossier: Path, target: str, edits: list[tuple[str, int, bytes | int]]) -> None:
    original = (dossier / target).read_bytes()
    data = mutate(original, edits)
    with edited(dossier / target, data):
        findings = check(dossier).findings
    assert_findings_well_formed(findings, target, data)


@CHECKS
@given(st.sampled_from(TARGETS), st.text(max_size=200))
def test_a_fact_file_replaced_by_random_text_gives_findings(dossier: Path, target: str,
                                                           text: str) -> None:
    data = text.encode("utf-8")
    with edited(dossier / target, data):
        findings = check(dossier).findings
    assert_findings_well_formed(findings, target, data)
    assert any(f.path == target for f in findings) or not text.strip()


def test_the_dossier_is_restored_after_the_examples(dossier: Path) -> None:
    """The module's copy is back to the real facts: every edit above was undone."""
    from tests.conftest import REPO

    for target in TARGETS:
        assert (dossier / target).read_bytes() == (REPO / target).read_bytes()
    assert [f for f in check(dossier).findings if f.severity.value != "info"] == []


# --------------------------------------------------------------------- refused characters

@settings(deadline=None, max_examples=20)
@given(st.integers(1, 5), st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f",
                                           "\ufffe"]))
def test_refused_character_is_reported_at_its_line(line: int, char: str) -> None:
    lines = [f"key{n}: value {n}" for n in range(1, 6)]
    lines[line - 1] += char
    with pytest.raises(LoadProblem) as problem:
        parse("\n".join(lines).encode("utf-8"))
    assert (problem.value.code, problem.value.line) == ("D115", line)
    assert "\n" not in problem.value.message


REFUSED_POINTS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                   *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF,
                                   *(p << 16 | 0xFFFE for p in range(1, 17)),
                                   *(p << 16 | 0xFFFF for p in range(1, 17)),
                                   *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                   *range(0xFFF9, 0xFFFC), *range(0xE0000, 0xE0080))]


@pytest.mark.parametrize("char", REFUSED_POINTS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_refused_character_is_refused_raw_and_escaped(char: str) -> None:
    """Every control character, noncharacter, bidirectional override or isolate and tag
    character: refused where it stands, whether written raw (where YAML allows that) or made
    by an escape in a double-quoted string, in a key or a value; kept out of every field."""
    for raw, line in ((f"name: ok\nsearch_terms: [\"x\\U{ord(char):08x}\"]\n", 2),
                      (f"a: b\n\"k\\U{ord(char):08x}\": v\n", 2),
                      (f"a: b\nc: d\ne: x{char}y\n", 3)):
        with pytest.raises(LoadProblem) as problem:
            parse(raw.encode("utf-8", "surrogatepass"))
        assert problem.value.code in ("D115", "D101", "D102"), (raw, problem.value.code)
        if problem.value.code == "D115":
            assert problem.value.line == line and "U+" in problem.value.message


@FAST
@given(plain_text, st.sampled_from(REFUSED_POINTS), plain_text)
def test_a_refused_character_anywhere_in_a_string_is_refused(before: str, char: str,
                                                             after: str) -> None:
    raw = yaml.dump({"key": before + char + after}, allow_unicode=False).encode("utf-8")
    with pytest.raises(LoadProblem) as problem:
        parse(raw)
    assert problem.value.code == "D115", problem.value.message


REPRESENTATIVES = ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\ufdd0", "\ufffe", "\U0010ffff",
                   "\u202e", "\u2066", "\ufff9", "\U000e0041"]


@pytest.mark.parametrize("field", __import__("tests.hostile").hostile.text_fields())
def test_every_text_field_refuses_every_class_of_invisible_character(field: str) -> None:
    """The refusal is the loader's, whatever the field: each class of refused character, raw
    and escaped, in each text field of the fact format is D115 at the field's line."""
    from tests.hostile import hostile_files

    marker = f"pwned-{field} "
    [(path, text)] = [(p, t) for p, t in hostile_files().items()
                      if marker in t and p.endswith(".yaml")]
    line = text[:text.index(marker)].count("\n") + 1
    for char in REPRESENTATIVES:
        for written in (char, f"\\U{ord(char):08x}"):
            with pytest.raises(LoadProblem) as problem:
                parse(text.replace(marker, marker + written, 1).encode("utf-8"))
            assert (problem.value.code, problem.value.line) == ("D115", line), (path, written)
