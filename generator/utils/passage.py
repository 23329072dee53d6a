"""A passage of text (a quote) and what it says: the numbers, dates and phrases in it.

The passage is read in the comparison form of quote matching (`quotes.fold`: Unicode NFC,
whitespace, typographic quotes, apostrophes and dashes folded); each thing it holds is
worked out once, when first asked. Knows nothing about dossiers.
"""

from __future__ import annotations

import difflib

from .date_mentions import MONTH_NUMBERS, DateMention, DateParts, find_dates, find_times
from .numbers import (
    Number,
    NumberWords,
    digit_numbers,
    find_words,
    qualifier_at,
    word_numbers,
    words_of,
)
from .quotes import PUNCTUATION, fold

MONTH_TOKENS = frozenset(m.lower() for m in MONTH_NUMBERS)

CONTEXT = 60  # characters shown on each side of a marked place in a hint


def folded(text: str) -> str:
    """`quotes.fold`, at a tenth of the cost for text in plain ASCII (most quotes), which
    has nothing to normalise: only its runs of whitespace are folded."""
    return " ".join(text.split()) if text.isascii() else fold(text)


def figure_words(text: str, words: NumberWords) -> bool:
    """Whether a text has a month name or a number in words (of two to ninety-nine), told
    from its words, whatever punctuation stands around them ("(four", "six.\u201d"): one
    look, no reading."""
    seen = words_of(text.lower())
    return not (MONTH_TOKENS.isdisjoint(seen) and words.tokens.isdisjoint(seen))


class Passage:
    """One passage, and the number words of the language it is written in. What it holds
    is worked out on first use and kept (plain attributes: `functools.cached_property`
    takes a lock per call, a tenth of the support stage's time)."""

    __slots__ = ("_dates", "_lowered", "_numbers", "_parts", "_times", "text", "words")

    def __init__(self, text: str, words: NumberWords):
        self.text, self.words = folded(text), words
        self._lowered: str | None = None
        self._dates: list[DateMention] | None = None
        self._parts: DateParts | None = None
        self._numbers: list[Number] | None = None
        self._times: set[tuple[int, int]] | None = None

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    @property
    def dates(self) -> list[DateMention]:
        if self._dates is None:
            self._dates = find_dates(self.text)
        return self._dates

    @property
    def date_parts(self) -> DateParts:
        """The years, months and days the passage gives (times of day: `times`)."""
        if self._parts is None:
            self._parts = DateParts()
            for mention in self.dates:
                self._parts.add(mention)
        return self._parts

    @property
    def times(self) -> set[tuple[int, int]]:
        if self._times is None:
            self._times = find_times(self.text)
        return self._times

    @property
    def numbers(self) -> list[Number]:
        """Every whole number written in digits, but the day and year of a written date."""
        if self._numbers is None:
            dated = [(d.start, d.end) for d in self.dates if d.spans_parts]
            self._numbers = [n for n in digit_numbers(self.text)
                             if not any(s <= n.start < e for s, e in dated)]
        return self._numbers

    def mentions(self, value: int) -> list[tuple[Number, str]]:
        """Where `value` is written (in digits or words), each with its qualifier."""
        found = [n for n in self.numbers if n.value == value]
        found += find_words(self.lowered, value, self.words)
        return [(n, qualifier_at(self.lowered, n.start, n.end)) for n in found]

    def all_numbers(self) -> list[Number]:
        """Every number written in digits or as a small number in words, in text order."""
        return sorted(self.numbers + word_numbers(self.lowered, self.words),
                      key=lambda n: n.start)

    def find(self, phrase: str) -> int:
        """Where `phrase` is in the passage as whole words (-1 if not): folded as quotes
        are; a capital first letter may be small in the passage ("Next session" names "the
        next session"), and a passage in capitals names it too (a dateline's "ALMATY")."""
        wanted = folded(phrase)
        if not wanted or wanted.lower() not in self.lowered:  # no form of it can be there
            return -1
        forms = {wanted, wanted[0].swapcase() + wanted[1:], wanted.upper()}
        return min((at for form in forms if (at := whole(self.text, form)) >= 0), default=-1)

    def names(self, phrase: str) -> bool:
        return self.find(phrase) >= 0

    def closest(self, phrase: str) -> tuple[int, int] | None:
        """The run of words most like `phrase` (start, end), for a "did you mean" hint."""
        wanted, words = folded(phrase), _word_spans(self.text)
        size = len(wanted.split())
        best, score = None, 0.0
        for i in range(len(words)):
            for n in (size - 1, size, size + 1):
                if n < 1 or i + n > len(words):
                    continue
                start, end = words[i][0], words[i + n - 1][1]
                ratio = difflib.SequenceMatcher(None, wanted.lower(),
                                                self.lowered[start:end]).ratio()
                if ratio > score:
                    best, score = (start, end), ratio
        if best is None or score < 0.6:
            return None
        start, end = best
        while end > start + 1 and self.text[end - 1] in PUNCTUATION:
            end -= 1
        while start < end - 1 and self.text[start] in PUNCTUATION:
            start += 1
        return start, end

    def marked(self, start: int, end: int) -> str:
        """The passage around `start:end`, with that part marked `{+…+}`."""
        left, right = max(0, start - CONTEXT), min(len(self.text), end + CONTEXT)
        return ("\u2026" if left else "") + self.text[left:start] + "{+" + \
            self.text[start:end] + "+}" + self.text[end:right] + (
                "\u2026" if right < len(self.text) else "")

    def shown(self) -> str:
        """The passage as a hint shows it: whole if short, else its start."""
        limit = 2 * CONTEXT
        return self.text if len(self.text) <= limit else self.text[:limit] + "\u2026"


def whole(text: str, phrase: str, start: int = 0) -> int:
    """The first place from `start` where `phrase` occurs in `text` as whole words, or -1."""
    start = text.find(phrase, start)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (phrase[0].isalnum() and before.isalnum()) and not (
                phrase[-1].isalnum() and after.isalnum()):
            return start
        start = text.find(phrase, start + 1)
    return -1


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, char in enumerate(text + " "):
        if char == " ":
            if start is not None:
                spans.append((start, index))
            start = None
        elif start is None:
            start = index
    return spans
