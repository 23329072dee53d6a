"""Support, one small rule per kind of statement: does a cited quote say what the statement
says? Verification (`check`) proves that the quote is in its source; these rules prove that
the quote holds the value: the number with its qualifier, the date's parts, the name, both
ends of a relation, the person and the step of a legal status. Numbers and dates written in
prose (summaries, claims, notes) must be in a quote too.

Each rule reads a statement and its verified quotes and returns what they lack
(`support_parts.Lack`); `judge` adds what a declared derivation changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..format.model import (
    Claim,
    Date,
    Derivation,
    DerivationKind,
    FigureValue,
    LegalStatus,
    LegalStatusKind,
    OrganisationReference,
    Participant,
    PlaceReference,
    Relation,
    Statement,
    Summary,
    Text,
    Value,
)
from ..utils.numbers import sums_to
from ..utils.passage import Passage, whole
from .support_dates import date_lack, dated_through, prose_lacks
from .support_parts import Ground, Lack, Quotes, names_lack, number_lack, wording

STEP_WORDS: dict[LegalStatusKind, tuple[str, ...]] = {
    LegalStatusKind.SUSPECTED: ("suspect", "suspicion"),
    LegalStatusKind.DETAINED: ("detain", "detention"),
    LegalStatusKind.ARRESTED: ("arrest",),
    LegalStatusKind.CHARGED: ("charge", "indict", "accused of"),
    LegalStatusKind.CONVICTED: ("convict", "found guilty", "sentenced"),
    LegalStatusKind.ACQUITTED: ("acquit", "found not guilty"),
    LegalStatusKind.RELEASED: ("release", "freed", "set free"),
}
"""The words (beginnings of words) by which a quote names each step of a criminal case."""


@dataclass(frozen=True)
class Verdict:
    """A statement's support: what its quotes lack (nothing: supported), whether it rests
    on the editor's declared reasoning, and the source whose publication date gave a year
    that no quote gives (the page says so)."""

    lacks: tuple[Lack, ...] = ()
    derived: bool = False
    year_from: str | None = None

    @property
    def supported(self) -> bool:
        return not self.lacks


Rule = Callable[[Any, Quotes, str, Ground], list[Lack]]
SUPPORTED = Verdict()  # the verdict of most statements, made once


def judge(statement: Statement, quotes: Quotes, owner: str, ground: Ground) -> Verdict:
    """The support of one statement of the record `owner` by its verified quotes."""
    rule = RULES.get(type(statement))
    lacks = rule(statement, quotes, owner, ground) if rule else []
    # a `Value`'s field, read where pydantic keeps it: `isinstance` on a model class asks its
    # metaclass, and `getattr` with a default goes through pydantic's `__getattr__`
    derivation: Derivation | None = statement.__dict__.get("derived")
    if derivation is None or not isinstance(statement, Value):
        if not lacks and not quotes.year_from:
            return SUPPORTED
        return Verdict(tuple(lacks), year_from=quotes.year_from[0] if quotes.year_from else None)
    if not lacks:
        # the page would call the source's own words the editor's: not supported as shown
        return Verdict((Lack("D418", ("derived",), "a quote states this value as it stands: "
                             f"it is not the editor's {derivation.kind.value}",
                             "remove `derived:` (the page then cites the quote alone)"),))
    return Verdict(tuple(derivation_lacks(statement, quotes)), derived=True)


def derivation_lacks(statement: Value, quotes: Quotes) -> list[Lack]:
    """What is wrong with a declared derivation: a kind that does not fit the statement, or a
    sum of numbers that the quotes do not hold."""
    assert statement.derived is not None
    kind = statement.derived.kind
    if not isinstance(statement, FITS[kind]):
        fits = " or ".join(sorted(WHAT[t] for t in FITS[kind]))
        return [Lack("D419", ("derived", "kind"), f"a `{kind.value}` derivation is for a {fits}",
                     "choose the kind that says how you arrived at the value (`reading` fits "
                     "most), or cite a quote that states it")]
    if kind is DerivationKind.SUM:
        assert isinstance(statement, FigureValue)
        parts = [n.value for c in quotes.items for n in c.passage.all_numbers()
                 if n.value != statement.value]
        if sums_to(statement.value, parts) is None:
            held = ", ".join(str(n) for n in sorted(set(parts))) or "no numbers"
            return [Lack("D419", ("value",), f"the cited quotes hold {held}, and no two or "
                         f"more of them add up to {statement.value}",
                         "cite the passages whose numbers make the sum, or correct the value")]
    return []


def _text(statement: Text, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    wanted = statement.quoted_as or statement.value
    if quotes.say(wanted) or any(c.passage.names(wanted) for c in quotes.items):
        return []
    key = "quoted_as" if statement.quoted_as else "value"
    near = _closest(quotes, wanted)
    if near is None:
        return [Lack("D414", (key,), f"\u201c{wanted}\u201d is not in its quote",
                     f"cite a passage that names it (\u201c{quotes.items[0].passage.shown()}"
                     "\u201d does not); for a title in the dossier's own words, add "
                     "`derived: {kind: title, reasoning: ...}`")]
    passage, (start, end) = near
    found = passage.text[start:end]
    return [Lack("D414", (key,), f"\u201c{wanted}\u201d is not in its quote, which has "
                 f"\u201c{found}\u201d", f"the quote, with its nearest words marked: "
                 f"\u201c{passage.marked(start, end)}\u201d; write the value as the quote has "
                 f"it, or keep yours and add `quoted_as: {found}` (the page shows both); for a "
                 "title in the dossier's own words, add `derived: {kind: title, reasoning: ...}`")]


def _closest(quotes: Quotes, wanted: str) -> tuple[Passage, tuple[int, int]] | None:
    for cited in quotes.items:
        if (span := cited.passage.closest(wanted)) is not None:
            return cited.passage, span
    return None


def _relation(statement: Relation, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    ends = [ground.names(owner), ground.names(statement.to)]
    return names_lack(quotes, ends, ("to",)) + wording(quotes, statement.role, ("role",),
                                                       "role")


def _participant(statement: Participant, quotes: Quotes, owner: str,
                 ground: Ground) -> list[Lack]:
    return names_lack(quotes, [ground.names(statement.entity)], ("entity",))


def _reference(statement: PlaceReference | OrganisationReference, quotes: Quotes,
               owner: str, ground: Ground) -> list[Lack]:
    return names_lack(quotes, [ground.names(statement.to)], ("to",))


def _legal_status(statement: LegalStatus, quotes: Quotes, owner: str,
                  ground: Ground) -> list[Lack]:
    person, words = ground.names(owner), STEP_WORDS[statement.status]
    lacks = []
    if person and not _plainly_stepped(quotes, person, words) and \
            not any(any(c.passage.names(n) for n in person) and
                    _says_step(c.passage.lowered, words) for c in quotes.items):
        lacks.append(Lack("D416", ("status",), f"no cited quote names {person[0]} and the step "
                          f"({', '.join(w + '…' for w in words)})",
                          f"cite a passage that says {person[0]} was {statement.status.value} "
                          f"(\u201c{quotes.items[0].passage.shown()}\u201d does not)"))
    if statement.when:
        lacks += date_lack(statement.when, ("when",), quotes, ground)
    return lacks + wording(quotes, statement.detail, ("detail",), "detail")


def _plainly_stepped(quotes: Quotes, person: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """The plain look: a quote names the person as written, and the step."""
    for citation in quotes.citations:
        quote = citation.quote
        for name in person:
            if name in quote and whole(quote, name) >= 0:
                if _says_step(quote.lower(), words):
                    return True
                break
    return False


def _says_step(text: str, words: tuple[str, ...]) -> bool:
    """Whether a lowercase text has a word that begins like one of `words` ("arrest" finds
    "arrested" and "under arrest", not "prearrest")."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            if at == 0 or not text[at - 1].isalnum():
                return True
            at = text.find(word, at + 1)
    return False


