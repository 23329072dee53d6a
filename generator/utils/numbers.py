"""Numbers as a passage of text writes them: in digits, with or without thousands separators
("1,000", "1 000"), or in words of the passage's language ("four", "one hundred and
forty-four", through num2words), and the words that qualify them ("more than 551", "about
40", "up to 10"). Knows nothing about dossiers: qualifiers are named by plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXACT = "exactly"
LESS_THAN = "less-than"  # said by sources, but no value of a figure can be marked so
# The words in front of a number and what they make of it. Longest first, so that "no
# more than" is read before "more than". Matched on lowercase text, before the number only:
# in "551 more people were injured", "more" says nothing about 551.
QUALIFIER_PHRASES: dict[str, str] = dict(sorted({
    "more than": "more-than", "over": "more-than", "in excess of": "more-than",
    "upwards of": "more-than", "above": "more-than",
    "at least": "at-least", "no fewer than": "at-least", "no less than": "at-least",
    "not less than": "at-least", "a minimum of": "at-least",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "circa": "about",
    "approx.": "about", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "up to": "up-to", "as many as": "up-to", "at most": "up-to",
    "no more than": "up-to", "a maximum of": "up-to",
    "fewer than": LESS_THAN, "less than": LESS_THAN, "under": LESS_THAN, "below": LESS_THAN,
    "exactly": EXACT, "precisely": EXACT,
}.items(), key=lambda item: -len(item[0])))
QUALIFIER_AFTER = {"or more": "at-least", "or so": "about", "or fewer": "up-to",
                   "or less": "up-to"}
_BEFORE = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in QUALIFIER_PHRASES)
                     + r")\s+$")
_AFTER = re.compile(r"^\s+(" + "|".join(QUALIFIER_AFTER) + r")\b")
# A whole number: groups of three digits after a separator (comma, space, no-break spaces),
# or a plain run of digits; never a part of a decimal ("144.5") or of a longer number.
DIGITS = re.compile(r"(?<![\d.,])(\d{1,3}(?:([,\u00a0\u202f ])\d{3}(?:\2\d{3})*)|\d+)"
                    r"(?![\d]|[.,]\d)")


A_DIGIT = re.compile("[0-9]")  # one look for the first digit, done in C

WORD_MARKS = ",.;:!?()[]\"'-\u2013\u2014/\u201c\u201d\u2018\u2019\u2026"
"""What may stand around or between words in prose: read as a space (`words_of`)."""


@dataclass(frozen=True)
class Number:
    """A number written in a text: its value and where it is (start, end)."""

    value: int
    start: int
    end: int


def first_digit(text: str) -> int:
    """Where the first digit of `text` is, or -1: patterns that look behind at every place
    then start there (most text has few digits, late)."""
    found = A_DIGIT.search(text)
    return found.start() if found else -1


def digit_numbers(text: str) -> list[Number]:
    """Every whole number written in digits."""
    start = first_digit(text)
    if start < 0:
        return []
    return [Number(int(re.sub(r"\D", "", m[1])), m.start(1), m.end(1))
            for m in DIGITS.finditer(text, start)]


def qualifier_at(lowered: str, start: int, end: int) -> str:
    """How the words around the number at `start:end` of a lowercase text qualify it:
    a phrase right before it ("more than"), or right after ("or more"); `EXACT` if none."""
    return qualified(lowered, start, end)[0]


def qualified(lowered: str, start: int, end: int) -> tuple[str, int, int]:
    """The qualifier of the number at `start:end` (`qualifier_at`), and where the number
    and its qualifying words begin and end."""
    window = max(0, start - 24)
    # a qualifier before the number ends in a space right before it: else no pattern is run
    before = _BEFORE.search(lowered[window:start]) if lowered[start - 1:start].isspace() \
        else None
    if before:
        return QUALIFIER_PHRASES[before[1]], window + before.start(1), end
    after = _AFTER.match(lowered[end:end + 12])
    if after:
        return QUALIFIER_AFTER[after[1]], start, end + after.end(1)
    return EXACT, start, end


def number_words(value: int, language: str) -> tuple[str, ...]:
    """`value` in words of `language` (a code such as `en` or `pt-BR`), lowercase, in the
    usual variants ("one hundred and forty-four", "one hundred forty-four", "a hundred
    and forty four"); empty when num2words does not know the language."""
    from num2words import num2words  # type: ignore[import-untyped]

    try:
        said = num2words(value, lang=language.split("-")[0].lower()).lower()
    except (NotImplementedError, OverflowError):
        return ()
    forms = {said, said.replace(",", "")}
    forms |= {f.replace(" and ", " ") for f in forms}
    forms |= {f.replace("-", " ") for f in forms}
    forms |= {"a " + f[4:] for f in forms if f.startswith("one ")}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def words_of(text: str) -> list[str]:
    """The words of a text, without the punctuation around them (and hyphens split), each as
    often as it is written (what callers ask of them is `isdisjoint`, which takes a list)."""
    for mark in WORD_MARKS:
        if mark in text:  # most marks are not: a look is cheaper than a copy
            text = text.replace(mark, " ")
    return text.split()


class NumberWords:
    """The numbers of one language in words, as far as a reader of passages needs them,
    each worked out on first use and kept by whoever made this object (a check makes one
    per language, or a build cache keeps it): num2words is asked about each number once."""

    __slots__ = ("_pattern", "_said", "_small", "_tokens", "language")

    def __init__(self, language: str):
        self.language = language
        self._said: dict[int, tuple[str, ...]] = {}
        self._small: dict[str, int] | None = None
        self._pattern: re.Pattern[str] | None = None
        self._tokens: frozenset[str] | None = None

    def said(self, value: int) -> tuple[str, ...]:
        """`number_words(value)` in this language."""
        if value not in self._said:
            self._said[value] = number_words(value, self.language)
        return self._said[value]

    @property
    def small(self) -> dict[str, int]:
        """Two to ninety-nine in words, for spotting numbers in prose. One is left out: "one
        source", "one of the four" are rarely a count."""
        if self._small is None:
            self._small = {form: n for n in range(2, 100) for form in self.said(n)}
        return self._small

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """A pattern finding `small` in lowercase text, whole words only; None when the
        language has no number words."""
        if self._pattern is None and self.small:
            words = sorted(self.small, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words)
                                       + r")(?!\w)")
        return self._pattern

    @property
    def tokens(self) -> frozenset[str]:
        """Every word that can be part of a number from two to ninety-nine in words
        ("forty", "four"; the words of two to twenty and of the tens make all the others): a
        text none of whose words, split at hyphens, is one holds no small number in words."""
        if self._tokens is None:
            self._tokens = frozenset(w for n in (*range(2, 21), *range(30, 100, 10))
                                     for form in self.said(n)
                                     for w in form.replace("-", " ").split())
        return self._tokens



