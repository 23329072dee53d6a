"""Stage 1: the strict, safe loader."""

from __future__ import annotations

import pytest

from generator.utils.strict_yaml import LoadProblem, parse


def test_plain_scalars_stay_strings_where_yaml_would_guess() -> None:
    data = parse(b"a: no\nb: 2024-03-22\nc: 1e3\nd: 007\ne: 1:30:00\nf: on\n")
    assert data == {"a": "no", "b": "2024-03-22", "c": "1e3", "d": "007", "e": "1:30:00",
                    "f": "on"}


def test_empty_and_null_are_none() -> None:
    assert parse(b"a:\nb: null\nc: ~\n") == {"a": None, "b": None, "c": None}


@pytest.mark.parametrize("text, code, line", [
    (b"name: a\nname: b\n", "D104", 2),
    (b"a: &x [1, 2]\nb: *x\n", "D105", 1),  # the anchor is refused where it stands
    (b"a: !!binary aGk=\n", "D106", 1),
    (b"a: !!python/object:os.system {}\n", "D106", 1),
    (b"a:\n\t- b\n", "D103", 2),
    (b"name: caf\xe9\n", "D101", 1),
    (b"- a\n- b\n", "D109", 1),
    (b"", "D109", 1),
    (b"a: [1\nb: 2\n", "D102", 2),
    (b"[" * 5000 + b"]" * 5000, "D108", 1),
    (b"a: " + b"x" * 1_000_001, "D107", 1),
])
def test_broken_or_hostile_yaml_is_a_finding_with_its_line(text: bytes, code: str,
                                                          line: int) -> None:
    with pytest.raises(LoadProblem) as problem:
        parse(text)
    assert (problem.value.code, problem.value.line) == (code, line)
    assert problem.value.hint


def test_billion_laughs_is_refused_before_it_expands() -> None:
    bomb = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b]\n'
    with pytest.raises(LoadProblem) as problem:
        parse(bomb)
    assert problem.value.code == "D105"


def test_merge_keys_are_just_unknown_keys() -> None:
    assert parse(b"<<: x\n") == {"<<": "x"}
