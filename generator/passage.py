"""A passage of text (a quote) and what it says: the numbers, dates and phrases in it.

The passage is read in the comparison form of quote matching (`quotes.fold`: Unicode NFC,
whitespace, typographic quotes, apostrophes and dashes folded); each thing it holds is
worked out once, when first asked. Knows nothing about dossiers.
"""

from __future__ import annotations

import difflib
from functools import cached_property

import re

from .date_mentions import MONTH_NUMBERS, DateMention, DateParts, find_dates, find_times
from .numbers import Number, digit_numbers, find_words, number_tokens, qualifier_at, word_numbers
from .quotes import PUNCTUATION, fold

DIGIT = re.compile(r"[0-9]")
MONTH_TOKENS = frozenset(m.lower() for m in MONTH_NUMBERS)

CONTEXT = 60  # characters shown on each side of a marked place in a hint


class Passage:
    """One passage, and the language it is written in (a code such as `en`)."""

    def __init__(self, text: str, language: str = "en"):
        self.text, self.language = fold(text), language

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text)

    @cached_property
    def date_parts(self) -> DateParts:
        parts = DateParts(times=find_times(self.text))
        for mention in self.dates:
            parts.add(mention)
        return parts

    @cached_property
    def numbers(self) -> list[Number]:
        """Every whole number written in digits, but the day and year of a written date."""
        dated = [(d.start, d.end) for d in self.dates if d.spans_parts]
        return [n for n in digit_numbers(self.text)
                if not any(s <= n.start < e for s, e in dated)]

    def may_hold_figures(self) -> bool:
        """False when the passage surely holds no number or date (no digit, no number word,
        no month name): most prose, which then costs one look."""
        if DIGIT.search(self.text):
            return True
        words = set(self.lowered.replace("-", " ").replace(",", " ").replace(".", " ").split())
        return not (words.isdisjoint(MONTH_TOKENS) and
                    words.isdisjoint(number_tokens(self.language)))

    def mentions(self, value: int) -> list[tuple[Number, str]]:
        """Where `value` is written (in digits or words), each with its qualifier."""
        found = [n for n in self.numbers if n.value == value]
        found += find_words(self.lowered, value, self.language)
        return [(n, qualifier_at(self.lowered, n.start, n.end)) for n in found]

    def all_numbers(self) -> list[Number]:
        """Every number written in digits or as a small number in words, in text order."""
        return sorted(self.numbers + word_numbers(self.lowered, self.language),
                      key=lambda n: n.start)

    def find(self, phrase: str) -> int:
        """Where `phrase` is in the passage as whole words (-1 if not): folded as quotes
        are; a capital first letter may be small in the passage ("Next session" names "the
        next session"), and a passage in capitals names it too (a dateline's "ALMATY")."""
        wanted = fold(phrase)
        if not wanted:
            return -1
        forms = {wanted, wanted[0].swapcase() + wanted[1:], wanted.upper()}
        return min((at for form in forms if (at := whole(self.text, form)) >= 0), default=-1)

    def names(self, phrase: str) -> bool:
        return self.find(phrase) >= 0

    def closest(self, phrase: str) -> tuple[int, int] | None:
        """The run of words most like `phrase` (start, end), for a "did you mean" hint."""
        wanted, words = fold(phrase), _word_spans(self.text)
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


def whole(text: str, phrase: str) -> int:
    """The first place where `phrase` occurs in `text` as whole words, or -1."""
    start = text.find(phrase)
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