def word_numbers(lowered: str, words: NumberWords) -> list[Number]:
    """Numbers from two to ninety-nine written as words in a lowercase text."""
    pattern = words.pattern
    if pattern is None or words.tokens.isdisjoint(words_of(lowered)):
        return []  # the long pattern only where a number word may be
    table = words.small
    return [Number(table[m[1]], m.start(1), m.end(1)) for m in pattern.finditer(lowered)]


def find_words(lowered: str, value: int, words: NumberWords) -> list[Number]:
    """Where `value` is written in words in a lowercase text (whole words only: the "four"
    of "forty-four" is not four)."""
    if 2 <= value < 100:
        return [n for n in word_numbers(lowered, words) if n.value == value]
    found: list[Number] = []
    for form in words.said(value):
        start = lowered.find(form)
        while start >= 0:
            end = start + len(form)
            if _alone(lowered, start, end) and not any(
                    n.start <= start < n.end for n in found):
                found.append(Number(value, start, end))
            start = lowered.find(form, start + 1)
    return found


def _alone(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is whole words: no letter, digit or hyphen joined to it."""
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "-")) and (
        end == len(text) or not (text[end].isalnum() or text[end] == "-"))


def nearest(value: int, candidates: list[int]) -> int | None:
    """The candidate most like `value`: fewest digits to change, then closest in size
    ("quote has 40, value is 400")."""
    if not candidates:
        return None
    wanted = str(value)
    return min(candidates, key=lambda c: (_edits(str(c), wanted), abs(c - value), c))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        diagonal, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (x != y))
    return row[-1]


def sums_to(total: int, parts: list[int], limit: int = 12) -> tuple[int, ...] | None:
    """Two or more of `parts` (each used at most once) that add up to `total`, the fewest
    first; None if none do. Only the first `limit` parts are tried (2^limit sums at most)."""
    from itertools import combinations

    parts = parts[:limit]
    for size in range(2, len(parts) + 1):
        for chosen in combinations(parts, size):
            if sum(chosen) == total:
                return chosen
    return None
