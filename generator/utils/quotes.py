"""Finding a quoted passage in a text, the way the fact format defines "verbatim".

Two strings match when they are equal after Unicode NFC, folding runs of whitespace into one
space, and folding typographic quotes, apostrophes and dashes into their ASCII forms. Nothing
looser: no case folding, no fuzzy matching. Knows nothing about dossiers.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

TYPOGRAPHIC = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2039": "'", "\u203a": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ",
})
WHITESPACE = re.compile(r"\s+")
ONE_SPACE = re.compile(r"\s")
SPACE_RUN = re.compile(r" {2,}")
CANDIDATES = 8
HINT_WORDS = 120  # a longer quote is compared by its first words (the hint shows where)
MAX_OCCURRENCES = 10  # where one quote occurs more often, only its first places are kept
PUNCTUATION = "\"'.,;:!?()[]-"


def fold(text: str) -> str:
    """The comparison form of a passage."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).translate(TYPOGRAPHIC)).strip()


@dataclass
class FoldedText:
    """A text in comparison form, remembering where each folded character came from."""

    original: str
    folded: str = ""
    _folded_starts: list[int] = field(default_factory=list)
    _shifts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.original = unicodedata.normalize("NFC", self.original)
        # Each whitespace character becomes one space (same length, done in C); only runs of
        # two or more shorten the text, and only they need recording.
        spaced = ONE_SPACE.sub(" ", self.original.translate(TYPOGRAPHIC))
        pieces, position, shift = [], 0, 0
        for run in SPACE_RUN.finditer(spaced):
            pieces.append(spaced[position:run.start() + 1])
            position = run.end()
            shift += run.end() - run.start() - 1
            self._folded_starts.append(run.end() - shift)
            self._shifts.append(shift)
        pieces.append(spaced[position:])
        self.folded = "".join(pieces)

    def to_original(self, folded_index: int) -> int:
        at = bisect.bisect_right(self._folded_starts, folded_index)
        return folded_index + (self._shifts[at - 1] if at else 0)

    def find_all(self, passage: str) -> list[tuple[int, int]]:
        """The (start, end) in the original text of each place where `passage` occurs, not
        overlapping, the first `MAX_OCCURRENCES` of them; empty when it does not occur. (A
        short quote of a repetitive text would otherwise have as many places as the text
        has characters, and its source page as many highlights.)"""
        needle, start = fold(passage), 0
        spans: list[tuple[int, int]] = []
        while needle and len(spans) < MAX_OCCURRENCES and (
                found := self.folded.find(needle, start)) >= 0:
            end = self.to_original(found + len(needle) - 1) + 1
            spans.append((self.to_original(found), end))
            start = found + len(needle)
        return spans

    def closest(self, passage: str) -> str:
        """The passage of the text nearest to `passage`, with differing words marked as
        `[-missing-]{+in the text+}`, for a "did you mean" hint. Only the first `HINT_WORDS`
        words of a longer quote are compared (and the hint says so), which bounds the cost
        of a hint whatever a quote holds."""
        wanted, words = fold(passage).split(), self.folded.split()
        if not wanted or not words:
            return ""
        more = len(wanted) > HINT_WORDS
        wanted = wanted[:HINT_WORDS]
        start, end = _best_window([_bare(w) for w in wanted], [_bare(w) for w in words])
        return _word_diff(wanted, words[start:end]) + (" …" if more else "")


def _bare(word: str) -> str:
    """A word without the punctuation around it, so `"barbaric` still matches `barbaric`."""
    return word.strip(PUNCTUATION) or word


def _best_window(wanted: list[str], words: list[str]) -> tuple[int, int]:
    """The run of words most like `wanted`: most words in common, then closest in length.
    Candidates come from a linear count of shared words per window; only the best few are
    compared, by the words they share counted with repeats (linear in the window, where a
    word-by-word alignment of a repetitive quote is quadratic), so a hint costs
    milliseconds, not seconds."""
    size, present = len(wanted), set(wanted)
    counts = [0]
    for word in words:
        counts.append(counts[-1] + (word in present))
    candidates = heapq.nlargest(CANDIDATES, range(max(1, len(words) - size + 1)),
                                key=lambda s: (counts[min(len(words), s + size)] - counts[s], -s))
    needed = Counter(wanted)
    starts = sorted({s for c in candidates for s in range(max(0, c - 2), c + 3)})
    best_starts = heapq.nlargest(3, starts, key=lambda s: _shared(needed, words[s:s + size]))
    windows = [(s, s + n) for s in best_starts for n in range(max(1, size - 2), size + 3)]
    return max(windows, key=lambda w: (_shared(needed, words[w[0]:w[1]]),
                                       -abs(w[1] - w[0] - size), -w[0]))


def _shared(needed: Counter[str], window: list[str]) -> int:
    """How many words of `window` the quote has, each counted as often as both have it."""
    return sum((Counter(window) & needed).values())


def _word_diff(wanted: list[str], found: list[str]) -> str:
    out: list[str] = []
    # autojunk: a word that makes up much of a long quote ("a a a … b") would otherwise make
    # the alignment quadratic; the hint of an ordinary quote is the same either way
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, found, wanted).get_opcodes():
        if op == "equal":
            out.extend(found[a1:a2])
            continue
        if a2 > a1:
            out.append("{+" + " ".join(found[a1:a2]) + "+}")
        if b2 > b1:
            out.append("[-" + " ".join(wanted[b1:b2]) + "-]")
    return " ".join(out)


@dataclass
class Hints:
    """The "did you mean" passages of one check: each made once per text and quote, and
    for at most `limit` quotes of one text (beyond that, the check says the quote is not
    found without looking for the closest passage: each look walks the whole text)."""

    limit: int = 20
    made: dict[tuple[str, str], str] = field(default_factory=dict)
    per_text: Counter[str] = field(default_factory=Counter)
    found_in: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def closest(self, name: str, text: FoldedText, passage: str) -> str | None:
        """`text.closest(passage)` for the text called `name`, or None past the limit."""
        key = (name, passage)
        if key not in self.made:
            if self.per_text[name] >= self.limit:
                return None
            self.per_text[name] += 1
            self.made[key] = text.closest(passage)
        return self.made[key]

    def elsewhere(self, texts: Mapping[str, FoldedText], name: str, passage: str,
                  ) -> list[str]:
        """The names of the texts other than `name` in which `passage` occurs, sorted, for
        at most `limit` passages of one check (each search reads every text); beyond that,
        none."""
        key = (name, passage)
        if key not in self.found_in:
            if len(self.found_in) >= self.limit:
                return []
            needle = fold(passage)
            self.found_in[key] = sorted(other for other, text in texts.items()
                                        if other != name and needle in text.folded)
        return self.found_in[key]
