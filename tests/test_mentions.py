"""Mentions: the word-start index finds exactly what a longest-first regex alternation of
every name, bounded by non-word characters, finds (the definition it replaced)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.mentions import Mentions

ALPHABET = st.sampled_from(list("abAB _-.\u00e9\u00df1\u201c\u201d\"'"))
NAMES = st.lists(st.text(ALPHABET, min_size=3, max_size=8), min_size=0, max_size=12,
                 unique=True)


def regex_matches(names: list[str], text: str) -> list[tuple[int, int, str]]:
    if not names:
        return []
    ordered = sorted(names, key=lambda n: (-len(n), n))
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


@settings(max_examples=600, deadline=None)
@given(NAMES, st.text(ALPHABET, max_size=60))
def test_matches_agree_with_the_regex_definition(names: list[str], text: str) -> None:
    # a text made partly of the names, so that matches, overlaps and near misses are common
    mentions = Mentions({n: f"id-{i}" for i, n in enumerate(names)})
    assert list(mentions.matches(text)) == regex_matches(names, text)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.lists(st.integers(0, 11) | st.text(ALPHABET, max_size=3), max_size=12))
def test_matches_agree_on_texts_built_from_names(names: list[str],
                                                 parts: list[int | str]) -> None:
    text = "".join(names[p % len(names)] if isinstance(p, int) and names else str(p)
                   for p in parts)
    mentions = Mentions({n: f"id-{i}" for i, n in enumerate(names)})
    assert list(mentions.matches(text)) == regex_matches(names, text)


def test_longest_name_wins_and_words_stay_whole() -> None:
    mentions = Mentions({"Moscow": "moscow", "Moscow Oblast": "oblast", "Crocus": "crocus"})
    text = "Moscow Oblast, near Moscow; Crocuses and Crocus."
    assert [name for _, _, name in mentions.matches(text)] == [
        "Moscow Oblast", "Moscow", "Crocus"]