def _figure(statement: FigureValue, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    written = "qualifier" in statement.model_fields_set  # else the finding is at the value
    lacks = number_lack(statement.value, statement.qualifier.value, quotes,
                        ("qualifier" if written else "value",))
    if lacks and lacks[0].code == "D411":
        lacks = [replace(lacks[0], keys=("value",))]
    if statement.as_of:
        lacks += date_lack(statement.as_of, ("as_of",), quotes, ground)
    if statement.note:
        lacks += prose_lacks(statement.note, ("note",), quotes, ground)
    return lacks


def _claim(statement: Claim, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    lacks = date_lack(statement.when, ("when",), quotes, ground) if statement.when else []
    return lacks + prose_lacks(statement.content, ("content",), quotes, ground)


def _summary(statement: Summary, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    return prose_lacks(statement.value, ("value",), quotes, ground)


def _date(statement: Date, quotes: Quotes, owner: str, ground: Ground) -> list[Lack]:
    lacks: list[Lack] = []
    if statement.value and not dated_through(statement, ground):
        lacks += [replace(lack, hint=f"{lack.hint}; nor is it the date of {statement.after}, "
                          "which it follows") if statement.after else lack
                  for lack in date_lack(statement.value, ("value",), quotes, ground)]
    if statement.until:
        lacks += date_lack(statement.until, ("until",), quotes, ground)
    return lacks + wording(quotes, statement.label, ("label",), "label")


RULES: dict[type[Statement], Rule] = {
    Text: _text, Summary: _summary, Date: _date, Relation: _relation,
    Participant: _participant, PlaceReference: _reference, OrganisationReference: _reference,
    FigureValue: _figure, Claim: _claim, LegalStatus: _legal_status,
}
"""The rule for each kind of statement: a new kind of statement is one entry."""

FITS: dict[DerivationKind, tuple[type[Value], ...]] = {
    DerivationKind.SUM: (FigureValue,),
    DerivationKind.TITLE: (Text,),
    DerivationKind.READING: (Text, Date, Relation, Participant, PlaceReference,
                             OrganisationReference, FigureValue, LegalStatus),
}
"""The values each kind of derivation can stand for."""

WHAT = {Text: "name", Date: "date", Relation: "relation", Participant: "participant",
        PlaceReference: "place", OrganisationReference: "publisher", FigureValue: "figure value",
        LegalStatus: "legal status", Summary: "summary", Claim: "claim"}
