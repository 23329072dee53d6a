"""What a passage says: numbers in digits and words with their qualifiers, dates in every
common form, names as whole words (the generic readers behind support)."""

from __future__ import annotations

import pytest

from generator.utils.date_mentions import find_times, parts_of, wanted_parts
from generator.utils.numbers import NumberWords, digit_numbers, nearest, qualifier_at, sums_to
from generator.utils.passage import Passage, figure_words

ENGLISH = NumberWords("en")


def read(text: str, language: str = "en") -> Passage:
    return Passage(text, ENGLISH if language == "en" else NumberWords(language))


@pytest.mark.parametrize("text, value", [
    ("killed 144 people", 144), ("about 1,000 people", 1000), ("about 1 000 people", 1000),
    ("1\u00a0000 people", 1000), ("the four gunmen", 4), ("Four suspects", 4),
    ("one hundred and forty-four dead", 144), ("a hundred forty four dead", 144),
    ("forty-four dead", 44),
])
def test_a_number_is_found_in_digits_or_words(text: str, value: int) -> None:
    assert [n.value for n, _ in read(text).mentions(value)] == [value]


@pytest.mark.parametrize("text, value", [
    ("forty-four dead", 4), ("killed 1445 people", 144), ("144.5 tonnes", 144),
    ("on 22 March 2024", 22), ("on March 22, 2024", 2024), ("fourteen dead", 4),
])
def test_a_number_inside_another_or_inside_a_date_is_not_that_number(text: str,
                                                                       value: int) -> None:
    assert read(text).mentions(value) == []


def test_words_follow_the_source_language() -> None:
    assert [n.value for n, _ in read("погибли сто сорок четыре человека", "ru").mentions(
        144)] == [144]
    assert read("погибли сто сорок четыре человека", "xx-unknown").mentions(144) == []


@pytest.mark.parametrize("text, qualifier", [
    ("more than 551 concertgoers", "more-than"), ("551 more people were injured", "exactly"),
    ("over 551", "more-than"), ("at least 551", "at-least"), ("about 551", "about"),
    ("around 551", "about"), ("approximately 551", "about"), ("nearly 551", "nearly"),
    ("almost 551", "nearly"), ("up to 551", "up-to"), ("as many as 551", "up-to"),
    ("no more than 551", "up-to"), ("fewer than 551", "less-than"), ("551 or more", "at-least"),
    ("Leftover 551", "exactly"), ("551", "exactly"),
])
def test_the_qualifier_is_read_from_the_words_before_or_after_the_number(
        text: str, qualifier: str) -> None:
    [(_, found)] = read(text).mentions(551)
    assert found == qualifier


def test_digits_keep_their_place_and_value() -> None:
    text = "In 2004 144 people; 1,000,000 and 12,5 and 3 000 items"
    assert [(n.value, text[n.start:n.end]) for n in digit_numbers(text)] == [
        (2004, "2004"), (144, "144"), (1000000, "1,000,000"), (3000, "3 000")]
    assert qualifier_at("some 40 people", 5, 7) == "about"


@pytest.mark.parametrize("text, days, years", [
    ("22 March 2024", {(3, 22)}, {2024}), ("March 22, 2024", {(3, 22)}, {2024}),
    ("22.03.2024", {(3, 22)}, {2024}), ("2024-03-22", {(3, 22)}, {2024}),
    ("the 22nd of March", {(3, 22)}, set()), ("ALMATY, June 3./TASS/.", {(6, 3)}, set()),
    ("03/04/2024", {(4, 3), (3, 4)}, {2024}), ("in 2004", set(), {2004}),
    ("he may come", set(), set()),
])
def test_dates_are_read_in_every_common_form(text: str, days: set[tuple[int, int]],
                                             years: set[int]) -> None:
    parts = parts_of(text)
    assert (parts.days, parts.years) == (days, years)


def test_a_month_and_times_alone() -> None:
    assert parts_of("in March of this year").months == {3}
    assert find_times("at 20:00, or 8 p.m., or 9am") == {(20, 0), (9, 0)}
    assert wanted_parts("2024-03-22T20:00+03:00") == (2024, 3, 22, (20, 0))
    assert wanted_parts("2024-03") == (2024, 3, None, None)


@pytest.mark.parametrize("phrase, found", [
    ("Crocus City Hall", True), ("Next session", True), ("Almaty", True), ("IS", True),
    ("Russia", False), ("City Hall terror", False), ("CSTO Collective", False),
])
def test_names_are_whole_words_folded_as_quotes_are(phrase: str, found: bool) -> None:
    passage = read("ALMATY, June 3. The Crocus City Hall attack \u2014 the next session; "
                      "IS-affiliated, Russian counterparts")
    assert passage.names(phrase) is found


def test_the_nearest_candidates_for_a_hint() -> None:
    assert nearest(400, [40, 4000, 144]) == 40
    assert nearest(23, [22, 2024]) == 22
    assert sums_to(10, [22, 4, 6]) == (4, 6)
    assert sums_to(11, [4, 6]) is None
    passage = read("the four gunmen - Dalerdzhon Mirzoyev, Saidakram Rachabalizoda")
    start, end = passage.closest("Dalerzhon Mirzoev") or (0, 0)
    assert passage.text[start:end] == "Dalerdzhon Mirzoyev"
    assert "{+Dalerdzhon" in passage.marked(start, end)


@pytest.mark.parametrize("text, found", [
    ("(four men were held", True), ("on March, 2024", True), ("the six.\"", True),
    ("the six.\u201d", True), ("\u2018four\u2019", True), ("four\u2014and more", True),
    ("forty-four dead", True), ("Mayor of Moscow", False), ("no count here", False),
])
def test_a_first_look_tells_whether_prose_may_write_a_figure_in_words(text: str,
                                                                       found: bool) -> None:
    assert figure_words(text, ENGLISH) is found
