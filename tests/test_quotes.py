"""Matching quotes the way the fact format defines verbatim, and nothing looser."""

from __future__ import annotations

from generator.utils.quotes import FoldedText

TEXT = ("Putin called the attack a \u201cbarbaric terrorist act\u201d and said  that\n"
        "the gunmen \u2013 four \u2013 had been arrested. Putin\u2019s words.")


def test_typographic_quotes_dashes_and_whitespace_fold() -> None:
    text = FoldedText(TEXT)
    [(start, end)] = text.find_all('a "barbaric terrorist act" and said that the gunmen - four')
    assert text.original[start:end].startswith("a \u201cbarbaric")
    assert text.original[start:end].endswith("four")
    assert text.find_all("Putin's words")


def test_nothing_looser_no_case_folding() -> None:
    text = FoldedText(TEXT)
    assert text.find_all("putin called") == []
    assert text.find_all("Putin called the attack barbaric") == []


def test_every_occurrence_is_recorded() -> None:
    text = FoldedText(TEXT)
    assert [text.original[a:b] for a, b in text.find_all("Putin")] == ["Putin", "Putin"]


def test_closest_passage_marks_the_differing_words() -> None:
    text = FoldedText(TEXT)
    hint = text.closest("Putin called the attack a barbaric criminal act")
    assert "[-barbaric criminal act-]" in hint or "[-criminal-]" in hint
    assert "terrorist" in hint
