"""What support rules share: the quotes of a statement (`Quotes`, looked at as written before
they are read as passages), what the rules read of the rest of the dossier (`Ground`), and
the parts most rules check: a phrase in the source's words, the names of the things a
statement links, a number with its qualifier. Each check answers with the `Lack`s it finds.
Dates and prose are in `support_dates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..format.model import Citation, Date
from ..read.record import Keys
from ..utils.date_mentions import YEARS, DateParts
from ..utils.numbers import EXACT, LESS_THAN, Number, NumberWords, nearest, qualified, qualifier_at
from ..utils.passage import Passage, whole

GROUPED = re.compile(r"[,.\u00a0\u202f ]\d")  # a number going on after a separator


@dataclass(frozen=True)
class Lack:
    """What the quotes of a statement do not say: a finding's code, the keys of the value
    below the statement's, what is missing and the one step that fixes it."""

    code: str
    keys: Keys
    message: str
    hint: str


@dataclass(frozen=True)
class Cited:
    """One verified quote of a statement: its source's id and its passage."""

    source: str
    passage: Passage


class Quotes:
    """The verified quotes of one statement as written (source id and quote), read as
    passages only when a rule needs more than a plain look (`items`); and the sources
    whose publication date gave a year that none of them gives (the page says so)."""

    __slots__ = ("_items", "_parts", "_read", "citations", "year_from")

    def __init__(self, citations: Sequence[Citation], read: Callable[[str, str], Passage]):
        self.citations, self._read = citations, read
        self.year_from: tuple[str, ...] = ()  # most statements have none: no list each
        self._items: list[Cited] | None = None
        self._parts: DateParts | None = None

    @property
    def raw(self) -> Iterator[str]:
        """The quotes as written."""
        return (c.quote for c in self.citations)

    @property
    def items(self) -> list[Cited]:
        if self._items is None:
            self._items = [Cited(c.source, self._read(c.source, c.quote))
                           for c in self.citations]
        return self._items

    def say(self, phrase: str) -> bool:
        """Whether a quote has `phrase` as it is written, as whole words (the plain look that
        settles most statements; `Passage.names` then reads with folding and case)."""
        for citation in self.citations:
            quote = citation.quote
            at = quote.find(phrase)
            while at >= 0:  # `passage.whole`, written out: this is the commonest look
                end = at + len(phrase)
                if not (at and quote[at - 1].isalnum() and phrase[0].isalnum()) and not (
                        end < len(quote) and quote[end].isalnum() and phrase[-1].isalnum()):
                    return True
                at = quote.find(phrase, at + 1)
        return False

    def date_parts(self) -> DateParts:
        """The parts of dates all the quotes give together: the day may come from one, the
        year from another (pooled once, on first use)."""
        if self._parts is None:
            self._parts = DateParts()
            for cited in self.items:
                self._parts.update(cited.passage.date_parts)
        return self._parts

    def times(self) -> set[tuple[int, int]]:
        return {t for cited in self.items for t in cited.passage.times}


class Ground:
    """What the rules read besides a statement's own quotes: the names each thing of the
    dossier goes by, the year each source was published in (when that date is cited),
    each event's date with its quotes (for a date placed `after` it), and the number words
    of the dossier's own language (for its prose)."""

    def __init__(self, names: Callable[[str], tuple[str, ...]],
                 published: Callable[[str], int | None],
                 event_date: Callable[[str], tuple[Date | None, Quotes | None] | None],
                 words: NumberWords):
        self.names, self.published, self.event_date = names, published, event_date
        self.words = words


def wording(quotes: Quotes, value: str | None, keys: Keys, what: str) -> list[Lack]:
    """A role, detail or label written "as the source words it" must be in a quote."""
    if not value or quotes.say(value) or any(c.passage.names(value) for c in quotes.items):
        return []
    return [Lack("D414", keys, f"the {what} \u201c{value}\u201d is not in its quotes",
                 f"use the quote's own words for the {what}, or cite the passage that has them")]


def _names_all(quote: str, ends: list[tuple[str, ...]]) -> bool:
    """Whether a quote, as written, names every end by one of its names."""
    for names in ends:
        for name in names:
            if name in quote and whole(quote, name) >= 0:
                break
        else:
            return False
    return True


def _names_any(passage: Passage, names: tuple[str, ...]) -> bool:
    return any(passage.names(name) for name in names)


def names_lack(quotes: Quotes, ends: list[tuple[str, ...]], keys: Keys) -> list[Lack]:
    """One quote must name every end of a relation or reference (each the names a thing
    goes by, its name first); a thing without names (an unknown id, which resolve reports)
    counts as named."""
    ends = [names for names in ends if names]
    if not ends:
        return []
    for citation in quotes.citations:  # the plain look: each end named as written
        if _names_all(citation.quote, ends):
            return []
    items = quotes.items
    if any(all(_names_any(c.passage, n) for n in ends) for c in items):
        return []
    best = max(items, key=lambda c: sum(_names_any(c.passage, n) for n in ends))
    missing = [n[0] for n in ends if not _names_any(best.passage, n)]
    named = [n[0] for n in ends if _names_any(best.passage, n)]
    said = (f"the quote names {' and '.join(named)} but not {missing[0]}" if named
            else f"no cited quote names {' or '.join(missing)}")
    whom = "both ends" if len(ends) > 1 else missing[0]
    return [Lack("D415", keys, said, f"cite a passage that names {whom} (\u201c"
                 f"{best.passage.shown()}\u201d does not), or add the quote's short form of "
                 f"{missing[0]} to `short_forms:` in its file; for your own reading, add "
                 "`derived: {kind: reading, reasoning: ...}`")]


def number_lack(value: int, qualifier: str, quotes: Quotes, keys: Keys,
                written: str = "") -> list[Lack]:
    """`value` must be in a quote, in digits or words, qualified as `qualifier` says. With
    `written` (the words of prose that hold the number), the lack is one of prose (D417)."""
    if not written and _plainly_said(value, qualifier, quotes):
        return []
    found = [(c.passage, n, q) for c in quotes.items for n, q in c.passage.mentions(value)]
    if not found:
        return [_missing_number(value, quotes, keys, written)]
    if any(q == qualifier for _, _, q in found):
        return []
    return [_qualifier_lack(value, qualifier, found[0], keys, written)]


def _qualifier_lack(value: int, qualifier: str, found: tuple[Passage, Number, str],
                    keys: Keys, written: str) -> Lack:
    """The quote qualifies the number otherwise: say how, and what to write."""
    passage, number, said = found
    _, start, end = qualified(passage.lowered, number.start, number.end)
    quote_words = passage.text[start:end]
    if written:
        mine, fix = f"\u201c{written}\u201d is written", \
            f"write it as the quote does, \u201c{quote_words}\u201d"
    else:
        mine = "the value has no qualifier" if qualifier == EXACT else \
            f"the value says \u201c{qualifier.replace('-', ' ')} {value}\u201d"
        fix = QUALIFIER_FIXES.get(said, f"write `qualifier: {said}`")
    return Lack("D417" if written else "D412", keys, f"the quote says \u201c{quote_words}"
                f"\u201d, {mine}", f"the quote: \u201c{passage.marked(number.start, number.end)}"
                f"\u201d; {fix}")


QUALIFIER_FIXES = {
    LESS_THAN: "the format has no qualifier for that: cite a passage that gives the number "
               "otherwise",
    EXACT: "remove `qualifier:` (an exact number is shown without a word)",
}


def _plainly_said(value: int, qualifier: str, quotes: Quotes) -> bool:
    """The plain look for a number: a quote writes it in digits, alone (not part of a larger
    number, and too large for a day, too small for a year), with the qualifier wanted."""
    if not 31 < value < YEARS.start:
        return False
    digits = str(value)
    for quote in quotes.raw:
        at = whole(quote, digits)
        while at >= 0:
            end = at + len(digits)
            if (at == 0 or quote[at - 1] not in ",.\u00a0\u202f") and \
                    not GROUPED.match(quote, end) and \
                    qualifier_at(quote.lower(), at, end) == qualifier:
                return True
            at = whole(quote, digits, end)
    return False


def _missing_number(value: int, quotes: Quotes, keys: Keys, written: str) -> Lack:
    every = [(c.passage, n) for c in quotes.items for n in c.passage.all_numbers()]
    best = nearest(value, [n.value for _, n in every])
    code, mine = ("D417", f"\u201c{written}\u201d") if written else ("D411", f"value is {value}")
    if best is None:
        return Lack(code, keys, f"no cited quote has the number {value}",
                    "cite the passage that gives the number, in digits or words")
    passage, number = next((p, n) for p, n in every if n.value == best)
    fix = (f"if the source is right, write {best}; otherwise cite the passage that says "
           f"{value}" if not written else f"write the number as the quote gives it, or cite "
           f"the passage that says {value}")
    return Lack(code, keys, f"quote has {best}, {mine}", f"the quote, with the nearest number "
                f"marked: \u201c{passage.marked(number.start, number.end)}\u201d; {fix}")
